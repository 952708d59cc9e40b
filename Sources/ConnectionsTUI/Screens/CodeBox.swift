import ConnectionsCore

/// Source code drawn with highlighting by theme roles: keywords, strings, numbers, comments.
enum CodeBox {
    static let keywords: [SnippetLanguage: Set<String>] = [
        .deluge: [
            "response", "invokeurl", "url", "type", "parameters", "headers", "body", "connection", "info", "Map", "put", "GET", "POST",
            "PUT", "PATCH", "DELETE",
        ],
        .curl: ["curl", "connections", "token", "invoke"],
        .python: ["import", "def", "return", "print", "True", "False", "None"],
        .javascript: ["import", "from", "const", "await", "new", "console", "log"],
    ]

    /// `headerEnd`: the first column after the header's own text (the language names), which the scroll note
    /// never covers: it shortens, and is left out when even the short form does not fit. `scrollKeys` names the keys
    /// that scroll it, as bound ("↑↓").
    static func draw(
        _ code: String, language: SnippetLanguage, scroll: Int, scrollKeys: String, headerEnd: Int, into grid: inout Grid, top: Int,
        bottom: Int
    ) {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        let hidden = lines.count - scroll - (bottom - top + 1)
        if hidden > 0 || scroll > 0 {
            let last = min(lines.count, scroll + bottom - top + 1)
            let notes = [
                "lines \(scroll + 1)-\(last) of \(lines.count) · \(scrollKeys) scroll",
                "\(scroll + 1)-\(last)/\(lines.count) \(scrollKeys)",
            ]
            if let note = notes.first(where: { grid.width - DisplayWidth.of($0) - 2 > headerEnd }) {
                grid.write(note, x: grid.width - DisplayWidth.of(note) - 2, y: top - 1, role: .dim)
            }
        }
        drawLines(
            lines.map(String.init), keywords: keywords[language] ?? [], comment: [.javascript, .mcp].contains(language) ? "//" : "#",
            scroll: scroll,
            into: &grid, top: top, bottom: bottom)
    }

    static func drawLines(
        _ lines: [String], keywords: Set<String>, comment: String?, scroll: Int, into grid: inout Grid, top: Int, bottom: Int
    ) {
        for (offset, line) in lines.dropFirst(scroll).enumerated() {
            let y = top + offset
            guard y <= bottom else { break }
            // A line wider than the box ends in "…" at its edge.
            var x = 2
            let limit = grid.width - 1
            for (text, role) in tokens(line.replacingOccurrences(of: "\t", with: "    "), keywords: keywords, comment: comment) {
                if x + DisplayWidth.of(text) > limit {
                    x = grid.write(DisplayWidth.prefix(text, columns: limit - x), x: x, y: y, role: role)
                    grid.write("…", x: x, y: y, role: .dim)
                    break
                }
                x = grid.write(text, x: x, y: y, role: role)
            }
        }
    }

    static func tokens(_ line: String, language: SnippetLanguage) -> [(String, StyleRole)] {
        tokens(line, keywords: keywords[language] ?? [], comment: [.javascript, .mcp].contains(language) ? "//" : "#")
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
