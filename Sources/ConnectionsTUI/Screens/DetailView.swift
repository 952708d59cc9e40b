import ConnectionsCore
import Foundation

/// A connection's page: what it is, its status, its actions, the request builder and the code box.
enum DetailView {
    static func draw(_ detail: DetailState, now: Date, keymap: Keymap, check: ConnectionCheck?, bottom: Int, into grid: inout Grid) {
        let connection = detail.connection
        let layout = DetailLayout(detail, now: now, width: grid.width, bottom: bottom, keymap: keymap, check: check)
        grid.write(connection.name, x: 1, y: Layout.contentTop, role: .header)
        for (offset, row) in layout.infoRows.enumerated() {
            grid.write(DisplayWidth.fit(row.label, columns: 16), x: 1, y: Layout.contentTop + 1 + offset, role: .label)
            grid.write(row.value, x: DetailLayout.valueX, y: Layout.contentTop + 1 + offset, role: row.role)
        }
        for action in layout.actions { grid.write(action.label, x: action.x, y: action.y, role: .button) }
        var y = layout.panelTop
        if let form = detail.credentials {
            grid.rule("── \(detail.service.auth.type.displayName) credentials (stored encrypted) ", y: y, role: .border)
            FormView.draw(form, keymap: keymap, into: &grid, top: y + 1, bottom: bottom)
            return
        }
        if let wait = detail.connecting {
            ConnectPanel.draw(wait, link: connection.linkName, keymap: keymap, into: &grid, top: y, bottom: bottom)
            return
        }
        grid.rule("── Request ", y: y, role: .border)
        var request = detail.request
        if !detail.editing { request.focus = -1 }
        FormView.draw(request, keymap: keymap, into: &grid, top: layout.requestTop, bottom: layout.requestBottom, markers: false)
        y = layout.codeHeaderRow
        if let tryIt = detail.tryIt {
            ResponseBox.draw(tryIt, keymap: keymap, into: &grid, top: y, bottom: bottom)
            return
        }
        let languages = SnippetLanguage.available(for: detail.service).map { DetailLayout.label($0, chosen: detail.language) }.joined(
            separator: " ")
        grid.rule(DetailLayout.codeHeaderPrefix + languages + " ", y: y, role: .border)
        y += 1
        CodeBox.draw(
            snippet(detail), language: detail.language, scroll: detail.codeScroll,
            scrollKeys: keymap.scrollKeys(in: DetailMode.page(answer: nil).contexts),
            headerEnd: DisplayWidth.of(DetailLayout.codeHeaderPrefix + languages), into: &grid, top: y,
            bottom: bottom)
    }
}
