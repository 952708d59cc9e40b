import ConnectionsCore
import Foundation

/// The answer of "Try it": status and time, then headers and body, scrollable; JSON highlighted by theme roles.
enum ResponseBox {
    static func draw(_ tryIt: TryItState, keymap: Keymap, into grid: inout Grid, top: Int, bottom: Int) {
        guard top <= bottom else { return }
        let esc = keymap.key(for: .back, in: [.detail, .list, .global])
        let arrows = keymap.scrollKeys(in: [.list])
        guard let response = tryIt.response else {
            grid.rule("── Response ", y: top, role: .border)
            grid.write("Sending… (\(esc) cancels)", x: 2, y: min(top + 1, bottom), role: .statusExpired)
            return
        }
        let lines = response.lines
        // The summary wraps: a refusal says how to fix it in its second half.
        let summary = WordWrap.lines(response.summary, width: grid.width - 3)
        let room = max(0, bottom - top - summary.count)
        var title = "── Response "
        if lines.count > room {
            title +=
                "(lines \(tryIt.scroll + 1)-\(min(lines.count, tryIt.scroll + room)) of \(lines.count)"
                + " · \(arrows) scroll · \(esc) closes) "
        } else {
            title += "(\(esc) closes) "
        }
        grid.rule(title, y: top, role: .border)
        guard top + 1 <= bottom else { return }
        for (offset, line) in summary.enumerated() where top + 1 + offset <= bottom {
            grid.write(line, x: 2, y: top + 1 + offset, role: response.isError ? .fieldError : .statusConnected)
        }
        let keywords: Set<String> = response.isJSON ? ["true", "false", "null"] : []
        CodeBox.drawLines(
            lines, keywords: keywords, comment: nil, scroll: tryIt.scroll, into: &grid, top: top + 1 + summary.count, bottom: bottom)
    }
}
