import Foundation

/// One refresh at a time per connection across every machine on the team store: a session advisory lock keyed by
/// the link name, held on a connection of its own. PostgreSQL releases it when that connection ends, so a process
/// killed mid-refresh never leaves it stuck; the next caller then finds the new tokens or refreshes itself.
final class PostgresRefreshLease: RefreshLease, @unchecked Sendable {
    private let connection: PostgresConnection

    private init(_ connection: PostgresConnection) { self.connection = connection }

    /// How long to wait for another machine's refresh before giving up.
    static let waitLimit = "60s"

    static func acquire(_ store: PostgresStore, linkName: String) async throws(StoreError) -> PostgresRefreshLease {
        let connection = try store.openConnection()
        // libpq blocks while it waits: off the cooperative thread pool.
        let result: Result<Void, StoreError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(StoreError) {
                    try connection.execute("SET lock_timeout = '\(waitLimit)'")
                    try connection.execute("SELECT pg_advisory_lock(hashtextextended($1, 0))", [.text("connections refresh " + linkName)])
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        switch result {
        case .success: return PostgresRefreshLease(connection)
        case .failure(.teamStoreFailed(let place, "55P03", _)):
            throw .teamStoreFailed(
                place: place, state: "55P03", message: "another machine has been refreshing \(linkName) for \(waitLimit); try again")
        case .failure(let error): throw error
        }
    }

    /// Unlocks at once; the lease's connection closes when the lease is dropped. A connection that broke meanwhile
    /// took the lock with it.
    func release() {
        _ = try? connection.execute("SELECT pg_advisory_unlock_all()")
    }
}
