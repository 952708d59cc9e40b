/// How one credential of a connection goes into a request in a snippet: fetched at run time with `connections token`.
struct CredentialUse: Equatable {
    var placement: Placement
    var name: String
    /// Text before the token, e.g. `Bearer `.
    var prefix: String
    /// Extra arguments after `connections token LINK`.
    var tokenArguments: [String]

    /// Nil for OAuth 1, whose signature covers the whole request: snippets call `connections invoke` instead.
    static func uses(for auth: AuthScheme) -> [CredentialUse]? {
        switch auth {
        case .oauth2(let settings):
            let placement: Placement = settings.tokenPlacement == .header ? .header : .query
            let prefix = settings.tokenPlacement == .header && !settings.tokenPrefix.isEmpty ? settings.tokenPrefix + " " : ""
            return [CredentialUse(placement: placement, name: settings.tokenParameter, prefix: prefix, tokenArguments: [])]
        case .basic:
            return [CredentialUse(placement: .header, name: "Authorization", prefix: "Basic ", tokenArguments: [])]
        case .apiKey(let fields):
            return fields.map { CredentialUse(placement: $0.placement, name: $0.key, prefix: $0.prefix, tokenArguments: ["--key", $0.key]) }
        case .oauth1:
            return nil
        }
    }
}
