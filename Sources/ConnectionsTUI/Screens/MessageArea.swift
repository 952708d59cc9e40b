import ConnectionsCore

/// The rows above the status bar that hold the current message or question, wrapped into whole words. They are
/// taken from the body, so nothing draws over them.
enum MessageArea {
    /// The message's rows at this width: up to a quarter of the screen; what is left over ends in "…".
    static func lines(_ state: AppState) -> [String] {
        guard let status = state.status, state.width >= Layout.minimumWidth, state.height >= Layout.minimumHeight else { return [] }
        var lines = WordWrap.lines(status.text, width: state.width - 2)
        let room = max(1, state.height / 4)
        if lines.count > room {
            lines = Array(lines.prefix(room))
            lines[room - 1] = DisplayWidth.fit(lines[room - 1], columns: state.width - 4).trimmingTrailingSpaces + " …"
        }
        return lines
    }

    static func draw(_ status: StatusLine, lines: [String], top: Int, into grid: inout Grid) {
        let role: StyleRole = status.isError ? .statusBarError : .statusBar
        grid.fill(x: 0, y: top, width: grid.width, height: lines.count, role: role)
        for (offset, line) in lines.enumerated() {
            grid.write(" " + line, x: 0, y: top + offset, role: role)
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
