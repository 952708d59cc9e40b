import Foundation
import Synchronization

/// One sign-in for every bridge on a connection that is not signed in (or whose grant is gone): in one process,
/// requests that need it share one attempt; across processes and machines, the store's lease lets one instance sign
/// in while the others wait for it and then find the connection signed in. No browser storm. The sign-in talks on
/// stderr (stdin is the client's): the browser is opened, or the URL printed to open, and the redirect waited for.
final class SharedSignIn: Sendable {
    private let attempt = Mutex<Task<Bool, Never>?>(nil)
    let workspace: Workspace
    let linkName: String
    let diagnostics: @Sendable (String) -> Void
    /// How long the sign-in may take, the browser included.
    let timeout: TimeInterval

    init(workspace: Workspace, linkName: String, timeout: TimeInterval, diagnostics: @escaping @Sendable (String) -> Void) {
        self.timeout = timeout
        self.workspace = workspace
        self.linkName = linkName
        self.diagnostics = diagnostics
    }

    /// Whether the error asks for a sign-in before anything can be sent.
    static func isNeeded(for error: Error) -> Bool {
        switch error as? ConnectError {
        case .notConnected?, .needsReconnect?: true
        default: false
        }
    }

    /// True once the connection is signed in, by this instance or another.
    func signIn() async -> Bool {
        let task = attempt.withLock { current in
            if let current { return current }
            let task = Task { await self.run() }
            current = task
            return task
        }
        let signedIn = await task.value
        attempt.withLock { if $0 == task { $0 = nil } }
        return signedIn
    }

    /// The lease's name; no link name holds a space.
    var leaseName: String { "sign-in " + linkName }

    private func run() async -> Bool {
        do {
            let lease = try await workspace.store.refreshLease(leaseName)
            defer { lease.release() }
            if let connection = try? workspace.connection(linkName), connection.tokens != nil, connection.storedStatus == .connected {
                diagnostics("\(linkName) was signed in by another instance.")
                return true
            }
            diagnostics("\(linkName) is not signed in: signing in (one instance does it for all that wait).")
            let connection = try await Authorizer(workspace: workspace).connect(
                linkName, options: ConnectOptions(timeout: .seconds(timeout))
            ) { event in
                switch event {
                case .openURL(let url, let launched, let notLaunched):
                    self.diagnostics(
                        "Open this URL to sign in: \(url.absoluteString)"
                            + (launched.map { " (opened with \($0); waiting for the redirect)" } ?? "")
                            + (notLaunched.map { " (no browser was launched: \($0); waiting for the redirect on this machine)" } ?? ""))
                case .deviceCode(let authorization):
                    self.diagnostics("To sign in, open \(authorization.verificationURI) and enter the code \(authorization.userCode).")
                case .pasteRejected(let reason), .warning(let reason):
                    self.diagnostics(reason)
                case .exchangingCode, .lookupFailed:
                    break
                }
            }
            diagnostics("Signed in \(connection.linkName)" + (connection.health.account.map { " as \($0)." } ?? "."))
            return true
        } catch {
            diagnostics("The sign-in failed: \(error)")
            return false
        }
    }
}
