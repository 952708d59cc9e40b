import Foundation

/// `hooks: {on_failure: CMD, on_recovery: CMD}` in the config: a command run when a connection that worked fails a
/// refresh or a check, and when one that failed works again, with the event as JSON on its stdin (no secret in it).
/// Run without a shell (a command that wants one names it: `sh -c '…'`), for at most `timeout` seconds, and without
/// waiting for it: under coreutils' `timeout`, so that `connections token` prints at once and a slow hook is still
/// stopped when this process has long ended. Without `timeout` on the PATH, the hook is waited for (as long).
public struct HealthHooks: Sendable, Equatable {
    public var onFailure: [String]?
    public var onRecovery: [String]?

    public init(onFailure: [String]? = nil, onRecovery: [String]? = nil) {
        self.onFailure = onFailure
        self.onRecovery = onRecovery
    }

    public static let keys = ["on_failure", "on_recovery"]
    public static let timeout: TimeInterval = 10

    public enum Event: String, Sendable {
        case failure, recovery
    }

    /// Starts the hook for `event`, if there is one; false when it could not start (or, waited for, failed or ran too
    /// long).
    @discardableResult
    func run(_ event: Event, connection: Connection, step: String, environment: [String: String]) -> Bool {
        guard let command = event == .failure ? onFailure : onRecovery, let first = command.first,
            let executable = BrowserLauncher.find(first, path: environment["PATH"])
        else { return false }
        let payload: [String: Any] = [
            "event": event.rawValue, "link_name": connection.linkName, "service": connection.serviceLinkName,
            "account": connection.health.account ?? NSNull(), "step": step, "message": connection.health.lastError ?? NSNull(),
            "consecutive_failures": connection.health.consecutiveFailures, "at": Timestamp.iso8601(Date()),
        ]
        let input = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data()
        let arguments = Array(command.dropFirst())
        if let limiter = BrowserLauncher.find("timeout", path: environment["PATH"]) {
            return ChildLauncher.start(
                limiter, ["--kill-after=5", String(Int(Self.timeout)), executable] + arguments, environment: environment, input: input)
        }
        return ChildLauncher.run(executable, arguments, environment: environment, input: input, timeout: Self.timeout)
    }
}

extension Workspace {
    /// Changes a connection's health in the store's transaction, and runs the hook when the change turns a working
    /// connection into a failing one or back.
    @discardableResult
    public func recordHealth(_ linkName: String, step: String, _ change: (inout Connection) -> Void) throws -> Connection {
        var failedBefore = false
        let after = try store.modifyConnection(linkName) { stored in
            failedBefore = stored.health.consecutiveFailures > 0
            change(&stored)
        }
        let failedNow = after.health.consecutiveFailures > 0
        if failedNow != failedBefore {
            hooks.run(failedNow ? .failure : .recovery, connection: after, step: step, environment: ProcessInfo.processInfo.environment)
        }
        return after
    }
}
