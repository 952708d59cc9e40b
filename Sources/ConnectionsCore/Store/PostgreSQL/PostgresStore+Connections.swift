import Foundation

extension PostgresStore {
    static let byName = "ORDER BY lower(name), link_name"

    public func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary] {
        try run(reading: true) { connection throws(StoreError) in
            try connection.execute(
                "SELECT \(ConnectionRow.summarySelection) FROM connections.connections \(Self.byName) LIMIT $1",
                [limit.map { .text(String($0)) }]
            ).map { ConnectionRow(cells: $0).summary }
        }
    }

    public func connectionCount() throws(StoreError) -> Int {
        try run(reading: true) { connection throws(StoreError) in try Self.count(connection) }
    }

    public func connectionLinkNames() throws(StoreError) -> Set<String> {
        try run(reading: true) { connection throws(StoreError) in
            Set(try connection.execute("SELECT link_name FROM connections.connections").compactMap { $0[0] })
        }
    }

    public func connection(_ linkName: String) throws(StoreError) -> Connection? {
        let row = try run(reading: true) { connection throws(StoreError) in try Self.row(connection, linkName) }
        return try row.map { row throws(StoreError) in try opened(row) }
    }

    func opened(_ row: ConnectionRow) throws(StoreError) -> Connection {
        try Self.decoding("connection \(row.linkName)") { try row.connection(opening: sealedJSON) }
    }

    func sealed(_ connection: Connection) throws(StoreError) -> ConnectionRow {
        try Self.encoding("connection \(connection.linkName)") { try ConnectionRow(connection, sealing: sealedJSON) }
    }

    /// A row read back into a value; what does not decode or open is reported as undecryptable.
    static func decoding<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .undecryptable(what: what)
        }
    }

    /// A value made into a row, its secrets sealed.
    static func encoding<T>(_ what: String, _ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw .database("cannot seal \(what): \(HTTPClient.safeName(of: error))")
        }
    }

    static func row(_ connection: PostgresConnection, _ linkName: String, locking: Bool = false) throws(StoreError) -> ConnectionRow? {
        try connection.execute(
            "SELECT \(ConnectionRow.selection) FROM connections.connections WHERE link_name = $1\(locking ? " FOR UPDATE" : "")",
            [.text(linkName)]
        ).first.map(ConnectionRow.init(cells:))
    }

    public func insertConnections(_ connections: [Connection]) throws(StoreError) {
        try insertAll(services: [], connections: connections)
    }

    public func insertAll(services: [Service], connections: [Connection]) throws(StoreError) {
        var serviceRows: [ServiceRow] = []
        for service in services { serviceRows.append(try sealed(service)) }
        var rows: [ConnectionRow] = []
        for connection in connections { rows.append(try sealed(connection)) }
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                for row in serviceRows { try Self.save(connection, row, replace: false) }
                for row in rows where try connection.execute(ConnectionRow.postgresInsert, row.postgresValues).isEmpty {
                    throw StoreError.duplicate(kind: "connection", linkName: row.linkName)
                }
            }
        }
    }

    public func updateConnection(_ connection: Connection) throws(StoreError) {
        let row = try sealed(connection)
        try run { connection throws(StoreError) in try Self.update(connection, row) }
    }

    static func update(_ connection: PostgresConnection, _ row: ConnectionRow) throws(StoreError) {
        if try connection.execute(ConnectionRow.postgresUpdate, row.postgresUpdateValues).isEmpty {
            throw .notFound(kind: "connection", linkName: row.linkName)
        }
    }

    public func deleteConnection(_ linkName: String) throws(StoreError) {
        try run { connection throws(StoreError) in
            if try connection.execute("DELETE FROM connections.connections WHERE link_name = $1 RETURNING 1", [.text(linkName)]).isEmpty {
                throw StoreError.notFound(kind: "connection", linkName: linkName)
            }
        }
    }

    /// The row is locked (`FOR UPDATE`) from the read to the write: no other machine changes it in between.
    public func modifyConnection(_ linkName: String, _ change: (inout Connection) -> Void) throws(StoreError) {
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                guard let row = try Self.row(connection, linkName, locking: true) else {
                    throw StoreError.notFound(kind: "connection", linkName: linkName)
                }
                var current = try opened(row)
                change(&current)
                current.updatedAt = Date()
                try Self.update(connection, try sealed(current))
            }
        }
    }

    public func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) {
        try run { connection throws(StoreError) in
            let changed = try connection.execute(
                """
                UPDATE connections.connections SET status = $1, status_reason = $2, updated_at = $3 WHERE link_name = $4 RETURNING 1
                """, [.text(status.code), .optional(status.reason), .number(Date().timeIntervalSince1970), .text(linkName)])
            if changed.isEmpty { throw StoreError.notFound(kind: "connection", linkName: linkName) }
        }
    }

    public func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease {
        try await PostgresRefreshLease.acquire(self, linkName: linkName)
    }
}
