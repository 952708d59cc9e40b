import ConnectionsCore
import Foundation

/// A connection's page: what it is, its status, its actions, the request builder and the code box.
enum DetailView {
    static func draw(_ detail: DetailState, now: Date, into grid: inout Grid) {
        let connection = detail.connection
        let layout = DetailLayout(detail, now: now, height: grid.height)
        grid.write(connection.name, x: 1, y: Layout.contentTop, role: .header)
        for (offset, row) in layout.infoRows.enumerated() {
            grid.write(DisplayWidth.fit(row.label, columns: 16), x: 1, y: Layout.contentTop + 1 + offset, role: .label)
            grid.write(row.value, x: 18, y: Layout.contentTop + 1 + offset, role: row.role)
        }
        for action in layout.actions { grid.write(action.label, x: action.x, y: layout.actionsRow, role: .button) }
        var y = layout.panelTop
        let bottom = Layout.contentBottom(height: grid.height)
        if let form = detail.credentials {
            grid.write("── \(detail.service.auth.type.displayName) credentials (stored encrypted) " + String(repeating: "─", count: grid.width), x: 0, y: y, role: .border)
            FormView.draw(form, into: &grid, top: y + 1, bottom: bottom)
            return
        }
        if let wait = detail.connecting {
            ConnectPanel.draw(wait, link: connection.linkName, into: &grid, top: y, bottom: bottom)
            return
        }
        grid.write("── Request " + String(repeating: "─", count: max(0, grid.width - 12)), x: 0, y: y, role: .border)
        var request = detail.request
        if !detail.editing { request.focus = -1 }
        FormView.draw(request, into: &grid, top: layout.requestTop, bottom: layout.requestBottom)
        y = layout.codeHeaderRow
        if let tryIt = detail.tryIt {
            ResponseBox.draw(tryIt, into: &grid, top: y, bottom: bottom)
            return
        }
        let languages = SnippetLanguage.allCases.map { DetailLayout.label($0, chosen: detail.language) }.joined(separator: " ")
        grid.write(DetailLayout.codeHeaderPrefix + languages + " " + String(repeating: "─", count: grid.width), x: 0, y: y, role: .border)
        y += 1
        CodeBox.draw(snippet(detail), language: detail.language, scroll: detail.codeScroll, into: &grid, top: y, bottom: Layout.contentBottom(height: grid.height))
    }
}

/// Source code drawn with highlighting by theme roles: keywords, strings, numbers, comments.
enum CodeBox {
    static let keywords: [SnippetLanguage: Set<String>] = [
        .deluge: ["response", "invokeurl", "url", "type", "parameters", "headers", "body", "connection", "info", "Map", "put", "GET", "POST", "PUT", "PATCH", "DELETE"],
        .curl: ["curl", "connections", "token", "invoke"],
        .python: ["import", "def", "return", "print", "True", "False", "None"],
        .javascript: ["import", "from", "const", "await", "new", "console", "log"],
    ]

    static func draw(_ code: String, language: SnippetLanguage, scroll: Int, into grid: inout Grid, top: Int, bottom: Int) {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let hidden = lines.count - scroll - (bottom - top + 1)
        if hidden > 0 || scroll > 0 {
            let note = "lines \(scroll + 1)-\(min(lines.count, scroll + bottom - top + 1)) of \(lines.count) · ↑↓ scroll"
            grid.write(note, x: max(0, grid.width - DisplayWidth.of(note) - 2), y: top - 1, role: .dim)
        }
        drawLines(lines.map(String.init), keywords: keywords[language] ?? [], comment: language == .javascript ? "//" : "#", scroll: scroll, into: &grid, top: top, bottom: bottom)
    }

    static func drawLines(_ lines: [String], keywords: Set<String>, comment: String?, scroll: Int, into grid: inout Grid, top: Int, bottom: Int) {
        for (offset, line) in lines.dropFirst(scroll).enumerated() {
            let y = top + offset
            guard y <= bottom else { break }
            var x = 2
            for (text, role) in tokens(line.replacingOccurrences(of: "\t", with: "    "), keywords: keywords, comment: comment) {
                x = grid.write(text, x: x, y: y, role: role)
                if x >= grid.width { break }
            }
        }
    }

    static func tokens(_ line: String, language: SnippetLanguage) -> [(String, StyleRole)] {
        tokens(line, keywords: keywords[language] ?? [], comment: language == .javascript ? "//" : "#")
    }

    static func tokens(_ line: String, keywords: Set<String>, comment: String?) -> [(String, StyleRole)] {
        var result: [(String, StyleRole)] = []
        var rest = Substring(line)
        while let first = rest.first {
            if let comment, rest.hasPrefix(comment) {
                result.append((String(rest), .codeComment))
                break
            }
            if first == "\"" || first == "'" {
                var end = rest.index(after: rest.startIndex)
                while end < rest.endIndex, rest[end] != first {
                    if rest[end] == "\\" { end = rest.index(after: end) }
                    if end < rest.endIndex { end = rest.index(after: end) }
                }
                if end < rest.endIndex { end = rest.index(after: end) }
                result.append((String(rest[..<end]), .codeString))
                rest = rest[end...]
            } else if first.isLetter || first == "_" {
                let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                result.append((String(word), keywords.contains(String(word)) ? .codeKeyword : .codeText))
                rest = rest.dropFirst(word.count)
            } else if first.isNumber {
                let number = rest.prefix { $0.isNumber || $0 == "_" || $0 == "." }
                result.append((String(number), .codeNumber))
                rest = rest.dropFirst(number.count)
            } else {
                result.append((String(first), .codeText))
                rest = rest.dropFirst()
            }
        }
        return result
    }
}

/// The answer of "Try it": status and time, then headers and body, scrollable; JSON highlighted by theme roles.
enum ResponseBox {
    static func draw(_ tryIt: TryItState, into grid: inout Grid, top: Int, bottom: Int) {
        guard top <= bottom else { return }
        guard let response = tryIt.response else {
            grid.write("── Response " + String(repeating: "─", count: grid.width), x: 0, y: top, role: .border)
            grid.write("Sending… (esc cancels)", x: 2, y: min(top + 1, bottom), role: .statusExpired)
            return
        }
        let lines = response.lines
        var title = "── Response "
        if lines.count > bottom - top {
            title += "(lines \(tryIt.scroll + 1)-\(min(lines.count, tryIt.scroll + bottom - top)) of \(lines.count) · ↑↓ scroll · esc closes) "
        } else {
            title += "(esc closes) "
        }
        grid.write(title + String(repeating: "─", count: grid.width), x: 0, y: top, role: .border)
        guard top + 1 <= bottom else { return }
        grid.write(response.summary, x: 2, y: top + 1, role: response.isError ? .fieldError : .statusConnected)
        let keywords: Set<String> = response.isJSON ? ["true", "false", "null"] : []
        CodeBox.drawLines(lines, keywords: keywords, comment: nil, scroll: tryIt.scroll, into: &grid, top: top + 2, bottom: bottom)
    }
}
