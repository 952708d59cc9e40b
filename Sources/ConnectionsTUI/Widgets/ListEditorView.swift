import ConnectionsCore

/// A list field on two rows: its items (checkboxes in a checklist; the selected one highlighted while focused),
/// then the row where the next item is typed.
enum ListEditorView {
    static func draw(_ list: ListEditor, keymap: Keymap, x: Int, y: Int, width: Int, focused: Bool, bottom: Int, into grid: inout Grid) {
        let cells = list.items.enumerated().map { index, item in
            list.checked.map { ($0[index] ? "[x] " : "[ ] ") + item } ?? item
        }
        if cells.isEmpty {
            grid.write("(none yet)", x: x, y: y, role: .dim)
        } else {
            // Start late enough that the selected item shows.
            var first = 0
            while first < list.selected, DisplayWidth.of(cells[first...list.selected].joined(separator: "  ")) > width - 4 { first += 1 }
            var column = x
            if first > 0 { column = grid.write("… ", x: column, y: y, role: .dim) }
            for index in first..<cells.count {
                let role: StyleRole = focused && index == list.selected && list.input.text.isEmpty ? .selection : .field
                if column + DisplayWidth.of(cells[index]) > x + width - 2 {
                    grid.write("…", x: column, y: y, role: .dim)
                    break
                }
                column = grid.write(cells[index], x: column, y: y, role: role)
                column += 2
            }
        }
        guard y + 1 <= bottom else { return }
        // The row where the next item is typed (the cursor's, while focused) is marked as part of the focused field.
        let prompt = grid.write("+ ", x: x, y: y + 1, role: focused ? .fieldFocused : .label)
        if focused {
            FormView.drawLine(list.input, x: prompt, y: y + 1, width: max(1, width - (prompt - x)), focused: true, into: &grid)
            if list.input.text.isEmpty {
                let keys = Chrome.fitted(hints(list, keymap).joined(separator: " · "), width: x + width - prompt - 1)
                grid.write(keys, x: prompt + 1, y: y + 1, role: .dim)
            }
        } else {
            grid.write(list.kind == .pair ? "key=value" : "add one", x: prompt, y: y + 1, role: .dim)
        }
    }

    /// What the keys do here, each named as the keymap binds it.
    static func hints(_ list: ListEditor, _ keymap: Keymap) -> [String] {
        func key(_ command: Command) -> String { keymap.key(for: command, in: [.listEditor]) }
        var hints = ["type, " + keymap.hint(.activate, "adds", in: [.field]), key(.previousItem) + key(.nextItem) + " select"]
        if list.checked != nil { hints.append(keymap.hint(.checkItem, "checks", in: [.listEditor])) }
        hints.append(keymap.hint(.removeItem, "removes", in: [.listEditor]))
        if list.checked == nil { hints.append(key(.moveItemUp) + " " + key(.moveItemDown) + " move") }
        return hints
    }
}
