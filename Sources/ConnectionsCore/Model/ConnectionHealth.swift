import Foundation

/// What is remembered of a connection's use: the account it is signed in as, and how its last refresh and its last
/// check went. Stored with the connection in both stores; no secret is in it.
public struct ConnectionHealth: Sendable, Equatable {
    /// Who it is signed in as: from the OpenID Connect `id_token`, the userinfo endpoint or the service's whoami.
    public var account: String?
    public var lastRefreshAt: Date?
    public var lastVerifiedAt: Date?
    /// Whether the last check (whoami or verify) passed.
    public var lastVerificationPassed: Bool?
    /// What went wrong in the last refresh or check that failed; nil once one passes.
    public var lastError: String?
    public var consecutiveFailures: Int
    /// When the refresh token dies if unused: the provider's `refresh_token_expires_in`, or the service's
    /// documented idle lifetime counted from the last refresh.
    public var refreshTokenExpiresAt: Date?
    /// When the last refresh or check failed (nil once one passes): with `consecutiveFailures`, when keep-alive tries
    /// again.
    public var lastFailureAt: Date?

    public init(
        account: String? = nil, lastRefreshAt: Date? = nil, lastVerifiedAt: Date? = nil, lastVerificationPassed: Bool? = nil,
        lastError: String? = nil, consecutiveFailures: Int = 0, refreshTokenExpiresAt: Date? = nil, lastFailureAt: Date? = nil
    ) {
        self.lastFailureAt = lastFailureAt
        self.account = account
        self.lastRefreshAt = lastRefreshAt
        self.lastVerifiedAt = lastVerifiedAt
        self.lastVerificationPassed = lastVerificationPassed
        self.lastError = lastError
        self.consecutiveFailures = consecutiveFailures
        self.refreshTokenExpiresAt = refreshTokenExpiresAt
    }

    /// A refresh or a check that worked: failures forgotten.
    mutating func succeeded() {
        lastError = nil
        consecutiveFailures = 0
        lastFailureAt = nil
    }

    /// A refresh (or a sign-in) that gave `tokens` at `now`: the refresh token's death moves with it.
    mutating func refreshed(at now: Date, tokens: TokenSet, service: Service) {
        lastRefreshAt = now
        succeeded()
        if tokens.refreshToken == nil {
            refreshTokenExpiresAt = nil
        } else if let stated = tokens.refreshExpiresAt {
            refreshTokenExpiresAt = stated
        } else if let days = service.refreshTokenIdleDays {
            refreshTokenExpiresAt = now.addingTimeInterval(Double(days) * 86_400)
        }
    }

    mutating func failed(_ message: String, at now: Date = Date()) {
        lastError = TerminalText.safe(message, limit: 300)
        consecutiveFailures += 1
        lastFailureAt = now
    }

    /// Until when keep-alive leaves a failing connection alone: 15 minutes after the first failure, doubling with
    /// each one after it, at most a day; nil when nothing failed. A dead grant is not hammered, a passing outage is
    /// soon retried.
    public var retryAfter: Date? {
        guard consecutiveFailures > 0, let last = lastFailureAt else { return nil }
        let doublings = Double(min(consecutiveFailures - 1, 16))
        return last.addingTimeInterval(min(15 * 60 * pow(2, doublings), 86_400))
    }

    /// What needs the user's attention, in a few words, or nil: a refresh token about to die unused, a failing check.
    public func attention(now: Date) -> String? {
        if let dies = refreshTokenExpiresAt, dies.timeIntervalSince(now) < Self.warnBeforeRefreshTokenDies {
            return dies <= now ? "the refresh token has expired" : "the refresh token expires \(Timestamp.relative(dies, now: now))"
        }
        if consecutiveFailures > 0 { return consecutiveFailures == 1 ? "the last attempt failed" : "\(consecutiveFailures) failures" }
        if lastVerificationPassed == false { return "the last check failed" }
        return nil
    }

    /// How early `attention` warns that an unused refresh token will die.
    public static let warnBeforeRefreshTokenDies: TimeInterval = 14 * 86_400
}
