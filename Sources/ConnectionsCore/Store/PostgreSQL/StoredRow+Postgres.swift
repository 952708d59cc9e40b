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
    /// A row selected with `selection`, from its text cells; nil when a cell does not read as its column's kind.
    init?(postgres texts: [String?]) {
        guard texts.count == Column.names.count + 1 else { return nil }
        var cells: [StoredCell] = []
        cells.reserveCapacity(texts.count - 1)
        for column in Column.columns {
            guard let cell = StoredCell(postgres: texts[column.rawValue], kind: column.kind) else { return nil }
            cells.append(cell)
        }
        self.init(cells: cells, authentication: PostgresCell.bytes(texts[texts.count - 1]))
    }

    static var postgresTable: String { "connections." + Column.table }

    static var postgresInsert: String { insertStatement(into: postgresTable) { "$\($0)" } + " ON CONFLICT DO NOTHING RETURNING 1" }
    static var postgresUpdate: String { updateStatement(of: postgresTable) { "$\($0)" } + " RETURNING 1" }
}
