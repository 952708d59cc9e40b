import ConnectionsCore

/// Text broken into rows of a given width: words kept whole where they fit, long runs (URLs) cut.
enum WordWrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var rows: [String] = []
        var row = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = row.isEmpty ? word : row + " " + word
            if DisplayWidth.of(candidate) <= width {
                row = candidate
                continue
            }
            if !row.isEmpty { rows.append(row) }
            row = word
            while DisplayWidth.of(row) > width {
                let head = DisplayWidth.prefix(row, columns: width)
                rows.append(head)
                row = String(row.dropFirst(head.count))
            }
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }
}
