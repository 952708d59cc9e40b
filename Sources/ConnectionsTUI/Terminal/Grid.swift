import ConnectionsCore

/// One screen cell: a grapheme (or "" for the right half of a wide one) and its style role.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: StyleRole

    public static let blank = Cell(text: " ", role: .normal)
}

/// What a frame looks like, independent of any terminal: screens draw into it, tests read it.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown, if anywhere (a focused text field).
    public var cursor: (x: Int, y: Int)? {
        get { cursorPosition.map { ($0 % max(width, 1), $0 / max(width, 1)) } }
        set { cursorPosition = newValue.map { $0.y * width + $0.x } }
    }
    private var cursorPosition: Int?
    /// The rows drawing may touch now: a region's own. What is drawn elsewhere is dropped and recorded.
    public var writableRows: Range<Int>
    /// Text drawn outside the writable rows, or cut at the right edge without "…": a layout fault, which tests read.
    public private(set) var faults: [String] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
        writableRows = 0..<self.height
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes text from (x, y), clipped at `maxX` (exclusive; default the grid's width). Returns the next column.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height, writable(y, text) else { return x }
        let limit = min(maxX ?? width, width)
        var column = x
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII, the usual case: one byte, one column, no grapheme breaking.
            for (offset, byte) in text.utf8.enumerated() {
                if column + 1 > limit {
                    noteCut(text, from: offset, x: x, y: y)
                    break
                }
                if column >= 0 { self[column, y] = Cell(text: Self.asciiText[Int(byte)], role: role) }
                column += 1
            }
            return column
        }
        for (offset, character) in text.enumerated() {
            let printable = character.unicodeScalars.contains(where: TerminalText.isUnsafe) ? "�" : character
            let cellWidth = DisplayWidth.of(printable)
            if cellWidth == 0 { continue }
            if column + cellWidth > limit {
                noteCut(text, from: offset, x: x, y: y)
                break
            }
            if column >= 0 {
                self[column, y] = Cell(text: String(printable), role: role)
                if cellWidth == 2 { self[column + 1, y] = Cell(text: "", role: role) }
            }
            column += cellWidth
        }
        return column
    }

    /// Writes `title` and continues it with "─" to the right edge: a section's rule.
    public mutating func rule(_ title: String = "", x: Int = 0, y: Int, role: StyleRole) {
        let fitted = DisplayWidth.of(title) > width - x ? DisplayWidth.fit(title, columns: width - x) : title
        let end = write(fitted, x: x, y: y, role: role)
        write(String(repeating: "─", count: max(0, width - end)), x: end, y: y, role: role)
    }

    private mutating func writable(_ y: Int, _ text: String) -> Bool {
        if writableRows.contains(y) { return true }
        faults.append("row \(y) is outside the region \(writableRows): \(text)")
        return false
    }

    private mutating func noteCut(_ text: String, from offset: Int, x: Int, y: Int) {
        guard text.dropFirst(offset).contains(where: { $0 != " " }) else { return }
        faults.append("cut without … at (\(x), \(y)): \(text)")
    }

    private static let asciiText: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// Paints a rectangle's role (and blanks it).
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole) {
        for row in max(0, y)..<min(self.height, y + height) where writable(row, "(fill)") {
            for column in max(0, x)..<min(self.width, x + width) {
                self[column, row] = Cell(text: " ", role: role)
            }
        }
    }

    /// Changes the role of cells without changing their text.
    public mutating func paint(x: Int, y: Int, width: Int, role: StyleRole) {
        guard y >= 0, y < height, writable(y, "(paint)") else { return }
        for column in max(0, x)..<min(self.width, x + width) { self[column, y].role = role }
    }

    /// The text of each row, right-trimmed: what a golden file holds.
    public var lines: [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width { line += self[column, row].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The text of each row with, under it, the style role of each run of cells that is not `normal`
    /// (`  ^ 0-79 status_bar.error`): a golden file that also holds how the frame looks.
    public var styledLines: [String] {
        lines.enumerated().flatMap { row, text in
            var runs: [String] = []
            var column = 0
            while column < width {
                let role = self[column, row].role
                var end = column
                while end + 1 < width, self[end + 1, row].role == role { end += 1 }
                if role != .normal { runs.append("\(column)-\(end) \(role.rawValue)") }
                column = end + 1
            }
            return runs.isEmpty ? [text] : [text, "  ^ " + runs.joined(separator: ", ")]
        }
    }

    public static func == (lhs: Grid, rhs: Grid) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells && lhs.cursorPosition == rhs.cursorPosition
    }
}
