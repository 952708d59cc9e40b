import Foundation

/// What an authorization left us with. Tokens are secrets; the rest is not.
public struct TokenSet: Sendable, Equatable, Codable {
    public var accessToken: Secret
    public var refreshToken: Secret?
    /// OAuth 1 token secret.
    public var tokenSecret: Secret?
    public var tokenType: String
    /// Nil means the lifetime is unknown: valid until the provider says otherwise.
    public var expiresAt: Date?
    /// Scopes the provider says it granted, when it says.
    public var grantedScopes: [String]?
    /// Other token-response fields worth keeping, e.g. `instance_url`, `api_domain`.
    public var extra: [String: String]

    public init(
        accessToken: Secret, refreshToken: Secret? = nil, tokenSecret: Secret? = nil, tokenType: String = "Bearer",
        expiresAt: Date? = nil, grantedScopes: [String]? = nil, extra: [String: String] = [:]
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenSecret = tokenSecret
        self.tokenType = tokenType
        self.expiresAt = expiresAt
        self.grantedScopes = grantedScopes
        self.extra = extra
    }

    public func isExpired(at now: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= margin
    }
}
