import Foundation

extension StoredCell {
    /// From a text cell; nil when the text does not read as the column's kind.
    init?(postgres text: String?, kind: Kind) {
        guard let text else {
            self = .null
            return
        }
        switch kind {
        case .text: self = .text(text)
        case .number:
            guard let number = PostgresCell.double(text) else { return nil }
            self = .number(number)
        case .flag:
            guard text == "t" || text == "f" else { return nil }
            self = .flag(text == "t")
        case .bytes:
            guard let data = PostgresCell.bytes(text) else { return nil }
            self = .bytes(data)
        }
    }

    var postgresValue: PostgresValue? {
        switch self {
        case .null: nil
        case .text(let text): .text(text)
        case .number(let number): .number(number)
        case .flag(let flag): .flag(flag)
        case .bytes(let data): .bytes(data)
        }
    }
}

extension StoredRow {
    /// A row from its text cells, whose columns are `columns` in order, then (when `tagged`) the row's tag; the
    /// cells of other columns are empty. Nil when a cell does not read as its column's kind.
    init?(postgres texts: [String?], columns: [Column], tagged: Bool) {
        guard texts.count == columns.count + (tagged ? 1 : 0) else { return nil }
        self.init()
        for (index, column) in columns.enumerated() {
            guard let cell = StoredCell(postgres: texts[index], kind: column.kind) else { return nil }
            self[column] = cell
        }
        if tagged { authentication = PostgresCell.bytes(texts[columns.count]) }
    }

    static var postgresTable: String { "connections." + Column.table }

    static var postgresInsert: String { insertStatement(into: postgresTable) { "$\($0)" } + " ON CONFLICT DO NOTHING RETURNING 1" }
    static var postgresUpdate: String { updateStatement(of: postgresTable) { "$\($0)" } + " RETURNING 1" }
}
