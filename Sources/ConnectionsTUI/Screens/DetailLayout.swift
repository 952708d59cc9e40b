import ConnectionsCore
import Foundation

/// Where the parts of a connection's page are; the view draws there and clicks are read back through it.
struct DetailLayout {
    var infoRows: [(label: String, value: String, role: StyleRole)]
    var actionsRow: Int
    /// The action buttons, left to right, with their columns and the command each one stands for.
    var actions: [(label: String, x: Int, width: Int, command: Command)]
    var panelTop: Int
    var requestTop: Int
    var requestBottom: Int
    var codeHeaderRow: Int

    init(_ detail: DetailState, now: Date, height: Int, keymap: Keymap) {
        let connection = detail.connection
        let status = connection.status(at: now)
        var rows: [(String, String, StyleRole)] = [
            ("Link name", connection.linkName, .normal),
            ("Service", "\(detail.service.name) · \(detail.service.auth.type.displayName)", .normal),
            ("Status", status.displayName + (status.reason.map { ": " + $0 } ?? ""), role(for: status)),
        ]
        if let expiresAt = connection.tokens?.expiresAt { rows.append(("Token expires", Timestamp.relative(expiresAt, now: now), .normal)) }
        if !connection.scopes.isEmpty {
            var scopes = connection.scopes.joined(separator: " ")
            if let granted = connection.tokens?.grantedScopes, Set(granted) != Set(connection.scopes) {
                scopes += "  (granted: \(granted.joined(separator: " ")))"
            }
            rows.append(("Scopes", scopes, .normal))
        }
        let shown = max(0, min(rows.count, height - 8 - (Layout.contentTop + 1)))
        infoRows = Array(rows.prefix(shown))
        actionsRow = Layout.contentTop + 1 + shown
        let connect = connection.storedStatus == .connected || connection.storedStatus == .expired ? "reconnect" : "connect"
        var x = 1
        actions = [
            (Command.connect, connect), (.revoke, "revoke"), (.delete, "delete"), (.tryIt, "try it"), (.nextLanguage, "language"),
            (.copy, "copy"),
        ]
        .map { command, words in
            let text = "[\(keymap.hint(command, words, in: [.detail, .list, .global]))]"
            defer { x += DisplayWidth.of(text) + 1 }
            return (text, x, DisplayWidth.of(text), command)
        }
        panelTop = actionsRow + 1
        requestTop = panelTop + 1
        requestBottom = min(requestTop + detail.request.fields.count - 1, height - 5)
        codeHeaderRow = requestBottom + 1
    }

    /// Each language's columns on the code header, as drawn (the chosen one in brackets).
    static func languageColumns(chosen: SnippetLanguage) -> [(language: SnippetLanguage, x: Int, width: Int)] {
        var x = DisplayWidth.of(codeHeaderPrefix)
        return SnippetLanguage.allCases.map { language in
            let width = DisplayWidth.of(label(language, chosen: chosen))
            defer { x += width + 1 }
            return (language, x, width)
        }
    }

    static let codeHeaderPrefix = "── Code: "

    static func label(_ language: SnippetLanguage, chosen: SnippetLanguage) -> String {
        language == chosen ? "[\(language.displayName)]" : language.displayName
    }
}
