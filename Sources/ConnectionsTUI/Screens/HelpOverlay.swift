import ConnectionsCore

/// `?` (`f1` in forms): a short "How do I…", then every key binding from the keymap itself; lines wrap to the
/// overlay's width, and the whole scrolls when it is taller than the screen.
enum HelpOverlay {
    /// The questions and their answers, naming keys as the keymap binds them.
    static func howTo(_ keymap: Keymap) -> [(question: String, answer: String)] {
        func key(_ command: Command, _ contexts: [KeyContext]) -> String { keymap.key(for: command, in: contexts) }
        let page = DetailMode.page(answer: nil).contexts
        return [
            (
                "make a custom service?",
                "Custom Service tab (\(key(.nextTab, [.list, .global])) moves between tabs): give a name and the provider's URLs; "
                    + "\(key(.submit, [.form])) saves. \"Save and create connection\" goes straight on to a connection."
            ),
            (
                "connect?",
                "Pick Your Service: \(key(.open, [.list])) on a service, name the connection, \(key(.submit, [.form])) creates it and "
                    + "signs in (your browser, or paste the redirect). On a connection's page, \(key(.connect, page)) connects again."
            ),
            (
                "use the snippet?",
                "On a connection's page: \(key(.nextField, page)) edits the request, \(key(.nextLanguage, page)) picks Deluge, curl, "
                    + "Python or JavaScript, \(key(.copy, page)) copies, \(key(.tryIt, page)) tries it here first."
            ),
            (
                "share connections with a team?",
                "Keep them on PostgreSQL: start with `connections --store postgresql://USER@HOST/DB` (or set CONNECTIONS_STORE) and the "
                    + "team's key in CONNECTIONS_KEY (`connections key new` makes one); `connections store copy --to URL` moves what you "
                    + "have. What other machines change shows here within a second."
            ),
            (
                "move a connection to another machine?",
                "Use the same team store on both. Or services: `connections service export NAME` there, `service import FILE` here; "
                    + "connections: copy the data directory with its vault.key (or give the key as CONNECTIONS_KEY) while no command runs, "
                    + "and afterwards use it from one machine only, since rotating refresh tokens cannot be shared by two copies."
            ),
        ]
    }

    /// Every line of the overlay at `width` columns, with the style of each.
    static func lines(_ keymap: Keymap, width: Int) -> [(text: String, role: StyleRole)] {
        var lines: [(String, StyleRole)] = [("How do I…", .header)]
        for item in howTo(keymap) {
            let rows = WordWrap.lines(item.answer, width: max(10, width - 4))
            lines.append(("… " + item.question, .helpKey))
            lines += rows.map { ("  " + $0, .help) }
        }
        lines.append(("", .help))
        lines.append(("Keys", .header))
        lines += WordWrap.lines(
            "In a form or a text field, letters and \(keymap.key(for: .help, in: [.global])) type themselves: \(keymap.helpInForms) opens "
                + "this help there.", width: max(10, width - 2)
        )
        .map { ("  " + $0, .help) }
        // Keys are never cut: the column is as wide as the widest keys, and keys too wide for half the overlay
        // take a row of their own above what they do.
        let keyColumn = min(keymap.helpRows.map { DisplayWidth.of($0.keys) }.max() ?? 0, width / 2)
        let indent = String(repeating: " ", count: keyColumn + 1)
        for row in keymap.helpRows {
            var keys = DisplayWidth.of(row.keys) <= keyColumn ? DisplayWidth.fit(row.keys, columns: keyColumn) + " " : nil
            if keys == nil { lines += WordWrap.lines(row.keys, width: max(10, width)).map { ($0, .helpKey) } }
            for part in WordWrap.lines("\(row.help) (\(row.context.rawValue))", width: max(10, width - keyColumn - 1)) {
                lines.append(((keys ?? indent) + part, keys == nil ? .help : .helpKey))
                keys = nil
            }
        }
        return lines
    }

    /// Covers the rows from `top` to `bottom` across the whole width: nothing of the screen below shows at its edges.
    static func draw(_ keymap: Keymap, scroll: Int, top: Int, bottom: Int, into grid: inout Grid) {
        let width = min(grid.width - 2, 100)
        let left = (grid.width - width) / 2
        let height = bottom - top + 1
        let content = lines(keymap, width: width - 2)
        let shown = height - 2
        let first = max(0, min(scroll, content.count - shown))
        grid.fill(x: 0, y: top, width: grid.width, height: height, role: .normal)
        grid.fill(x: left, y: top, width: width, height: height, role: .help)
        grid.write(
            "Help (\(keymap.scrollKeys(in: [.list])) scroll, any other key closes)", x: left + 1, y: top, role: .header, maxX: left + width)
        for (offset, line) in content.dropFirst(first).prefix(shown).enumerated() {
            grid.write(line.text, x: left + 1, y: top + 1 + offset, role: line.role, maxX: left + width - 1)
        }
        let below = content.count - first - shown
        if below > 0 {
            grid.write("↓ \(below) more lines", x: left + 1, y: top + height - 1, role: .helpKey, maxX: left + width)
        } else if first > 0 {
            grid.write("↑ the start is above", x: left + 1, y: top + height - 1, role: .helpKey, maxX: left + width)
        }
    }

    /// The largest useful scroll for this screen, so that scrolling stops at the end.
    static func maximumScroll(_ keymap: Keymap, width: Int, pageHeight: Int) -> Int {
        let overlayWidth = min(width - 2, 100)
        return max(0, lines(keymap, width: overlayWidth - 2).count - (pageHeight - 4))
    }
}
