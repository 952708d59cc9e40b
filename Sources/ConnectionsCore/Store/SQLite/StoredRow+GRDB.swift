import Foundation
import GRDB

extension StoredCell {
    /// Nil when the value does not fit the column (text in a number column, a flag that is neither 0 nor 1).
    init?(_ value: DatabaseValue, kind: Kind) {
        switch (value.storage, kind) {
        case (.null, _): self = .null
        case (.string(let text), .text): self = .text(text)
        case (.double(let number), .number): self = .number(number)
        case (.int64(let number), .number): self = .number(Double(number))
        case (.int64(let number), .flag) where number == 0 || number == 1: self = .flag(number == 1)
        case (.blob(let data), .bytes): self = .bytes(data)
        default: return nil
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .text(let text): text.databaseValue
        case .number(let number): number.databaseValue
        case .flag(let flag): flag.databaseValue
        case .bytes(let data): data.databaseValue
        }
    }
}

extension StoredRow {
    /// The row at the statement's current step, whose columns are `columns` in order, then (when `tagged`) the
    /// row's tag; the cells of other columns are empty. Nil when a cell does not fit its column.
    init?(sqlite statement: SQLiteStatement, columns: [Column], tagged: Bool) {
        self.init()
        for (index, column) in columns.enumerated() {
            guard let cell = StoredCell(DatabaseValue(sqliteStatement: statement, index: CInt(index)), kind: column.kind) else {
                return nil
            }
            self[column] = cell
        }
        guard tagged else { return }
        if case .blob(let tag) = DatabaseValue(sqliteStatement: statement, index: CInt(columns.count)).storage { authentication = tag }
    }

    /// A row selected with `*` from a table that may lack columns added later (they read as empty), with its tag
    /// when it has one.
    init?(named row: Row) {
        var cells: [StoredCell] = []
        for column in Column.columns {
            guard row.hasColumn(column.name) else {
                cells.append(.null)
                continue
            }
            guard let cell = StoredCell(row[column.name], kind: column.kind) else { return nil }
            cells.append(cell)
        }
        let tag: DatabaseValue? = row.hasColumn(StoredColumnNames.authentication) ? row[StoredColumnNames.authentication] : nil
        guard case .blob(let authentication) = tag?.storage else {
            self.init(cells: cells, authentication: nil)
            return
        }
        self.init(cells: cells, authentication: authentication)
    }

    static func sqliteInsert(into table: String) -> String { insertStatement(into: table) { _ in "?" } }
    static func sqliteUpdate(of table: String) -> String { updateStatement(of: table) { _ in "?" } }
}
