import ConnectionsCore

/// Draws a form: a label column, then the value; errors on the row below their field.
enum FormView {
    static let valueX = 2 + Layout.labelWidth

    static func valueWidth(screen width: Int) -> Int { max(10, width - valueX - 1) }

    static func draw(_ form: Form, keymap: Keymap, into grid: inout Grid, top: Int, bottom regionBottom: Int, markers: Bool = true) {
        let valueX = Self.valueX
        let valueWidth = valueWidth(screen: grid.width)
        let placement = Layout.formPlacement(form, top: top, bottom: regionBottom, width: grid.width, keymap: keymap, markers: markers)
        let bottom = placement.last
        let next = keymap.key(for: .nextField, in: [.form]), previous = keymap.key(for: .previousField, in: [.form])
        if placement.above > 0 {
            grid.write(fitted("↑ \(fieldCount(placement.above)) above · \(previous) goes up", grid.width - 2), x: 1, y: top, role: .dim)
        }
        if placement.below > 0 {
            let text = "↓ \(fieldCount(placement.below)) below · \(next) goes down"
            grid.write(fitted(text, grid.width - 2), x: 1, y: regionBottom, role: .dim)
        }
        for (index, y) in placement.rows {
            let field = form.fields[index]
            let focused = index == form.focus
            let hint = field.hint(keymap)
            switch field.kind {
            case .button:
                grid.write("[ \(field.label) ]", x: valueX, y: y, role: focused ? .buttonFocused : .button)
                continue
            default:
                grid.write(DisplayWidth.fit(field.label, columns: Layout.labelWidth), x: 1, y: y, role: focused ? .fieldFocused : .label)
            }
            switch field.kind {
            case .text(let text):
                drawLine(text, x: valueX, y: y, width: valueWidth, focused: focused, into: &grid)
                if text.display.isEmpty, !focused, let hint { grid.write(fitted(hint, valueWidth), x: valueX, y: y, role: .dim) }
            case .choice(let options, let selected):
                grid.write("‹ \(options[selected]) ›", x: valueX, y: y, role: focused ? .fieldFocused : .field)
            case .toggle(let on):
                grid.write(on ? "[x] on" : "[ ] off", x: valueX, y: y, role: focused ? .fieldFocused : .field)
            case .info(let text):
                for (offset, line) in WordWrap.lines(text, width: valueWidth).enumerated() where y + offset <= bottom {
                    grid.write(line, x: valueX, y: y + offset, role: .normal)
                }
            case .list(let list):
                ListEditorView.draw(list, keymap: keymap, x: valueX, y: y, width: valueWidth, focused: focused, bottom: bottom, into: &grid)
            case .button:
                break
            }
            let notesTop = y + field.valueLines(width: valueWidth)
            for (offset, note) in field.notes(width: valueWidth, focused: focused, keymap: keymap).enumerated()
            where notesTop + offset <= bottom {
                grid.write(note.text, x: valueX, y: notesTop + offset, role: note.role)
            }
        }
    }

    static func fieldCount(_ count: Int) -> String { count == 1 ? "1 more field" : "\(count) more fields" }

    /// A placeholder in its one row: whole, or cut with "…" (the focused field shows it whole below).
    static func fitted(_ text: String, _ width: Int) -> String {
        DisplayWidth.of(text) <= width ? text : DisplayWidth.prefix(text, columns: width - 1) + "…"
    }

    /// One text field on one row, scrolled so that the cursor stays in view.
    static func drawLine(_ text: TextField, x: Int, y: Int, width: Int, focused: Bool, into grid: inout Grid) {
        let shown = text.display
        let cursorColumn = text.cursorColumn
        let start = max(0, cursorColumn - width + 1)
        let visible = String(DisplayWidth.prefix(String(shown.dropFirst(dropCount(shown, columns: start))), columns: width))
        grid.fill(x: x, y: y, width: width, height: 1, role: focused ? .fieldFocused : .field)
        grid.write(visible, x: x, y: y, role: focused ? .fieldFocused : .field)
        if focused { grid.cursor = (x: x + cursorColumn - start, y: y) }
    }

    /// How many characters of `text` make up its first `columns` display columns.
    private static func dropCount(_ text: String, columns: Int) -> Int {
        var used = 0, count = 0
        for character in text {
            if used >= columns { break }
            used += DisplayWidth.of(character)
            count += 1
        }
        return count
    }
}
