/// A form: fields with an explicit focus and an error per field.
public struct Form: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case text(TextField)
        case choice([String], selected: Int)
        case toggle(Bool)
        case button
        /// Read-only text the user may copy (e.g. the redirect URI).
        case info(String)
        /// Items added one by one (its own row of items, then a row to type the next one).
        case list(ListEditor)
    }

    public struct Field: Equatable, Sendable {
        public var id: String
        public var label: String
        public var kind: Kind
        public var error: String?
        public var hint: String?
        /// A hint that names a key: drawn as the key the keymap binds, then the words.
        public var keyHint: KeyHint?

        public init(id: String, label: String, kind: Kind, hint: String? = nil, keyHint: KeyHint? = nil) {
            self.id = id
            self.label = label
            self.kind = kind
            self.hint = hint
            self.keyHint = keyHint
        }

        /// The hint as drawn: the key hint after the plain one when there are both.
        func hint(_ keymap: Keymap) -> String? {
            guard let keyHint else { return hint }
            return (hint.map { $0 + "; " } ?? "") + keymap.hint(keyHint.command, keyHint.words, in: keyHint.contexts)
        }

        public var text: String {
            switch kind {
            case .text(let field): field.text
            case .choice(let options, let selected): options.indices.contains(selected) ? options[selected] : ""
            case .toggle(let on): on ? "true" : "false"
            case .button: ""
            case .info(let text): text
            case .list(let list): list.values.joined(separator: list.kind == .pair ? "&" : " ")
            }
        }

        /// The value's rows at `width` columns: one; a list's second row to type in; an info text wrapped.
        func valueLines(width: Int) -> Int {
            switch kind {
            case .list: 2
            case .info(let text): max(1, WordWrap.lines(text, width: width).count)
            default: 1
            }
        }

        /// What the rows under the value say, wrapped to `width`: the error, or the hint while the field is focused.
        func notes(width: Int, focused: Bool, keymap: Keymap) -> [(text: String, role: StyleRole)] {
            if let error {
                return WordWrap.lines(error, width: width - 2).enumerated().map { ($0.offset == 0 ? "↳ " : "  ") + $0.element }
                    .map { ($0, .fieldError) }
            }
            guard focused, let hint = hint(keymap), list == nil else { return [] }
            return WordWrap.lines(hint, width: width).map { ($0, .dim) }
        }

        /// Screen rows at `width` value columns: the value's, then its notes'.
        func height(width: Int, focused: Bool, keymap: Keymap) -> Int {
            valueLines(width: width) + notes(width: width, focused: focused, keymap: keymap).count
        }

        public var list: ListEditor? {
            if case .list(let list) = kind { return list }
            return nil
        }
    }

    public var fields: [Field]
    public var focus: Int = 0

    public init(fields: [Field]) { self.fields = fields }

    public var focused: Field? { fields.indices.contains(focus) ? fields[focus] : nil }

    public func value(_ id: String) -> String { fields.first { $0.id == id }?.text ?? "" }

    /// What the user can change, by field: two forms with the same snapshot hold the same work.
    public var snapshot: [String: String] {
        var values: [String: String] = [:]
        for field in fields {
            switch field.kind {
            case .button, .info: continue
            default: values[field.id] = field.text
            }
        }
        return values
    }

    public func index(of id: String) -> Int? { fields.firstIndex { $0.id == id } }

    public mutating func setText(_ id: String, _ text: String) {
        guard let index = index(of: id), case .text(var field) = fields[index].kind else { return }
        field.text = text
        field.cursor = text.count
        fields[index].kind = .text(field)
    }

    public mutating func moveFocus(_ delta: Int) {
        guard !fields.isEmpty else { return }
        focus = (focus + delta + fields.count) % fields.count
    }

    public mutating func clearErrors() {
        for index in fields.indices { fields[index].error = nil }
    }

    /// Places errors by field id; returns whether any landed on a field.
    @discardableResult
    public mutating func setErrors(_ errors: [(field: String, message: String)]) -> Bool {
        clearErrors()
        var placed = false
        for error in errors {
            let id =
                fields.first { error.field == $0.id || error.field.hasPrefix($0.id + ".") || error.field.hasPrefix($0.id + "[") }?.id
                ?? fields.first { $0.id.hasPrefix(error.field) }?.id
            if let id, let index = index(of: id), fields[index].error == nil {
                fields[index].error = error.message
                placed = true
            }
        }
        if let first = fields.firstIndex(where: { $0.error != nil }) { focus = first }
        return placed
    }

    /// Sends a key to the focused field; false when the field does not use it.
    public mutating func edit(_ key: Key, keymap: Keymap) -> Bool {
        guard fields.indices.contains(focus) else { return false }
        switch fields[focus].kind {
        case .text(var field):
            guard field.handle(key) else { return false }
            fields[focus].kind = .text(field)
            fields[focus].error = nil
            return true
        case .choice(let options, let selected):
            switch keymap.command(for: key, in: [.field]) {
            case .previousItem: fields[focus].kind = .choice(options, selected: (selected - 1 + options.count) % options.count)
            case .nextItem: fields[focus].kind = .choice(options, selected: (selected + 1) % options.count)
            default: return false
            }
            return true
        case .toggle(let on):
            guard [.previousItem, .nextItem].contains(keymap.command(for: key, in: [.field])) else { return false }
            fields[focus].kind = .toggle(!on)
            return true
        case .list(var list):
            guard list.handle(key, command: ListEditor.command(for: key, keymap)) else { return false }
            fields[focus].kind = .list(list)
            fields[focus].error = nil
            return true
        case .button, .info:
            return false
        }
    }

    public mutating func paste(_ text: String) {
        guard fields.indices.contains(focus) else { return }
        switch fields[focus].kind {
        case .text(var field):
            field.insert(text)
            fields[focus].kind = .text(field)
        case .list(var list):
            list.paste(text)
            fields[focus].kind = .list(list)
        default:
            break
        }
    }

    /// The items of a list field.
    public func items(_ id: String) -> [String] {
        fields.first { $0.id == id }?.list?.values ?? []
    }
}

/// "KEY words" under a field, the key taken from the keymap when drawn: "ctrl+r reveals".
public struct KeyHint: Equatable, Sendable {
    public var command: Command
    public var words: String
    public var contexts: [KeyContext]

    public init(_ command: Command, _ words: String, in contexts: [KeyContext] = [.form]) {
        self.command = command
        self.words = words
        self.contexts = contexts
    }
}

extension KeyHint {
    /// Forms read the copy command where a connection's page does.
    static let copyInfo = KeyHint(.copy, "copies it", in: [.detail])
}
