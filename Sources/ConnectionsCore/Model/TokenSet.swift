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
    /// When the provider gave this token; with `expiresAt`, its lifetime.
    public var obtainedAt: Date?
    /// Scopes the provider says it granted, when it says.
    public var grantedScopes: [String]?
    /// Other token-response fields worth keeping, e.g. `instance_url`, `api_domain`.
    public var extra: [String: String]
    /// When the refresh token dies, when the provider says (`refresh_token_expires_in`); kept in the connection's
    /// health, not with the tokens.
    public var refreshExpiresAt: Date?
    /// OpenID Connect: the ID token that came with these tokens, checked when signing in; never stored.
    public var idToken: String?

    public init(
        accessToken: Secret, refreshToken: Secret? = nil, tokenSecret: Secret? = nil, tokenType: String = "Bearer",
        expiresAt: Date? = nil, obtainedAt: Date? = nil, grantedScopes: [String]? = nil, extra: [String: String] = [:]
    ) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.tokenSecret = tokenSecret
        self.tokenType = tokenType
        self.expiresAt = expiresAt
        self.obtainedAt = obtainedAt
        self.grantedScopes = grantedScopes
        self.extra = extra
    }

    public func isExpired(at now: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= margin
    }

    /// Whether to refresh ahead of expiry: within `margin` of it, but never within the first half of the token's
    /// life. A token that lives shorter than the margin would otherwise be refreshed again by every process that
    /// sees it just after it was obtained, each refresh revoking the token the others were just given.
    public func wantsRefresh(at now: Date, margin: TimeInterval) -> Bool {
        guard let expiresAt else { return false }
        var effective = max(0, margin)
        if let obtainedAt, expiresAt > obtainedAt { effective = min(effective, expiresAt.timeIntervalSince(obtainedAt) / 2) }
        return expiresAt.timeIntervalSince(now) <= effective
    }
}
