import Foundation
import GRDB

/// Reading and writing authenticated rows of any table: every row read is checked against its tag, every row
/// written is stamped with a new one.
extension SQLiteStore {
    /// The row by its key, checked; nil when there is none.
    static func row<Column>(
        _ db: Database, _ key: String, authentication: RowAuthentication, kind: String
    ) throws -> StoredRow<Column>? {
        let sql = "SELECT \(StoredRow<Column>.selection) FROM \(Column.table) WHERE \(Column.names[0]) = ?"
        guard let row = try Row.fetchOne(db, sql: sql, arguments: [key]) else { return nil }
        guard let stored = StoredRow<Column>(row: row), authentication.isAuthentic(stored) else {
            throw StoreError.changedOutside(kind: kind, linkName: key)
        }
        return stored
    }

    /// Rows as `query` selects them (it must select `StoredRow.selection`), each either checked or refused.
    static func rows<Column>(
        _ db: Database, _ query: String, arguments: StatementArguments = [], authentication: RowAuthentication
    ) throws -> [(key: String, row: StoredRow<Column>?)] {
        try Array(
            Row.fetchCursor(db, sql: query, arguments: arguments).map { row in
                let stored = StoredRow<Column>(row: row)
                let key = stored?.key ?? (row[0] as DatabaseValue).description
                return (key, stored.flatMap { authentication.isAuthentic($0) ? $0 : nil })
            })
    }

    static func insert<Column>(_ db: Database, _ row: StoredRow<Column>, authentication: RowAuthentication) throws {
        let stamped = authentication.stamped(row)
        try db.execute(sql: StoredRow<Column>.sqliteInsert(into: Column.table), arguments: .init(stamped.insertValues.map(\.databaseValue)))
    }

    static func update<Column>(_ db: Database, _ row: StoredRow<Column>, authentication: RowAuthentication, kind: String) throws {
        let stamped = authentication.stamped(row)
        try db.execute(sql: StoredRow<Column>.sqliteUpdate(of: Column.table), arguments: .init(stamped.updateValues.map(\.databaseValue)))
        if db.changesCount == 0 { throw StoreError.notFound(kind: kind, linkName: row.key) }
    }
}
