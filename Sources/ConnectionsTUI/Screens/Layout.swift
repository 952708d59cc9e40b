import ConnectionsCore

/// Where things are on screen; render draws there and mouse clicks are read back through the same numbers.
enum Layout {
    static let minimumWidth = 60
    static let minimumHeight = 15
    static let headerRow = 0
    static let tabRow = 1
    static let contentTop = 3
    static let labelWidth = 28

    static func statusRow(height: Int) -> Int { height - 1 }
    /// The body's last row on a page `height` rows tall (see `pageHeight`).
    static func contentBottom(height: Int) -> Int { height - 2 }

    /// The screen's height less the message area: the body is laid out as if the screen were this tall, and the
    /// message takes the rows between the body and the status bar.
    static func pageHeight(_ state: AppState) -> Int { state.height - MessageArea.lines(state).count }

    /// Each tab's title and its columns on the tab row.
    static func tabs() -> [(tab: Tab, x: Int, width: Int)] {
        var x = 1
        return Tab.allCases.map { tab in
            defer { x += DisplayWidth.of(tab.title) + 5 }
            return (tab, x, DisplayWidth.of(tab.title) + 2)
        }
    }

    /// First row of a list's entries (after the filter line and the column titles).
    static let listTop = contentTop + 2

    static func listHeight(bottom: Int) -> Int { max(0, bottom - listTop + 1) }

    /// The first visible row so that `selected` stays on screen.
    static func scroll(selected: Int, bottom: Int) -> Int {
        let visible = max(1, listHeight(bottom: bottom))
        return max(0, selected - visible + 1)
    }

    /// The screen row of each form field on a screen `width` wide (errors, and the focused field's hint, take rows
    /// of their own below it), scrolled to keep focus visible.
    static func formRows(_ form: Form, top: Int, bottom: Int, width: Int, keymap: Keymap) -> [(field: Int, y: Int)] {
        var offsets: [(Int, Int)] = []
        var y = 0
        let valueWidth = FormView.valueWidth(screen: width)
        for (index, field) in form.fields.enumerated() {
            offsets.append((index, y))
            y += field.height(width: valueWidth, focused: index == form.focus, keymap: keymap)
        }
        let visible = bottom - top + 1
        let focusY = offsets.first { $0.0 == form.focus }?.1 ?? 0
        let focusHeight = form.focused?.height(width: valueWidth, focused: true, keymap: keymap) ?? 1
        let shift = max(0, min(focusY, focusY + focusHeight - visible + 1))
        return offsets.map { (field: $0.0, y: top + $0.1 - shift) }.filter { $0.y >= top && $0.y <= bottom }
    }
}
