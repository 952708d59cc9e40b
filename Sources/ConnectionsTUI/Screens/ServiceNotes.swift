import ConnectionsCore

/// Under the new connection form, in the rows the form leaves free: the service's notes (where to register an app,
/// what gives a refresh token, its quirks), wrapped to the width.
enum ServiceNotes {
    static func draw(_ service: Service, below form: Form, keymap: Keymap, top: Int, bottom: Int, into grid: inout Grid) {
        guard !service.notes.isEmpty else { return }
        let width = FormView.valueWidth(screen: grid.width)
        let formHeight = form.fields.enumerated().reduce(0) {
            $0 + $1.element.height(width: width, focused: $1.offset == form.focus, keymap: keymap)
        }
        let first = top + formHeight + 1
        guard first + 1 <= bottom else { return }
        grid.rule("── About \(service.name) ", y: first, role: .border)
        let lines = WordWrap.lines(service.notes, width: grid.width - 3)
        let room = bottom - first
        for (offset, line) in lines.prefix(room).enumerated() {
            let cut = offset == room - 1 && lines.count > room
            grid.write(cut ? DisplayWidth.fit(line, columns: grid.width - 5) + " …" : line, x: 1, y: first + 1 + offset, role: .dim)
        }
    }
}
