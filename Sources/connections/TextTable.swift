import ConnectionsCore

/// Columns padded by display width, for human-readable listings; each cell on one line (a line break shows as ␤).
enum TextTable {
    static let gap = "  "

    /// The table at most `width` columns wide when given (the widest columns are cut first, their cells ending in
    /// "…", as gh does); whole when `width` is nil (piped output stays whole for scripts).
    static func render(header: [String], rows: [[String]], width: Int? = nil) -> String {
        // Two passes over the cells, measuring then writing, with no copy of the table in between: most cells are
        // printable ASCII, for which both steps are a scan of bytes.
        var widths = header.map { _ in 0 }
        for row in [[header], rows].joined() {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], measured(cell).width) }
        }
        if let width { widths = shrink(widths, to: width - gap.count * (widths.count - 1)) }
        var output: [UInt8] = []
        output.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + gap.count * widths.count + 1))
        for row in [[header], rows].joined() {
            for (index, cell) in row.enumerated() {
                if index > 0 { output.append(contentsOf: gap.utf8) }
                let (line, lineWidth) = measured(cell)
                if lineWidth > widths[index] {
                    output.append(contentsOf: DisplayWidth.fit(line, columns: widths[index]).utf8)
                } else {
                    output.append(contentsOf: line.utf8)
                    guard index < row.count - 1 else { continue }
                    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[index] - lineWidth))
                }
            }
            output.append(UInt8(ascii: "\n"))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The cell on one line, and its width: printable ASCII as it is, one column a byte.
    private static func measured(_ cell: String) -> (line: String, width: Int) {
        if TerminalText.isPrintableASCII(cell) { return (cell, cell.utf8.count) }
        let line = TerminalText.singleLine(cell)
        return (line, DisplayWidth.of(line))
    }

    /// Takes a column at a time from the widest until the columns fit in `room`, keeping each at least a few wide.
    static func shrink(_ natural: [Int], to room: Int, minimum: Int = 5) -> [Int] {
        var widths = natural
        var excess = widths.reduce(0, +) - room
        while excess > 0, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > minimum {
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }
}
