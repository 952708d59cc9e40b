import Foundation
import GRDB

extension SQLiteStore {
    static let byName = "ORDER BY name COLLATE NOCASE, link_name"

    public func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary] {
        try run {
            try database.read { db in
                // A cursor decodes straight from the statement, without copying each row first.
                try Array(
                    Row.fetchCursor(
                        db, sql: "SELECT \(ConnectionRow.summarySelection) FROM connections \(Self.byName) LIMIT ?",
                        arguments: [limit ?? -1]
                    ).map(ConnectionRow.summary))
            }
        }
    }

    public func connectionCount() throws(StoreError) -> Int {
        try run { try database.read { db in try ConnectionRow.fetchCount(db) } }
    }

    public func connectionLinkNames() throws(StoreError) -> Set<String> {
        Set(try run { try database.read { db in try String.fetchAll(db, sql: "SELECT link_name FROM connections") } })
    }

    public func connection(_ linkName: String) throws(StoreError) -> Connection? {
        try run { try database.read { db in try Self.row(db, linkName)?.connection(opening: sealedJSON) } }
    }

    public func insertConnections(_ connections: [Connection]) throws(StoreError) {
        try insertAll(services: [], connections: connections)
    }

    public func insertAll(services: [Service], connections: [Connection]) throws(StoreError) {
        let serviceRows = try run { try services.map { try ServiceRow($0, sealing: sealedJSON) } }
        let rows = try run { try connections.map { try ConnectionRow($0, sealing: sealedJSON) } }
        try run {
            try database.write { db in
                for row in serviceRows { try Self.save(db, row, replace: false) }
                for row in rows {
                    if try ConnectionRow.exists(db, key: row.linkName) {
                        throw StoreError.duplicate(kind: "connection", linkName: row.linkName)
                    }
                    try row.insert(db)
                }
            }
        }
    }

    public func updateConnection(_ connection: Connection) throws(StoreError) {
        let row = try run { try ConnectionRow(connection, sealing: sealedJSON) }
        try run { try database.write { db in try Self.update(db, row) } }
    }

    private static func update(_ db: Database, _ row: ConnectionRow) throws {
        do {
            try row.update(db, columns: ConnectionRow.updatedColumns)
        } catch RecordError.recordNotFound {
            throw StoreError.notFound(kind: "connection", linkName: row.linkName)
        }
    }

    private static func row(_ db: Database, _ linkName: String) throws -> ConnectionRow? {
        // Row, then the record: in a cold process (`token`, `invoke`) this skips FetchableRecord's generic machinery.
        try Row.fetchOne(db, sql: "SELECT \(ConnectionRow.selection) FROM connections WHERE link_name = ?", arguments: [linkName])
            .map(ConnectionRow.init(row:))
    }

    public func deleteConnection(_ linkName: String) throws(StoreError) {
        try run {
            try database.write { db in
                if try !ConnectionRow.deleteOne(db, key: linkName) { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            }
        }
    }

    public func modifyConnection(_ linkName: String, _ change: (inout Connection) -> Void) throws(StoreError) {
        try run {
            try database.write { db in
                guard let row = try Self.row(db, linkName) else { throw StoreError.notFound(kind: "connection", linkName: linkName) }
                var connection = try row.connection(opening: sealedJSON)
                change(&connection)
                connection.updatedAt = Date()
                try Self.update(db, try ConnectionRow(connection, sealing: sealedJSON))
            }
        }
    }

    public func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) {
        try run {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE connections SET status = ?, status_reason = ?, updated_at = ? WHERE link_name = ?",
                    arguments: [status.code, status.reason, Date().timeIntervalSince1970, linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            }
        }
    }

    public func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease {
        try await RefreshLock.acquire(directory: location.directory, linkName: linkName)
    }
}
