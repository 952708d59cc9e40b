import ConnectionsCore

/// A list typed one item at a time: scopes (in order, or as a checklist of a service's known scopes) and
/// key-value pairs. Enter adds what was typed; with nothing typed, the keymap's list-editor commands select an
/// item, remove it, move it, and check or uncheck it in a checklist.
public struct ListEditor: Equatable, Sendable {
    public enum ItemKind: Equatable, Sendable {
        /// Words without spaces; typing several separated by spaces adds each.
        case word
        /// `key=value`; the value may hold spaces.
        case pair
    }

    public var items: [String]
    /// Nil for a plain list; else whether each item is chosen.
    public var checked: [Bool]?
    public var kind: ItemKind
    public var selected: Int
    public var input = TextField()

    public init(items: [String], checked: [Bool]? = nil, kind: ItemKind = .word) {
        self.items = items
        self.checked = checked
        self.kind = kind
        selected = 0
    }

    /// The list's value: every item of a plain list, or the checked ones; what is typed but not yet added counts
    /// too, so that saving never drops it.
    public var values: [String] {
        var copy = self
        if !copy.input.text.isEmpty { copy.add(copy.input.text) }
        guard let checked = copy.checked else { return copy.items }
        return zip(copy.items, checked).filter(\.1).map(\.0)
    }

    /// What `key` asks of a list field: its list-editor binding, or activate (which adds the typed item). The field
    /// context's other keys (h, l) are letters here.
    static func command(for key: Key, _ keymap: Keymap) -> Command? {
        keymap.command(for: key, in: [.listEditor]) ?? (keymap.command(for: key, in: [.field]) == .activate ? .activate : nil)
    }

    /// Handles a key (`command`: from `command(for:)`); false when the key is not the list's (activate with nothing
    /// typed, Tab, arrows up and down).
    public mutating func handle(_ key: Key, command: Command?) -> Bool {
        if !input.text.isEmpty {
            if command == .activate {
                add(input.text)
                input = TextField()
                return true
            }
            return input.handle(key)
        }
        switch command {
        case .previousItem: selected = max(0, selected - 1)
        case .nextItem: selected = min(max(0, items.count - 1), selected + 1)
        case .removeItem: remove()
        case .checkItem where checked != nil:
            if checked!.indices.contains(selected) { checked![selected].toggle() }
        case .moveItemUp where checked == nil: move(by: -1)
        case .moveItemDown where checked == nil: move(by: 1)
        default:
            if case .character = key { return input.handle(key) }
            return false
        }
        return true
    }

    public mutating func paste(_ text: String) { input.insert(text) }

    mutating func add(_ text: String) {
        let new: [String] =
            switch kind {
            case .word: text.split(whereSeparator: \.isWhitespace).map(String.init)
            case .pair: [text.trimmingCharacters(in: .whitespaces)].filter { !$0.isEmpty }.map { $0.contains("=") ? $0 : $0 + "=" }
            }
        for item in new {
            if let existing = items.firstIndex(of: item) {
                checked?[existing] = true
                selected = existing
                continue
            }
            items.append(item)
            checked?.append(true)
            selected = items.count - 1
        }
    }

    private mutating func remove() {
        guard items.indices.contains(selected) else { return }
        items.remove(at: selected)
        checked?.remove(at: selected)
        selected = min(selected, max(0, items.count - 1))
    }

    private mutating func move(by delta: Int) {
        let target = selected + delta
        guard items.indices.contains(selected), items.indices.contains(target) else { return }
        items.swapAt(selected, target)
        selected = target
    }
}
