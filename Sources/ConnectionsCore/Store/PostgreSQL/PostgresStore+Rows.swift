import Foundation

/// Reading and writing authenticated rows of any table: every row read is checked against its tag, every row
/// written is stamped with a new one.
extension PostgresStore {
    /// The row by its key, checked; nil when there is none. `locking` holds it (`FOR UPDATE`) until the
    /// transaction ends.
    func row<Column>(
        _ connection: PostgresConnection, _ key: String, kind: String, locking: Bool = false
    ) throws(StoreError) -> StoredRow<Column>? {
        let rows = try connection.execute(
            "SELECT \(StoredRow<Column>.selection) FROM \(StoredRow<Column>.postgresTable) WHERE \(Column.names[0]) = $1"
                + (locking ? " FOR UPDATE" : ""), [.text(key)])
        guard let texts = rows.first else { return nil }
        guard let row = StoredRow<Column>(postgres: texts, columns: Column.columns, tagged: true), authentication.isAuthentic(row) else {
            throw .changedOutside(kind: kind, linkName: key)
        }
        return row
    }

    /// Rows as `query` selects them (it must select `StoredRow.selection`, or with `summaries` its
    /// `summarySelection`), each either checked or refused (nil).
    func rows<Column>(
        _ connection: PostgresConnection, _ query: String, _ parameters: [PostgresValue?] = [], summaries: Bool = false
    ) throws(StoreError) -> [(key: String, row: StoredRow<Column>?)] {
        try rows(connection, query, parameters, summaries: summaries) { (key: $0, row: $1) }
    }

    /// `rows`, each made into a value as it is checked (on every core for a long list): the row is nil when refused.
    func rows<Column, Value: Sendable>(
        _ connection: PostgresConnection, _ query: String, _ parameters: [PostgresValue?] = [], summaries: Bool = false,
        _ value: @escaping @Sendable (_ key: String, _ row: StoredRow<Column>?) -> Value
    ) throws(StoreError) -> [Value] {
        let columns = summaries ? StoredRow<Column>.summaryColumns : Column.columns
        let texts = try connection.execute(query, parameters)
        return RowChecker<Column, Value>.all(texts, authentication, summaries: summaries, make: value) { texts in
            let row = StoredRow<Column>(postgres: texts, columns: columns, tagged: !summaries)
            return (row, row?.key ?? texts.first.flatMap { $0 } ?? "")
        }
    }

    /// False when a row with its key is there already.
    func insert<Column>(_ connection: PostgresConnection, _ row: StoredRow<Column>) throws(StoreError) -> Bool {
        let stamped = authentication.stamped(row)
        return try !connection.execute(StoredRow<Column>.postgresInsert, stamped.insertValues.map(\.postgresValue)).isEmpty
    }

    func update<Column>(_ connection: PostgresConnection, _ row: StoredRow<Column>, kind: String) throws(StoreError) {
        let stamped = authentication.stamped(row)
        if try connection.execute(StoredRow<Column>.postgresUpdate, stamped.updateValues.map(\.postgresValue)).isEmpty {
            throw .notFound(kind: kind, linkName: row.key)
        }
    }
}
