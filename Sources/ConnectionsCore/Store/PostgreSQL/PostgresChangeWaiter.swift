import Foundation

/// Waits for `NOTIFY connections_changed` on a connection that does nothing else: `poll()` on its socket, then the
/// notifications read. A libpq connection serves one thread at a time, and the store's own is busy with queries.
final class PostgresChangeWaiter: ChangeWaiter, @unchecked Sendable {
    private let address: PostgresAddress
    private let lock = NSLock()
    private var connection: PostgresConnection?

    init(address: PostgresAddress) { self.address = address }

    func wait(timeout: Duration) throws(StoreError) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let connection, !connection.isBroken else {
            let made = try PostgresConnection(address)
            try made.execute("LISTEN \(PostgresStore.channel)")
            connection = made
            // What was announced before it listened never reaches it: the caller looks now.
            return true
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            if try connection.notifications().contains(where: { $0.channel == PostgresStore.channel }) { return true }
            guard !connection.isBroken else { throw .teamStoreUnreachable(place: address.place, reason: connection.lastError) }
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            guard try connection.waitForInput(milliseconds: Int32(clamping: max(1, milliseconds))) else { return false }
        }
    }
}
