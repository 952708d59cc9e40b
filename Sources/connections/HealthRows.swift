import ConnectionsCore
import Foundation

/// What `show` and `status` print of a connection's health, as label and value rows.
enum HealthRows {
    static func rows(_ health: ConnectionHealth, now: Date) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let account = health.account { rows.append(("Signed in as", account)) }
        if let refreshed = health.lastRefreshAt { rows.append(("Last refresh", Self.past(refreshed, now: now))) }
        if let verified = health.lastVerifiedAt {
            let result = health.lastVerificationPassed == false ? "failed" : "passed"
            rows.append(("Last verified", Self.past(verified, now: now) + ", " + result))
        }
        if let dies = health.refreshTokenExpiresAt {
            let when = Timestamp.relative(dies, now: now)
            rows.append(("Refresh token", dies <= now ? when : "unused, the refresh token expires \(when)"))
        }
        if let error = health.lastError {
            let times = health.consecutiveFailures > 1 ? " (\(health.consecutiveFailures) times in a row)" : ""
            rows.append(("Last error", error + times))
        }
        return rows
    }

    static func past(_ date: Date, now: Date) -> String { Timestamp.iso8601(date) + " (" + Timestamp.ago(date, now: now) + ")" }
}
