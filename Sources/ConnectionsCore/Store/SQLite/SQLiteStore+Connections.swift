import Foundation
import GRDB

extension SQLiteStore {
    static let byName = "ORDER BY name COLLATE NOCASE, link_name"

    public func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary] {
        try run {
            try database.read { db in
                try Self.summaries(
                    db, "SELECT \(ConnectionRow.summarySelection) FROM connections \(Self.byName) LIMIT ?", arguments: [limit ?? -1],
                    authentication: authentication)
            }
        }
    }

    /// Checked summaries (`query` selects `summarySelection`); a row that fails its check is listed as changed outside Connections.
    static func summaries(
        _ db: Database, _ query: String, arguments: StatementArguments, authentication: RowAuthentication
    ) throws -> [ConnectionSummary] {
        try rows(db, query, arguments: arguments, authentication: authentication, summaries: true) { (key: String, row: ConnectionRow?) in
            row?.summary ?? .changedOutside(key)
        }
    }

    public func connectionCount() throws(StoreError) -> Int {
        try run { try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0 } }
    }

    public func connectionLinkNames() throws(StoreError) -> Set<String> {
        Set(try run { try database.read { db in try String.fetchAll(db, sql: "SELECT link_name FROM connections") } })
    }

    public func connection(_ linkName: String) throws(StoreError) -> Connection? {
        try run { try database.read { db in try connectionRow(db, linkName)?.connection(opening: sealedJSON) } }
    }

    private func connectionRow(_ db: Database, _ linkName: String) throws -> ConnectionRow? {
        try Self.row(db, linkName, authentication: authentication, kind: "connection")
    }

    public func insertConnections(_ connections: [Connection]) throws(StoreError) {
        try insertAll(services: [], connections: connections)
    }

    public func insertAll(services: [Service], connections: [Connection]) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        let serviceRows = try run { try services.map { try ServiceRow($0, sealing: sealedJSON, createdAt: now, updatedAt: now) } }
        let rows = try run { try connections.map { try ConnectionRow($0, sealing: sealedJSON) } }
        try run {
            try database.write { db in
                for row in serviceRows { try saveService(db, row, replace: false) }
                for row in rows {
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM connections WHERE link_name = ?", arguments: [row.key]) ?? false {
                        throw StoreError.duplicate(kind: "connection", linkName: row.key)
                    }
                    try Self.insert(db, row, authentication: authentication)
                }
            }
        }
    }

    public func deleteConnection(_ linkName: String) throws(StoreError) {
        try run {
            try database.write { db in
                try db.execute(sql: "DELETE FROM connections WHERE link_name = ?", arguments: [linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            }
        }
    }

    public func modifyConnection(_ linkName: String, _ change: (inout Connection) throws -> Void) throws -> Connection {
        let refusal = RefusedChange()
        return try refusal.run { () throws(StoreError) in
            try run {
                try database.write { db in
                    guard let row = try connectionRow(db, linkName) else {
                        throw StoreError.notFound(kind: "connection", linkName: linkName)
                    }
                    var connection = try row.connection(opening: sealedJSON)
                    let createdAt = connection.createdAt
                    try refusal.attempt { try change(&connection) }
                    connection.createdAt = createdAt
                    connection.updatedAt = Date()
                    try Self.update(
                        db, try ConnectionRow(connection, sealing: sealedJSON), authentication: authentication, kind: "connection")
                    return connection
                }
            }
        }
    }

    public func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) {
        try run {
            try database.write { db in
                guard var row = try connectionRow(db, linkName) else { throw StoreError.notFound(kind: "connection", linkName: linkName) }
                row.set(.status, status.code)
                row.set(.statusReason, status.reason)
                row.set(.updatedAt, Date().timeIntervalSince1970)
                try Self.update(db, row, authentication: authentication, kind: "connection")
            }
        }
    }

    public func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease {
        try await RefreshLock.acquire(directory: location.directory, linkName: linkName)
    }
}
