import Foundation

/// Where one credential of a connection goes in a request, and which value it is: what `invoke` puts there, and
/// what a snippet fetches at run time with `connections token LINK` plus `tokenArguments`.
public struct CredentialUse: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// The OAuth 2 access token.
        case accessToken
        /// `user:password` in base64, what follows `Authorization: Basic `.
        case basic
        /// An API key row's value, by its key.
        case key(String, label: String)
    }

    public var placement: Placement
    public var name: String
    /// Text before the value, e.g. `Bearer `.
    public var prefix: String
    public var source: Source

    /// Extra arguments after `connections token LINK`.
    public var tokenArguments: [String] {
        if case .key(let key, _) = source { return ["--key", key] }
        return []
    }

    public static let basic = CredentialUse(placement: .header, name: "Authorization", prefix: "Basic ", source: .basic)

    public init(_ field: APIKeyField) {
        self.init(placement: field.placement, name: field.key, prefix: field.prefix, source: .key(field.key, label: field.label))
    }

    init(placement: Placement, name: String, prefix: String, source: Source) {
        self.placement = placement
        self.name = name
        self.prefix = prefix
        self.source = source
    }

    /// Nil for OAuth 1, whose signature covers the whole request: snippets call `connections invoke` instead.
    static func uses(for auth: AuthScheme) -> [CredentialUse]? {
        switch auth {
        case .oauth2(let settings):
            let placement: Placement = settings.tokenPlacement == .header ? .header : .query
            let prefix = settings.tokenPlacement == .header && !settings.tokenPrefix.isEmpty ? settings.tokenPrefix + " " : ""
            return [CredentialUse(placement: placement, name: settings.tokenParameter, prefix: prefix, source: .accessToken)]
        case .basic:
            return [basic]
        case .apiKey(let fields):
            return fields.map(CredentialUse.init)
        case .oauth1:
            return nil
        }
    }

    /// The value `connections token` prints for this use, and `invoke` sends after the prefix.
    public func value(in connection: Connection) throws(InvokeError) -> Secret {
        let link = connection.linkName
        switch source {
        case .accessToken:
            guard let token = connection.tokens?.accessToken else { throw .missingCredential(linkName: link, what: "access token") }
            return token
        case .basic:
            guard let user = connection.credentials["username"]?.exposedValue,
                let password = connection.credentials["password"]?.exposedValue
            else {
                throw .missingCredential(linkName: link, what: "username and password")
            }
            return Secret(Data("\(user):\(password)".utf8).base64EncodedString())
        case .key(let key, let label):
            guard let value = connection.credentials[key] else { throw .missingCredential(linkName: link, what: label) }
            return value
        }
    }
}
