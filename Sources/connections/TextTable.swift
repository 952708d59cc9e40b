import ConnectionsCore

/// Columns padded by display width, for human-readable listings; each cell on one line (a line break shows as ␤).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.singleLine) }
        var widths = header.map { _ in 0 }
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : DisplayWidth.fit(cell, columns: widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
