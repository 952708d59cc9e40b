import ConnectionsCore
import Foundation

/// Where the parts of a connection's page are; the view draws there and clicks are read back through it.
struct DetailLayout {
    /// What the page says of the connection, a screen row each: a long value (scopes) wraps onto rows of its own.
    var infoRows: [(label: String, value: String, role: StyleRole)]
    /// The action buttons, left to right, flowing onto a second row when the width runs out, with the command each
    /// one stands for.
    var actions: [(label: String, x: Int, y: Int, width: Int, command: Command)]
    var panelTop: Int
    var requestTop: Int
    var requestBottom: Int
    var codeHeaderRow: Int

    static let valueX = 18
    /// The rows a Try it answer keeps for itself when the page is short: its title, summary and body.
    static let answerRows = 9

    /// Who it is signed in as, its last check, what needs attention; "Checking…" while `v` runs.
    static func healthRows(_ health: ConnectionHealth, check: ConnectionCheck?, now: Date) -> [(String, String, StyleRole)] {
        var rows: [(String, String, StyleRole)] = []
        if let account = health.account { rows.append(("Signed in as", account, .normal)) }
        if check == .running {
            rows.append(("Last check", "checking…", .dim))
        } else if let verified = health.lastVerifiedAt {
            let passed = health.lastVerificationPassed ?? false
            rows.append(
                (
                    "Last check", (passed ? "passed " : "failed ") + Timestamp.ago(verified, now: now),
                    passed ? .normal : .statusNeedsReconnect
                ))
        }
        if let error = health.lastError, health.consecutiveFailures > 0 {
            rows.append(("Failing", "\(health.consecutiveFailures) time(s) in a row: \(error)", .statusNeedsReconnect))
        }
        if let attention = health.attention(now: now), health.consecutiveFailures == 0 {
            rows.append(("Attention", attention, .statusExpired))
        }
        return rows
    }

    /// `bottom` is the body's last row.
    init(_ detail: DetailState, now: Date, width: Int, bottom: Int, keymap: Keymap, check: ConnectionCheck? = nil) {
        let connection = detail.connection
        let status = connection.status(at: now)
        var rows: [(String, String, StyleRole)] = [
            ("Link name", connection.linkName, .normal),
            ("Service", "\(detail.service.name) · \(detail.service.auth.type.displayName)", .normal),
            ("Status", status.displayName + (status.reason.map { ": " + $0 } ?? ""), role(for: status)),
        ]
        if let expiresAt = connection.tokens?.expiresAt { rows.append(("Token expires", Timestamp.relative(expiresAt, now: now), .normal)) }
        rows += Self.healthRows(connection.health, check: check, now: now)
        if !connection.scopes.isEmpty {
            var scopes = connection.scopes.joined(separator: " ")
            if let granted = connection.tokens?.grantedScopes, Set(granted) != Set(connection.scopes) {
                scopes += "  (granted: \(granted.joined(separator: " ")))"
            }
            rows.append(("Scopes", scopes, .normal))
        }
        if let createdBy = connection.createdBy { rows.append(("Created by", createdBy, .normal)) }
        if let authorizedBy = connection.authorizedBy { rows.append(("Authorized by", authorizedBy, .normal)) }
        let wrapped = rows.flatMap { label, value, role in
            WordWrap.lines(value, width: max(10, width - Self.valueX - 1)).enumerated().map {
                ($0.offset == 0 ? label : "", $0.element, role)
            }
        }
        let connect = connection.storedStatus == .connected || connection.storedStatus == .expired ? "reconnect" : "connect"
        var x = 1, row = 0
        let buttons = [
            (Command.connect, connect), (.revoke, "revoke"), (.delete, "delete"), (.tryIt, "try it"), (.verify, "verify"),
            (.nextLanguage, "language"), (.copy, "copy"),
        ]
        .filter { $0.0 != .revoke || detail.canRevoke }
        .map { command, words in
            let text = "[\(keymap.hint(command, words, in: [.detail, .list, .global]))]"
            if x > 1, x + DisplayWidth.of(text) > width {
                x = 1
                row += 1
            }
            defer { x += DisplayWidth.of(text) + 1 }
            return (label: text, x: x, row: row, width: DisplayWidth.of(text), command: command)
        }
        // While an answer is open the request builder steps back to its URL row, and the answer keeps room for its
        // summary and the first lines of its body (the connection's facts give way first).
        let whole = bottom - (Layout.contentTop + 1 + wrapped.count + row + 2 + detail.request.fields.count)
        let shortOfRoom = detail.tryIt != nil && !detail.editing && whole < Self.answerRows
        let requestRows = shortOfRoom ? 1 : detail.request.fields.count
        let answerRoom = detail.tryIt != nil ? max(3, bottom - Self.answerRows - (Layout.contentTop + 1) - row - 3 - requestRows) : Int.max
        let shown = max(0, min(wrapped.count, bottom - 6 - row - (Layout.contentTop + 1), answerRoom))
        infoRows = Array(wrapped.prefix(shown))
        let actionsTop = Layout.contentTop + 1 + shown
        actions = buttons.map { ($0.label, $0.x, actionsTop + $0.row, $0.width, $0.command) }
        panelTop = actionsTop + row + 1
        requestTop = panelTop + 1
        requestBottom = min(requestTop + requestRows - 1, bottom - 3)
        codeHeaderRow = requestBottom + 1
    }

    /// Each language's columns on the code header, as drawn (the chosen one in brackets).
    static func languageColumns(chosen: SnippetLanguage, service: Service) -> [(language: SnippetLanguage, x: Int, width: Int)] {
        var x = DisplayWidth.of(codeHeaderPrefix)
        return SnippetLanguage.available(for: service).map { language in
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
