import Foundation

/// Live updates from every machine: a trigger announces each changed connection (`NOTIFY connections_changed`,
/// "INSERT|UPDATE|DELETE link_name"), and this connection listens. Asking for changes reads the notifications that
/// arrived, without a query when there are none.
extension PostgresStore {
    static let channel = "connections_changed"

    public func changeMark() throws(StoreError) -> ChangeMark {
        try run { connection throws(StoreError) in
            try listen(connection)
            let count = try Self.count(connection)
            // What arrived before the mark is in what the caller reads next.
            _ = try connection.notifications()
            return ChangeMark(stamp: "pg \(generation)", newest: 0, count: count)
        }
    }

    static func count(_ connection: PostgresConnection) throws(StoreError) -> Int {
        Int(try connection.value("SELECT count(*) FROM connections.connections") ?? "0") ?? 0
    }

    public func changes(since mark: ChangeMark) throws(StoreError) -> ConnectionChanges? {
        try run { connection throws(StoreError) -> ConnectionChanges? in
            var next = ChangeMark(stamp: "pg \(generation)", newest: 0, count: mark.count)
            // Made again since the mark: what was announced meanwhile is lost, so everything is read again.
            guard mark.stamp == next.stamp, listening else {
                try listen(connection)
                next.count = try Self.count(connection)
                return ConnectionChanges(mark: next, changed: nil)
            }
            // A round trip first: PostgreSQL hands this session what was announced before it answers.
            try connection.execute("SELECT 1")
            let announced = try connection.notifications().filter { $0.channel == Self.channel }.map(\.payload)
            guard !announced.isEmpty else { return nil }
            if announced.contains(where: { !$0.hasPrefix("UPDATE ") }) {
                next.count = try Self.count(connection)
                return ConnectionChanges(mark: next, changed: nil)
            }
            let links = Set(announced.map { String($0.dropFirst("UPDATE ".count)) })
            let changed = try summaries(
                connection,
                "SELECT \(ConnectionRow.summarySelection) FROM connections.connections WHERE link_name = ANY($1::text[]) \(Self.byName)",
                [.text(Self.textArray(links.sorted()))])
            return ConnectionChanges(mark: next, changed: changed)
        }
    }

    /// A connection of its own that only listens, so that waiting never holds up the store's queries.
    public func changeWaiter() -> (any ChangeWaiter)? { PostgresChangeWaiter(address: address) }

    private func listen(_ connection: PostgresConnection) throws(StoreError) {
        guard !listening else { return }
        try connection.execute("LISTEN \(Self.channel)")
        listening = true
    }

    /// A PostgreSQL array literal of texts: `{"a","b"}`, quotes and backslashes escaped.
    static func textArray(_ items: [String]) -> String {
        "{"
            + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }
}
