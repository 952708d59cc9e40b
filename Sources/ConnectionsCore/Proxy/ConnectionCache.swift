import Synchronization

/// The connections and services the proxy has read, kept while the SQLite store says nothing was committed since
/// (its `data_version` and this process's own writes, one cheap read): a request then costs no row decoding, no
/// decryption, no service parsing and no working out where its credentials may go. Any change, here or in another
/// process, drops them all. A team store is read on every request.
final class ConnectionCache: Sendable {
    private let workspace: Workspace
    private let state = Mutex(Entries())

    private struct Entries: Sendable {
        var mark: ChangeMark?
        var found: [String: ProxiedLink] = [:]
    }

    init(workspace: Workspace) { self.workspace = workspace }

    /// Whether the store is this machine's SQLite file (a read is then quick enough for an event loop).
    var isLocal: Bool { workspace.store is SQLiteStore }

    func lookup(_ linkName: String) throws -> ProxiedLink {
        guard isLocal else { return try read(linkName) }
        let (mark, cached) = state.withLock { ($0.mark, $0.found[linkName]) }
        if let mark, try workspace.store.changes(since: mark) == nil {
            if let cached { return cached }
        } else {
            // Marked before reading: a change made meanwhile is seen next time, never hidden.
            let fresh = try workspace.store.changeMark()
            state.withLock { $0 = Entries(mark: fresh) }
        }
        let found = try read(linkName)
        state.withLock { $0.found[linkName] = found }
        return found
    }

    private func read(_ linkName: String) throws -> ProxiedLink {
        let connection = try workspace.connection(linkName)
        return ProxiedLink(connection, service: try workspace.service(connection.serviceLinkName))
    }
}
