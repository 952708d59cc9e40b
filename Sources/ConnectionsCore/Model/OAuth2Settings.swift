public struct OAuth2Settings: Sendable, Equatable, Codable {
    public enum Grant: String, Sendable, Codable, CaseIterable {
        case authorizationCode = "authorization_code"
        case clientCredentials = "client_credentials"
        case deviceCode = "device_code"
    }

    public enum ScopeDelimiter: String, Sendable, Codable, CaseIterable {
        case space, comma, plus

        public var separator: String {
            switch self {
            case .space: " "
            case .comma: ","
            case .plus: "+"
            }
        }
    }

    /// How the client proves itself at the token endpoint.
    public enum ClientAuth: String, Sendable, Codable, CaseIterable {
        case body
        case basic
    }

    /// How the token and refresh requests encode their body; form is the RFC's, some providers want JSON.
    public enum RequestFormat: String, Sendable, Codable, CaseIterable {
        case form
        case json
    }

    public enum TokenPlacement: String, Sendable, Codable, CaseIterable {
        case header
        case query
    }

    public var grant: Grant = .authorizationCode
    public var clientID: String = ""
    public var clientSecret: Secret?
    public var authorizeURL: String = ""
    public var tokenURL: String = ""
    /// Empty means: refresh at the token URL.
    public var refreshURL: String = ""
    public var revokeURL: String = ""
    public var deviceAuthorizationURL: String = ""
    public var scopes: [String] = []
    /// RFC 8707: the protected resource the tokens are for (an API's or an MCP server's URL), sent when signing in,
    /// exchanging the code and refreshing, so that the authorization server can restrict the tokens to it.
    public var resource: String?
    /// The authorization server's issuer (RFC 8414), when the service was discovered; its metadata and the `iss` of
    /// an authorization response must name exactly this.
    public var issuer: String?
    /// RFC 9207: the issuer says it names itself (`iss`) in every authorization response; one without it is refused.
    public var issuerInResponses: Bool?
    /// OpenID Connect: where the issuer publishes the keys that sign its ID tokens; with `issuer`, an ID token in a
    /// token response is checked and names the account.
    public var jwksURL: String?
    /// RFC 7591: where a client registers itself, and (RFC 7592) where this client's registration is managed, with
    /// the token that manages it.
    public var registrationEndpoint: String?
    public var registrationClientURI: String?
    public var registrationAccessToken: Secret?
    public var scopeDelimiter: ScopeDelimiter = .space
    public var tokenPlacement: TokenPlacement = .header
    /// Header name for `.header` placement, parameter name for `.query`.
    public var tokenParameter: String = "Authorization"
    /// Prefix before the token in a header, e.g. `Bearer`; empty sends the bare token.
    public var tokenPrefix: String = "Bearer"
    public var clientAuth: ClientAuth = .body
    public var pkce: Bool = true
    public var tokenRequestFormat: RequestFormat = .form
    public var authorizeParams: [KeyValue] = []
    public var tokenParams: [KeyValue] = []
    public var refreshParams: [KeyValue] = []
    /// Loopback port for the redirect URI: nil for our default, 0 for any free port (for providers that accept
    /// any port on 127.0.0.1, as RFC 8252 §7.3 asks).
    public var redirectPort: Int?

    public init() {}

    /// Our loopback redirect port when a service names none; register `redirectURI` at the provider.
    public static let defaultRedirectPort = 53134

    /// What to register at the provider; with port 0 the provider must accept any port on 127.0.0.1.
    public var redirectURI: String {
        let port = redirectPort ?? Self.defaultRedirectPort
        return port == 0 ? "http://127.0.0.1/callback" : "http://127.0.0.1:\(port)/callback"
    }

    public var effectiveRefreshURL: String { refreshURL.isEmpty ? tokenURL : refreshURL }
}
