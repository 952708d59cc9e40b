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
        let found: [(key: String, row: StoredRow<Column>?)] = try rows(db, sql, arguments: [key], authentication: authentication)
        guard let first = found.first else { return nil }
        guard let row = first.row else { throw StoreError.changedOutside(kind: kind, linkName: key) }
        return row
    }

    /// Rows as `query` selects them (it must select `StoredRow.selection`, or with `summaries` its
    /// `summarySelection`), each either checked or refused.
    static func rows<Column>(
        _ db: Database, _ query: String, arguments: StatementArguments = [], authentication: RowAuthentication, summaries: Bool = false
    ) throws -> [(key: String, row: StoredRow<Column>?)] {
        try rows(db, query, arguments: arguments, authentication: authentication, summaries: summaries) { (key: $0, row: $1) }
    }

    /// `rows`, each made into a value as it is checked (on every core for a long list): the row is nil when refused.
    static func rows<Column, Value: Sendable>(
        _ db: Database, _ query: String, arguments: StatementArguments = [], authentication: RowAuthentication, summaries: Bool = false,
        _ value: @escaping @Sendable (_ key: String, _ row: StoredRow<Column>?) -> Value
    ) throws -> [Value] {
        let statement = try db.makeStatement(sql: query)
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let columns = summaries ? StoredRow<Column>.summaryColumns : Column.columns
        let checker = RowChecker<Column, Value>(authentication, summaries: summaries, make: value)
        while try cursor.next() != nil {
            checker.add(
                StoredRow<Column>(sqlite: statement.sqliteStatement, columns: columns, tagged: !summaries),
                key: String.fromDatabaseValue(DatabaseValue(sqliteStatement: statement.sqliteStatement, index: 0)) ?? "")
        }
        return checker.finish()
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
