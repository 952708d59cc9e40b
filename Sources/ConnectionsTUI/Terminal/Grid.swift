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

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes text from (x, y), clipped at `maxX` (exclusive; default the grid's width). Returns the next column.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        var column = x
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII, the usual case: one byte, one column, no grapheme breaking.
            for byte in text.utf8 {
                if column + 1 > limit { break }
                if column >= 0 { self[column, y] = Cell(text: Self.asciiText[Int(byte)], role: role) }
                column += 1
            }
            return column
        }
        for character in text {
            let printable = character.unicodeScalars.contains(where: TerminalText.isUnsafe) ? "�" : character
            let cellWidth = DisplayWidth.of(printable)
            if cellWidth == 0 { continue }
            if column + cellWidth > limit { break }
            if column >= 0 {
                self[column, y] = Cell(text: String(printable), role: role)
                if cellWidth == 2 { self[column + 1, y] = Cell(text: "", role: role) }
            }
            column += cellWidth
        }
        return column
    }

    private static let asciiText: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }

    /// Paints a rectangle's role (and blanks it).
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, role: StyleRole) {
        for row in max(0, y)..<min(self.height, y + height) {
            for column in max(0, x)..<min(self.width, x + width) {
                self[column, row] = Cell(text: " ", role: role)
            }
        }
    }

    /// Changes the role of cells without changing their text.
    public mutating func paint(x: Int, y: Int, width: Int, role: StyleRole) {
        guard y >= 0, y < height else { return }
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

    public static func == (lhs: Grid, rhs: Grid) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells && lhs.cursorPosition == rhs.cursorPosition
    }
}
