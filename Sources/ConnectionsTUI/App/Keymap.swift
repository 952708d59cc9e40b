/// What a key asks for, wherever it was pressed.
public enum Command: String, CaseIterable, Sendable {
    case quit, help, nextTab, previousTab
    case up, down, pageUp, pageDown, top, bottom
    case open, back, filter
    case nextField, previousField, submit, reveal
    case copy, connect, revoke, delete, edit, nextLanguage, tryIt
    case copyURL, copyUserCode, pasteRedirect, cancelConnect
    case previousItem, nextItem, checkItem, removeItem, moveItemUp, moveItemDown
    case nextCategory, previousCategory, nextAuthType, previousAuthType
    case keepFilter, clearFilter
    case newService
    case verify
    case confirm, keepRemote
    case activate
}

/// Where a binding applies.
public enum KeyContext: String, Sendable, CaseIterable {
    case global, list, form, detail
    /// While a connection is being authorized.
    case connecting
    /// A list field (scopes, parameters) with nothing typed in it.
    case listEditor
    /// A field of a connection page's request builder, while it is edited.
    case request
    /// A list's filter, while it is typed.
    case filter
    /// A question asked in the message area: its answers (any other key says no).
    case confirm
    /// The field the redirect URL is pasted into while a connection waits for its browser.
    case redirect
    /// The focused form field's own keys: a button, a choice, a switch, a list's typed item.
    case field
}

public struct KeyBinding: Equatable, Sendable {
    public var command: Command
    public var keys: [String]
    public var help: String
    public var context: KeyContext
}

/// Keys as data, with help text: the help overlay and the README's key table are both made from it.
public struct Keymap: Equatable, Sendable {
    public var bindings: [KeyBinding]

    public static let standard = Keymap(bindings: [
        KeyBinding(command: .quit, keys: ["q", "ctrl+c"], help: "quit", context: .global),
        KeyBinding(command: .help, keys: ["?", "f1"], help: "show or hide this help", context: .global),
        KeyBinding(command: .nextTab, keys: ["ctrl+n", "]"], help: "next tab", context: .global),
        KeyBinding(command: .previousTab, keys: ["ctrl+p", "["], help: "previous tab", context: .global),
        KeyBinding(command: .nextTab, keys: ["tab"], help: "next tab", context: .list),
        KeyBinding(command: .previousTab, keys: ["shift+tab"], help: "previous tab", context: .list),
        KeyBinding(command: .up, keys: ["up", "k"], help: "move up", context: .list),
        KeyBinding(command: .down, keys: ["down", "j"], help: "move down", context: .list),
        KeyBinding(command: .pageUp, keys: ["pgup", "ctrl+b"], help: "page up", context: .list),
        KeyBinding(command: .pageDown, keys: ["pgdn", "ctrl+f"], help: "page down", context: .list),
        KeyBinding(command: .top, keys: ["home", "g"], help: "first row", context: .list),
        KeyBinding(command: .bottom, keys: ["end", "G"], help: "last row", context: .list),
        KeyBinding(command: .open, keys: ["enter", "l"], help: "open", context: .list),
        KeyBinding(command: .filter, keys: ["/"], help: "filter (typing a letter that is no key starts it too)", context: .list),
        KeyBinding(command: .edit, keys: ["e"], help: "edit a custom service or a connection", context: .list),
        KeyBinding(command: .nextCategory, keys: ["c"], help: "Pick Your Service: show the next category", context: .list),
        KeyBinding(command: .previousCategory, keys: ["C"], help: "Pick Your Service: show the category before", context: .list),
        KeyBinding(command: .nextAuthType, keys: ["a"], help: "Pick Your Service: show the next auth type", context: .list),
        KeyBinding(command: .previousAuthType, keys: ["A"], help: "Pick Your Service: show the auth type before", context: .list),
        KeyBinding(command: .verify, keys: ["v"], help: "My Connections: verify every connection", context: .list),
        KeyBinding(command: .keepFilter, keys: ["enter"], help: "back to the list, keeping the filter", context: .filter),
        KeyBinding(command: .clearFilter, keys: ["esc"], help: "clear the filter", context: .filter),
        KeyBinding(command: .back, keys: ["esc"], help: "back, or clear the filter", context: .global),
        KeyBinding(command: .nextField, keys: ["tab", "down"], help: "next field", context: .form),
        KeyBinding(command: .previousField, keys: ["shift+tab", "up"], help: "previous field", context: .form),
        KeyBinding(command: .submit, keys: ["ctrl+s"], help: "save / create", context: .form),
        KeyBinding(command: .reveal, keys: ["ctrl+r"], help: "reveal or mask a secret field", context: .form),
        KeyBinding(command: .newService, keys: ["ctrl+o"], help: "Custom Service: start a new service", context: .form),
        KeyBinding(command: .copy, keys: ["y", "ctrl+y"], help: "copy the snippet or redirect URI", context: .detail),
        KeyBinding(command: .nextLanguage, keys: ["L"], help: "next snippet language", context: .detail),
        KeyBinding(command: .connect, keys: ["C"], help: "connect / reconnect", context: .detail),
        KeyBinding(command: .revoke, keys: ["R"], help: "revoke", context: .detail),
        KeyBinding(command: .delete, keys: ["D"], help: "delete (asks first)", context: .detail),
        KeyBinding(command: .verify, keys: ["v"], help: "verify: refresh when needed, check it works and as whom", context: .detail),
        KeyBinding(command: .tryIt, keys: ["t", "ctrl+t"], help: "try it: send the request, see the answer", context: .detail),
        KeyBinding(command: .nextField, keys: ["tab"], help: "next request field", context: .detail),
        KeyBinding(command: .previousField, keys: ["shift+tab"], help: "previous request field", context: .detail),
        KeyBinding(command: .back, keys: ["enter"], help: "leave the request field", context: .request),
        KeyBinding(command: .copyURL, keys: ["c"], help: "copy the sign-in URL", context: .connecting),
        KeyBinding(command: .copyUserCode, keys: ["u"], help: "copy the device user code", context: .connecting),
        KeyBinding(command: .pasteRedirect, keys: ["p"], help: "paste the redirect URL (or the code)", context: .connecting),
        KeyBinding(command: .cancelConnect, keys: ["esc"], help: "cancel connecting", context: .connecting),
        KeyBinding(command: .submit, keys: ["enter"], help: "send the pasted redirect URL (or code)", context: .redirect),
        KeyBinding(command: .back, keys: ["esc"], help: "close the redirect field", context: .redirect),
        KeyBinding(command: .confirm, keys: ["y"], help: "yes to the question asked (any other key is no)", context: .confirm),
        KeyBinding(command: .keepRemote, keys: ["k"], help: "delete here, keeping the grant at the provider", context: .confirm),
        KeyBinding(
            command: .activate, keys: ["enter"], help: "press the button, add the typed item, or go to the next field", context: .field),
        KeyBinding(command: .previousItem, keys: ["left", "h"], help: "the option before, or switch off and on", context: .field),
        KeyBinding(command: .nextItem, keys: ["right", "l", "space"], help: "the option after, or switch on and off", context: .field),
        KeyBinding(command: .previousItem, keys: ["left"], help: "select the item before", context: .listEditor),
        KeyBinding(command: .nextItem, keys: ["right"], help: "select the item after", context: .listEditor),
        KeyBinding(command: .checkItem, keys: ["space"], help: "check or uncheck the item", context: .listEditor),
        KeyBinding(command: .removeItem, keys: ["delete", "backspace"], help: "remove the item", context: .listEditor),
        KeyBinding(command: .moveItemUp, keys: ["<"], help: "move the item earlier", context: .listEditor),
        KeyBinding(command: .moveItemDown, keys: [">"], help: "move the item later", context: .listEditor),
    ])

    /// The command bound to `key` in the first of `contexts` that binds it.
    public func command(for key: Key, in contexts: [KeyContext]) -> Command? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key.name) }) { return binding.command }
        }
        return nil
    }

    /// Whether a key is bound to `command` in any of `contexts`: a click or the wheel runs only what the keys could.
    public func binds(_ command: Command, in contexts: [KeyContext]) -> Bool {
        bindings.contains { contexts.contains($0.context) && $0.command == command && !$0.keys.isEmpty }
    }

    /// Replaces the keys of commands, e.g. from the config file: `keys: {quit: [q, ctrl+q]}` everywhere the command
    /// is bound, or `keys: {list.nextTab: [n]}` in one context only (Tab in forms stays Tab).
    public func overriding(_ keys: [String: [String]]) -> Keymap {
        var copy = self
        for index in copy.bindings.indices {
            let binding = copy.bindings[index]
            if let replacement = keys[binding.context.rawValue + "." + binding.command.rawValue] ?? keys[binding.command.rawValue] {
                copy.bindings[index].keys = replacement
            }
        }
        return copy
    }

    /// The names a config file may rebind: every command, and every command in each context that binds it.
    public static var overridableNames: [String] {
        Command.allCases.map(\.rawValue) + standard.bindings.map { $0.context.rawValue + "." + $0.command.rawValue }
    }

    /// The key to name in a hint or on a button for `command`: the first one bound in the first of `contexts` that
    /// binds it, as a person reads it (arrows as arrows).
    public func key(for command: Command, in contexts: [KeyContext]) -> String {
        for context in contexts {
            if let key = bindings.first(where: { $0.context == context && $0.command == command })?.keys.first { return Self.shown(key) }
        }
        return "(unbound)"
    }

    /// The keys that scroll up and down, together: "↑↓".
    public func scrollKeys(in contexts: [KeyContext]) -> String {
        key(for: .up, in: contexts) + key(for: .down, in: contexts)
    }

    /// The help key that works in a text field too: a function key, which cannot be typed.
    public var helpInForms: String {
        bindings.first { $0.command == .help && $0.context == .global }?.keys.first { $0.hasPrefix("f") } ?? key(for: .help, in: [.global])
    }

    /// The key that says yes to a question (any other key says no).
    public var yes: String { key(for: .confirm, in: [.confirm]) }

    /// Whether `key` says yes to a question.
    public func isYes(_ key: Key) -> Bool { command(for: key, in: [.confirm]) == .confirm }

    /// "KEY what it does", for status-bar hints and buttons.
    public func hint(_ command: Command, _ words: String, in contexts: [KeyContext]) -> String {
        key(for: command, in: contexts) + " " + words
    }

    static func shown(_ key: String) -> String {
        switch key {
        case "up": "↑"
        case "down": "↓"
        case "left": "←"
        case "right": "→"
        default: key
        }
    }

    /// Rows for the help overlay and the README: keys, what they do, where.
    public var helpRows: [(keys: String, help: String, context: KeyContext)] {
        bindings.map { ($0.keys.joined(separator: " "), $0.help, $0.context) }
    }
}

extension Keymap {
    /// The README's key table, made from the same bindings as the help overlay.
    public var markdownTable: String {
        var lines = ["| keys | what they do | where |", "|---|---|---|"]
        for row in helpRows {
            let keys = row.keys.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(row.help) | \(row.context.rawValue) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
