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

    /// The screen row of each form field on a screen `width` wide (see `formPlacement`).
    static func formRows(
        _ form: Form, top: Int, bottom: Int, width: Int, keymap: Keymap, markers: Bool = true
    ) -> [(field: Int, y: Int)] {
        formPlacement(form, top: top, bottom: bottom, width: width, keymap: keymap, markers: markers).rows
    }

    /// Where a form's fields go between `top` and `bottom` on a screen `width` wide (errors, and the focused field's
    /// hint, take rows of their own below it), scrolled to keep focus visible. A form taller than its rows gives up
    /// its last row to say how many fields continue below, and once scrolled its first to say how many are above.
    static func formPlacement(_ form: Form, top: Int, bottom: Int, width: Int, keymap: Keymap, markers: Bool = true) -> FormPlacement {
        var offsets: [(Int, Int)] = []
        var y = 0
        let valueWidth = FormView.valueWidth(screen: width)
        for (index, field) in form.fields.enumerated() {
            offsets.append((index, y))
            y += field.height(width: valueWidth, focused: index == form.focus, keymap: keymap)
        }
        let focusY = offsets.first { $0.0 == form.focus }?.1 ?? 0
        let focusHeight = form.focused?.height(width: valueWidth, focused: true, keymap: keymap) ?? 1
        func shift(_ first: Int, _ last: Int) -> Int { max(0, min(focusY, focusY + focusHeight - (last - first + 1) + 1)) }
        var first = top, last = bottom
        if markers, y > bottom - top + 1, bottom - top >= 4 {
            last = bottom - 1
            if shift(first, last) > 0 { first = top + 1 }
        }
        let moved = shift(first, last)
        let all = offsets.map { (field: $0.0, y: first + $0.1 - moved) }
        return FormPlacement(
            rows: all.filter { $0.y >= first && $0.y <= last }, first: first, last: last,
            above: first > top ? all.filter { $0.y < first }.count : 0, below: last < bottom ? all.filter { $0.y > last }.count : 0)
    }
}

/// A form's fields on screen, and how many are out of sight above and below the rows they were given.
struct FormPlacement {
    var rows: [(field: Int, y: Int)]
    /// The rows the fields are drawn in; the rows outside them (up to the region's) hold the markers.
    var first: Int
    var last: Int
    var above: Int
    var below: Int
}
