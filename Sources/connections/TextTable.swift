import ConnectionsCore

/// Columns padded by display width, for human-readable listings; each cell on one line (a line break shows as ␤).
enum TextTable {
    static let gap = "  "

    /// The table at most `width` columns wide when given (the widest columns are cut first, their cells ending in
    /// "…", as gh does); whole when `width` is nil (piped output stays whole for scripts).
    static func render(header: [String], rows: [[String]], width: Int? = nil) -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.singleLine) }
        var widths = header.map { _ in 0 }
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        if let width { widths = shrink(widths, to: width - gap.count * (widths.count - 1)) }
        return all.map { row in
            row.enumerated().map { index, cell in
                if index < row.count - 1 { return DisplayWidth.fit(cell, columns: widths[index]) }
                return DisplayWidth.of(cell) <= widths[index] ? cell : DisplayWidth.fit(cell, columns: widths[index])
            }.joined(separator: gap)
        }.joined(separator: "\n") + "\n"
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
