/// How table columns share a width by what they hold. Every column gets what its widest cell needs when all fit
/// (the rest is shared in proportion, so that one short row does not give one column the whole width). Otherwise
/// each keeps a readable minimum, the `first` columns (a status, an expiry) grow to their widest cell, and what is
/// left raises the narrowest of the others first, so that no column is starved while another keeps room it does not
/// need. Nothing is ever wider than `total`.
enum ColumnWidths {
    static func share(total: Int, natural: [Int], minimum: [Int], first: Set<Int> = [], gap: Int = 1) -> [Int] {
        let room = max(0, total - gap * max(0, natural.count - 1))
        let wanted = zip(natural, minimum).map { max($0, $1) }
        var widths = wanted
        if wanted.reduce(0, +) <= room {
            let sum = wanted.reduce(0, +), spare = room - sum
            for index in widths.indices { widths[index] += spare * wanted[index] / max(1, sum) }
            if !widths.isEmpty { widths[0] += room - widths.reduce(0, +) }
            return widths
        }
        widths = zip(natural, minimum).map { min($0, $1) }
        if widths.reduce(0, +) > room { return widths.map { $0 * room / max(1, widths.reduce(0, +)) } }
        var spare = room - widths.reduce(0, +)
        for index in widths.indices.sorted(by: { first.contains($0) && !first.contains($1) }) where first.contains(index) {
            let more = min(spare, wanted[index] - widths[index])
            widths[index] += more
            spare -= more
        }
        // Water-filling: one column at a time to the narrowest that still wants more.
        while spare > 0, let index = widths.indices.filter({ widths[$0] < wanted[$0] }).min(by: { widths[$0] < widths[$1] }) {
            widths[index] += 1
            spare -= 1
        }
        return widths
    }
}
