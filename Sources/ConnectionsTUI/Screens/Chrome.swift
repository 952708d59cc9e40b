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
        let formHelp = keymap.helpInForms
        let hints: [String] =
            switch state.screen {
            case _ where state.confirmingQuit || asksToDiscard(state):
                [keymap.hint(.confirm, "yes", in: [.confirm]), "any other key: no"]
            case .main where state.tab == .customService && state.discovering != nil:
                ["discovering", form(.back, "stops it"), form(.nextField, "next field"), formHelp + " help"]
            case .main where state.tab == .customService:
                [
                    form(.nextField, "next field"),
                    keymap.key(for: .previousItem, in: [.field]) + keymap.key(for: .nextItem, in: [.field]) + " choose",
                    form(.submit, "save"), form(.newService, "new"),
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
                [
                    form(.nextField, "next field"), form(.submit, "create"), keymap.hint(.activate, "on a button", in: [.field]),
                    form(.back, "back"), formHelp + " help",
                ]
            case .detail(let detail): detailHints(detail, keymap)
            }
        return hints.joined(separator: " · ")
    }

    /// Whether the form shown asks whether to discard what was typed.
    static func asksToDiscard(_ state: AppState) -> Bool {
        switch state.screen {
        case .main: state.tab == .customService && state.confirmingDiscard
        case .newConnection(let new): new.confirmingDiscard
        case .detail: false
        }
    }

    /// A connection page's hints: its mode's bindings, read from the same contexts its keys are dispatched through.
    static func detailHints(_ detail: DetailState, _ keymap: Keymap) -> [String] {
        let contexts = detail.mode.contexts
        func hint(_ command: Command, _ words: String) -> String { keymap.hint(command, words, in: contexts) }
        switch detail.mode {
        case .editingRequest:
            return [
                "typing edits the request", hint(.back, "leaves the field"), untypedKey(.tryIt, keymap, in: contexts) + " try it",
                hint(.nextField, "next field"), untypedKey(.copy, keymap, in: contexts) + " copy",
            ]
        case .credentials:
            return [
                "type the credentials", hint(.nextField, "next field"), hint(.reveal, "reveal"), hint(.submit, "save"),
                hint(.back, "close"),
            ]
        case .confirming(let question, _):
            let keep = question == .delete && detail.deleteRevokesFirst ? [hint(.keepRemote, "delete, keep the grant")] : []
            return [hint(.confirm, "yes")] + keep + ["any other key: no"]
        case .connecting(let wait, _) where wait.paste != nil:
            return ["typing fills the redirect field", hint(.submit, "submit"), hint(.back, "close the field")]
        case .connecting:
            return [
                "connecting", hint(.copyURL, "copy URL"), hint(.pasteRedirect, "paste redirect"), hint(.cancelConnect, "cancel"),
                hint(.help, "help"),
            ]
        case .page(.some):
            return [
                keymap.key(for: .up, in: contexts) + keymap.key(for: .down, in: contexts) + " scroll the answer",
                hint(.tryIt, "send again"), hint(.back, "close (or cancel)"), hint(.nextField, "edit request"),
            ]
        case .page:
            return [
                hint(.nextField, "edit request"), hint(.tryIt, "try it"), hint(.nextLanguage, "language"), hint(.copy, "copy"),
                hint(.connect, "connect"),
            ] + (detail.canRevoke ? [hint(.revoke, "revoke")] : []) + [hint(.delete, "delete"), hint(.back, "back")]
        }
    }

    /// The first key bound to `command` in `contexts` that cannot be typed (a ctrl+ key), for hints inside text fields.
    static func untypedKey(_ command: Command, _ keymap: Keymap, in contexts: [KeyContext]) -> String {
        for context in contexts {
            let keys = keymap.bindings.filter { $0.context == context && $0.command == command }.flatMap(\.keys)
            if let key = keys.first(where: { $0.hasPrefix("ctrl+") }) { return key }
        }
        return "(unbound)"
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
