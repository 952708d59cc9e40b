import Foundation

/// One credential of a connection as another program takes it (`token`, `exec`, the git helper): the value, the
/// header value it travels in, and when it stops working.
public struct ConnectionCredential: Sendable {
    public enum Kind: Sendable, Equatable {
        /// An OAuth access token (OAuth 1's without its secret).
        case accessToken
        /// An API key row's value, by its key.
        case apiKey(String)
        /// `user:password` in base64; the parts are in `username` and `password`.
        case basic
    }

    public var kind: Kind
    /// What `connections token` prints: the token, the key, or for Basic what follows `Basic `.
    public var value: Secret
    /// The whole value of the header that carries it (`Bearer abc`, `Basic dXNlcjpwdw==`); nil when the service puts it
    /// in the query or the form.
    public var headerValue: Secret?
    /// Basic only: the stored user name and password.
    public var username: String?
    public var password: Secret?
    /// Nil when unknown (an API key, a token without `expires_in`).
    public var expiresAt: Date?
    /// Set when a refresh failed and the token in hand, still valid, was given instead.
    public var warning: String?

    /// Printable ASCII only, as RFC 6749 says a token is: nothing that could split a header, a line of a protocol, or
    /// drive a terminal.
    public static func isPrintable(_ value: Secret) -> Bool {
        !value.isEmpty && value.exposedValue.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }
}

extension Invoker {
    /// The connection's credential, an OAuth token refreshed first when it expires within `margin` seconds (or always,
    /// with `forceRefresh`). `key`: which API key row, when the service has several.
    public func credential(
        _ linkName: String, key: String? = nil, margin: TimeInterval = 60, forceRefresh: Bool = false, timeout: TimeInterval = 30
    ) async throws -> ConnectionCredential {
        var connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        var warning: String?
        let use: CredentialUse?
        switch service.auth {
        case .apiKey(let fields):
            try Self.checkUsable(connection)
            guard let name = key ?? (fields.count == 1 ? fields.first?.key : nil) else {
                throw CredentialChoiceError.severalKeys(linkName: linkName, keys: fields.map(\.key))
            }
            guard let field = fields.first(where: { $0.key == name }) else {
                throw CredentialChoiceError.noSuchKey(linkName: linkName, key: name, keys: fields.map(\.key))
            }
            use = CredentialUse(field)
        case .basic:
            try Self.checkUsable(connection)
            use = .basic
        case .oauth1, .oauth2:
            let fresh = try await TokenProvider(workspace: workspace, http: http, timeout: timeout).freshConnection(
                linkName, margin: margin, forceRefresh: forceRefresh)
            connection = fresh.connection
            warning = fresh.warning
            use = CredentialUse.uses(for: service.auth)?.first
        }
        let value: Secret
        if let use {
            value = try use.value(in: connection)
        } else {
            guard let token = connection.tokens?.accessToken else {
                throw ConnectError.notConnected(linkName: linkName, status: "without a token")
            }
            value = token
        }
        guard ConnectionCredential.isPrintable(value) else { throw CredentialChoiceError.unprintable(linkName: linkName) }
        var credential = ConnectionCredential(
            kind: .accessToken, value: value,
            headerValue: use.flatMap { $0.placement == .header ? Secret($0.prefix + value.exposedValue) : nil },
            expiresAt: connection.tokens?.expiresAt, warning: warning)
        switch use?.source {
        case .basic:
            credential.kind = .basic
            credential.username = connection.credentials["username"]?.exposedValue
            credential.password = connection.credentials["password"]
        case .key(let key, _):
            credential.kind = .apiKey(key)
            credential.expiresAt = nil
        case .accessToken, nil: break
        }
        return credential
    }
}

/// Why a connection's credential could not be handed out as asked.
public enum CredentialChoiceError: Error, Sendable, Equatable, CustomStringConvertible {
    case severalKeys(linkName: String, keys: [String])
    case noSuchKey(linkName: String, key: String, keys: [String])
    case unprintable(linkName: String)
    case notInHeader(linkName: String)

    public var description: String {
        switch self {
        case .severalKeys(let linkName, let keys): "\(linkName) has \(keys.count) keys: choose one (\(keys.joined(separator: ", ")))."
        case .noSuchKey(let linkName, let key, let keys): "\(linkName) has no key '\(key)' (it has \(keys.joined(separator: ", ")))."
        case .unprintable(let linkName):
            "The stored credential of \(linkName) holds characters a token may not contain (line breaks or control characters), so it "
                + "is not handed out. Connect \(linkName) again."
        case .notInHeader(let linkName):
            "\(linkName) sends its credential in the query string or the form, not in a header: take the value itself (--env)."
        }
    }
}
