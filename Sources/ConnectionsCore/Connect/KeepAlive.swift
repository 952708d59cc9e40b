import Foundation

/// `connections refresh --due`, run from a timer: refreshes every connection whose refresh token could die unused
/// before the run after next, and checks API key and Basic connections that have a verify request. One machine at
/// a time does it on a team store (a lease all of them share); each refresh is single-flight as always.
public struct KeepAlive: Sendable {
    let checker: HealthCheck
    var workspace: Workspace { checker.workspace }

    public init(_ checker: HealthCheck) {
        self.checker = checker
    }

    public struct Outcome: Sendable, Equatable {
        public enum Action: String, Sendable {
            case refreshed, verified
            /// Nothing was sent: the grant is dead (it needs a sign-in), or it failed lately and waits (`retryAfter`).
            case skipped
        }

        public var linkName: String
        public var action: Action
        public var problem: String?
        public var passed: Bool { problem == nil }
    }

    /// The lease name no link name can take (link names hold no hyphen).
    static let leaseName = "keep-alive"

    /// Whether a refresh token could die before the run after next, with runs `interval` apart.
    public static func isDue(_ health: ConnectionHealth, hasRefreshToken: Bool, every interval: TimeInterval, now: Date) -> Bool {
        guard hasRefreshToken, let dies = health.refreshTokenExpiresAt else { return false }
        return dies.timeIntervalSince(now) < 2 * interval
    }

    public func run(every interval: TimeInterval) async throws -> [Outcome] {
        let lease = try await workspace.store.refreshLease(Self.leaseName)
        defer { lease.release() }
        let now = Date()
        var work: [(String, Outcome.Action)] = []
        var skipped: [Outcome] = []
        for summary in try workspace.store.connectionSummaries() where summary.storedStatus != .changedOutside {
            if let reason = Self.leftAlone(summary, now: now) {
                skipped.append(Outcome(linkName: summary.linkName, action: .skipped, problem: reason))
            } else if Self.isDue(summary.health, hasRefreshToken: summary.hasRefreshToken, every: interval, now: now) {
                work.append((summary.linkName, .refreshed))
            } else if let service = try? workspace.service(summary.serviceLinkName), service.whoami != nil,
                [.apiKey, .basic].contains(service.auth.type), summary.storedStatus == .connected
            {
                work.append((summary.linkName, .verified))
            }
        }
        let checker = checker
        let done = await concurrently(work, limit: 8) { link, action in
            switch action {
            case .refreshed:
                do {
                    _ = try await checker.tokens.freshConnection(link, forceRefresh: true)
                    return Outcome(linkName: link, action: action)
                } catch {
                    return Outcome(linkName: link, action: action, problem: "\(error)")
                }
            case .verified:
                let report = await checker.check(link)
                return Outcome(linkName: link, action: action, problem: report.problem)
            case .skipped:
                return Outcome(linkName: link, action: action)
            }
        }
        return (skipped + done).sorted { $0.linkName < $1.linkName }
    }

    /// Why a timer leaves the connection alone now, or nil: a dead grant would only fail again, and one that failed
    /// lately waits longer after each failure.
    static func leftAlone(_ summary: ConnectionSummary, now: Date) -> String? {
        if case .needsReconnect = summary.storedStatus {
            return "its grant is gone; sign in again (connections connect \(summary.linkName))"
        }
        guard let retry = summary.health.retryAfter, retry > now else { return nil }
        return "failed \(summary.health.consecutiveFailures) time(s) in a row (\(summary.health.lastError ?? "no reason given")); "
            + "tried again after \(Timestamp.iso8601(retry))"
    }
}
