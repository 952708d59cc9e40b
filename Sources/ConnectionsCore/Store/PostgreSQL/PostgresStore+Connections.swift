import Foundation

extension PostgresStore {
    static let byName = "ORDER BY lower(name), link_name"

    public func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary] {
        try run(reading: true) { connection throws(StoreError) in
            try summaries(
                connection, "SELECT \(ConnectionRow.summarySelection) FROM connections.connections \(Self.byName) LIMIT $1",
                [limit.map { .text(String($0)) }])
        }
    }

    /// Checked summaries (`query` selects `summarySelection`); a row that fails its check is listed as changed outside Connections.
    func summaries(_ connection: PostgresConnection, _ query: String, _ parameters: [PostgresValue?]) throws(StoreError)
        -> [ConnectionSummary]
    {
        try rows(connection, query, parameters, summaries: true) { (key: String, row: ConnectionRow?) in
            row?.summary ?? .changedOutside(key)
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
        let row = try run(reading: true) { connection throws(StoreError) in try connectionRow(connection, linkName) }
        return try row.map { row throws(StoreError) in try opened(row) }
    }

    func connectionRow(_ connection: PostgresConnection, _ linkName: String, locking: Bool = false) throws(StoreError) -> ConnectionRow? {
        try row(connection, linkName, kind: "connection", locking: locking)
    }

    func opened(_ row: ConnectionRow) throws(StoreError) -> Connection {
        try Self.decoding("connection \(row.key)") { try row.connection(opening: sealedJSON) }
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

    public func insertConnections(_ connections: [Connection]) throws(StoreError) {
        try insertAll(services: [], connections: connections)
    }

    public func insertAll(services: [Service], connections: [Connection]) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        var serviceRows: [ServiceRow] = []
        for service in services { serviceRows.append(try sealed(service, createdAt: now)) }
        var rows: [ConnectionRow] = []
        for connection in connections { rows.append(try sealed(connection)) }
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                for row in serviceRows { try saveService(connection, row, replace: false) }
                for row in rows where try !insert(connection, row) {
                    throw StoreError.duplicate(kind: "connection", linkName: row.key)
                }
            }
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
    public func modifyConnection(_ linkName: String, _ change: (inout Connection) throws -> Void) throws -> Connection {
        let refusal = RefusedChange()
        return try refusal.run { () throws(StoreError) in
            try run { connection throws(StoreError) in
                try connection.transaction { () throws(StoreError) in
                    guard let row = try connectionRow(connection, linkName, locking: true) else {
                        throw StoreError.notFound(kind: "connection", linkName: linkName)
                    }
                    var current = try opened(row)
                    let createdAt = current.createdAt
                    try refusal.attempt { try change(&current) }
                    current.createdAt = createdAt
                    current.updatedAt = Date()
                    try update(connection, try sealed(current), kind: "connection")
                    return current
                }
            }
        }
    }

    public func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) {
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                guard var row = try connectionRow(connection, linkName, locking: true) else {
                    throw StoreError.notFound(kind: "connection", linkName: linkName)
                }
                row.set(.status, status.code)
                row.set(.statusReason, status.reason)
                row.set(.updatedAt, Date().timeIntervalSince1970)
                try update(connection, row, kind: "connection")
            }
        }
    }

    public func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease {
        try await PostgresRefreshLease.acquire(self, linkName: linkName)
    }
}
