import ConnectionsCore

/// The breadcrumb header and the tabs above every screen, the status bar below it.
enum Chrome {
    static func drawTop(_ state: AppState, into grid: inout Grid) {
        grid.write("Setup › Developer Space › Connections", x: 1, y: Layout.headerRow, role: .header)
        for (tab, x, _) in Layout.tabs() {
            let active = tab == state.tab
            grid.write(" \(tab.title) ", x: x, y: Layout.tabRow, role: active ? .tabActive : .tabInactive)
        }
        grid.rule(y: Layout.tabRow + 1, role: .border)
    }

    /// The hints, also while a message shows above them.
    static func drawStatusBar(_ state: AppState, into grid: inout Grid) {
        let row = Layout.statusRow(height: grid.height)
        grid.fill(x: 0, y: row, width: grid.width, height: 1, role: .statusBar)
        grid.write(" " + fitted(hints(state), width: grid.width - 2), x: 0, y: row, role: .statusBar)
    }

    /// What the keys do here, each named as the keymap binds it.
    static func hints(_ state: AppState) -> String {
        let keymap = state.keymap
        func form(_ command: Command, _ words: String) -> String { keymap.hint(command, words, in: [.form, .global]) }
        func page(_ command: Command, _ words: String) -> String { keymap.hint(command, words, in: [.detail, .list, .global]) }
        let formHelp =
            keymap.bindings.first { $0.command == .help && $0.context == .global }?.keys.first { $0.hasPrefix("f") }
            ?? keymap.key(for: .help, in: [.global])
        let hints: [String] =
            switch state.screen {
            case .main where state.tab == .customService && state.discovering != nil:
                ["discovering", form(.back, "stops it"), form(.nextField, "next field"), formHelp + " help"]
            case .main where state.tab == .customService:
                [
                    form(.nextField, "next field"), "←→ choose", form(.submit, "save"), form(.newService, "new"),
                    form(.reveal, "reveal"), form(.back, "back"), formHelp + " help",
                ]
            case .main where (state.tab == .myConnections ? state.connectionList : state.serviceList).filtering:
                [
                    "typing filters", keymap.hint(.keepFilter, "keeps the filter", in: [.filter]),
                    keymap.hint(.clearFilter, "clears it", in: [.filter]), formHelp + " help",
                ]
            case .main:
                [
                    keymap.key(for: .up, in: [.list]) + keymap.key(for: .down, in: [.list]) + " move", page(.open, "open"),
                    page(.filter, "filter"),
                    page(.nextTab, "next tab"), page(.help, "help"), page(.quit, "quit"),
                ]
            case .newConnection:
                [form(.nextField, "next field"), form(.submit, "create"), "enter on a button", form(.back, "back"), formHelp + " help"]
            case .detail(let detail) where detail.editing:
                [
                    "typing edits the request", keymap.hint(.back, "leaves the field", in: [.request]),
                    controlKey(.tryIt, keymap) + " try it",
                    form(.nextField, "next field"), controlKey(.copy, keymap) + " copy",
                ]
            case .detail(let detail) where detail.credentials != nil:
                [
                    "type the credentials", form(.nextField, "next field"), form(.reveal, "reveal"), form(.submit, "save"),
                    form(.back, "close"),
                ]
            case .detail(let detail) where detail.tryIt != nil && !detail.editing:
                [
                    keymap.key(for: .up, in: [.list]) + keymap.key(for: .down, in: [.list]) + " scroll the answer",
                    page(.tryIt, "send again"),
                    page(.back, "close (or cancel)"), page(.nextField, "edit request"),
                ]
            case .detail(let detail) where detail.connecting != nil:
                [
                    "connecting", keymap.hint(.copyURL, "copy URL", in: [.connecting]),
                    keymap.hint(.pasteRedirect, "paste redirect", in: [.connecting]),
                    keymap.hint(.cancelConnect, "cancel", in: [.connecting]), page(.nextField, "edit request"), page(.help, "help"),
                ]
            case .detail(let detail):
                [
                    page(.nextField, "edit request"), page(.tryIt, "try it"), page(.nextLanguage, "language"), page(.copy, "copy"),
                    page(.connect, "connect"),
                ] + (detail.canRevoke ? [page(.revoke, "revoke")] : []) + [page(.delete, "delete"), page(.back, "back")]
            }
        return hints.joined(separator: " · ")
    }

    /// The first key bound to `command` on a page that cannot be typed (a ctrl+ key), for hints inside text fields.
    static func controlKey(_ command: Command, _ keymap: Keymap) -> String {
        keymap.bindings.first { $0.command == command && $0.context == .detail }?.keys.first { $0.hasPrefix("ctrl+") } ?? "(unbound)"
    }

    /// As many whole hints as the width holds: a hint is left out rather than cut ("C conne").
    static func fitted(_ hints: String, width: Int) -> String {
        var shown = ""
        for hint in hints.components(separatedBy: " · ") {
            let next = shown.isEmpty ? hint : shown + " · " + hint
            guard DisplayWidth.of(next) <= width else { break }
            shown = next
        }
        return shown
    }
}
