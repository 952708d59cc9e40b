import ConnectionsCore

/// A list's table under its filter line: the column titles, then the rows that fit above `bottom`, scrolled so
/// that the selected one shows, and highlighted.
struct ListTable {
    let titles: [String]
    /// Each column's readable minimum, for `ColumnWidths.share`.
    let minimum: [Int]
    /// The columns that grow to their widest cell first (see `ColumnWidths.share`).
    let first: Set<Int>

    /// `cells` makes a row's texts, in the order of `titles`; `role` styles a cell by its row and column.
    func draw<Rows: Collection>(
        _ rows: Rows, selected: Int, bottom: Int, into grid: inout Grid, cells: (Rows.Element) -> [String],
        role: (Rows.Element, _ column: Int) -> StyleRole
    ) {
        let scroll = Layout.scroll(selected: selected, bottom: bottom)
        let shown = Array(rows.dropFirst(scroll).prefix(Layout.listHeight(bottom: bottom)))
        let texts = shown.map(cells)
        let columns = ColumnWidths.share(total: grid.width - 2, natural: natural(texts), minimum: minimum, first: first)
        var x = 1
        for (title, width) in zip(titles, columns) {
            grid.write(DisplayWidth.fit(title, columns: width), x: x, y: Layout.listTop - 1, role: .label)
            x += width + 1
        }
        for (offset, row) in shown.enumerated() {
            let y = Layout.listTop + offset
            var x = 1
            for (column, (text, width)) in zip(texts[offset], columns).enumerated() {
                grid.write(DisplayWidth.fit(text, columns: width), x: x, y: y, role: role(row, column))
                x += width + 1
            }
            if scroll + offset == selected { grid.paint(x: 0, y: y, width: grid.width, role: .selection) }
        }
    }

    /// The widest cell of each column, its title included.
    private func natural(_ cells: [[String]]) -> [Int] {
        titles.indices.map { column in cells.reduce(DisplayWidth.of(titles[column])) { max($0, DisplayWidth.of($1[column])) } }
    }
}
