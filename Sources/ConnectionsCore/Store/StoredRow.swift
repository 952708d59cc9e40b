import Foundation

/// What a cell of a stored row holds, in any store.
enum StoredCell: Sendable, Equatable {
    case null
    case text(String)
    case number(Double)
    case flag(Bool)
    case bytes(Data)

    /// The kinds a column may declare (`null` fits every column).
    enum Kind: Sendable {
        case text, number, flag, bytes
    }

    func fits(_ kind: Kind) -> Bool {
        switch (self, kind) {
        case (.null, _), (.text, .text), (.number, .number), (.flag, .flag), (.bytes, .bytes): true
        default: false
        }
    }
}

/// The columns of one stored table, declared once: the case order is the order queries select them, a case's name
/// in snake case is the column's name, `kind` what its cells hold. Both backends read, write and authenticate rows
/// from this list alone.
protocol StoredColumn: RawRepresentable, CaseIterable, Sendable where RawValue == Int, AllCases == [Self] {
    /// The table's name, also bound into each row's authentication.
    static var table: String { get }
    var kind: StoredCell.Kind { get }
    /// Every column's name, in case order: the case's name in snake case (`clientID` -> `client_id`).
    static var names: [String] { get }
    /// `allCases`, made once (a list of thousands of rows would otherwise make the array again for each).
    static var columns: [Self] { get }
    /// The columns a list reads, and the column that holds their own tag, so that a list checks rows without
    /// reading their secrets; nil for a table that is never listed in bulk.
    static var summary: StoredSummary<Self>? { get }
}

extension StoredColumn {
    var name: String { Self.names[rawValue] }
    static var summary: StoredSummary<Self>? { nil }
}

/// Part of a table's columns, authenticated on its own (see `RowAuthentication.check`).
struct StoredSummary<Column: StoredColumn>: Sendable {
    let columns: [Column]
    /// A bytes column, itself covered by the whole row's tag.
    let tag: Column
}

enum StoredColumnNames {
    /// The column that holds each row's authentication tag (see `RowAuthentication`).
    static let authentication = "row_mac"
}

/// One row of a stored table: a cell per column, and the tag that proves Connections wrote it.
struct StoredRow<Column: StoredColumn>: Sendable, Equatable {
    private(set) var cells: [StoredCell]
    var authentication: Data?

    init() { cells = Array(repeating: .null, count: Column.names.count) }

    /// Cells in column order; nil when there are not one per column or one does not fit its column's kind.
    init?(cells: [StoredCell], authentication: Data?) {
        guard cells.count == Column.names.count, zip(cells, Column.columns).allSatisfy({ $0.fits($1.kind) }) else { return nil }
        self.cells = cells
        self.authentication = authentication
    }

    subscript(column: Column) -> StoredCell {
        get { cells[column.rawValue] }
        set { cells[column.rawValue] = newValue }
    }

    func text(_ column: Column) -> String? { if case .text(let text) = self[column] { text } else { nil } }
    func number(_ column: Column) -> Double? { if case .number(let number) = self[column] { number } else { nil } }
    func flag(_ column: Column) -> Bool { if case .flag(let flag) = self[column] { flag } else { false } }
    func bytes(_ column: Column) -> Data? { if case .bytes(let data) = self[column] { data } else { nil } }

    mutating func set(_ column: Column, _ text: String?) { self[column] = text.map(StoredCell.text) ?? .null }
    mutating func set(_ column: Column, _ number: Double?) { self[column] = number.map(StoredCell.number) ?? .null }
    mutating func set(_ column: Column, _ flag: Bool) { self[column] = .flag(flag) }
    mutating func set(_ column: Column, _ data: Data?) { self[column] = data.map(StoredCell.bytes) ?? .null }

    var key: String { if case .text(let key) = cells[0] { key } else { "" } }

    /// Every column and the authentication tag, in order, for a `SELECT`.
    static var selection: String { (Column.names + [StoredColumnNames.authentication]).joined(separator: ", ") }

    /// The summary's columns, then its tag, for a `SELECT` of summaries (a row with only these cells filled).
    static var summarySelection: String {
        guard let summary = Column.summary else { return selection }
        return (summary.columns + [summary.tag]).map(\.name).joined(separator: ", ")
    }

    /// The columns `summarySelection` selects, in its order.
    static var summaryColumns: [Column] {
        guard let summary = Column.summary else { return Column.columns }
        return summary.columns + [summary.tag]
    }

    /// `INSERT` of every column and the tag into `table`, with parameters written by `placeholder(position)`.
    static func insertStatement(into table: String, placeholder: (Int) -> String) -> String {
        let count = Column.names.count + 1
        return "INSERT INTO \(table) (\(selection)) VALUES (\((1...count).map(placeholder).joined(separator: ", ")))"
    }

    /// `UPDATE` of every column but the key and the tag, by key; parameters in `values` order, the key last.
    static func updateStatement(of table: String, placeholder: (Int) -> String) -> String {
        let columns = Column.names.dropFirst() + [StoredColumnNames.authentication]
        let set = columns.enumerated().map { "\($1) = \(placeholder($0 + 1))" }.joined(separator: ", ")
        return "UPDATE \(table) SET \(set) WHERE \(Column.names[0]) = \(placeholder(columns.count + 1))"
    }

    /// The cells and the tag, as `insertStatement` takes them.
    var insertValues: [StoredCell] { cells + [authentication.map(StoredCell.bytes) ?? .null] }

    /// The cells but the key, the tag, then the key, as `updateStatement` takes them.
    var updateValues: [StoredCell] { Array(cells.dropFirst()) + [authentication.map(StoredCell.bytes) ?? .null, cells[0]] }
}
