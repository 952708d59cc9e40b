import ConnectionsCore

/// An editable line of text with a cursor (in characters). Secret fields mask by display width until revealed.
public struct TextField: Equatable, Sendable {
    public var text: String
    public var cursor: Int
    public var isSecret: Bool
    public var revealed = false

    public init(_ text: String = "", secret: Bool = false) {
        self.text = text
        cursor = text.count
        isSecret = secret
    }

    public mutating func insert(_ string: String) {
        let clean = string.filter { !$0.isNewline && $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } }
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: clean, at: index)
        cursor += clean.count
    }

    /// Edits the field for a key; false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(String(character))
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            text.removeFirst(cursor)
            cursor = 0
        case .control("k"): text = String(text.prefix(cursor))
        case .control("w"):
            // In a secret field a word boundary would reveal the secret's shape: clear everything before the cursor.
            let before = Array(text.prefix(cursor))
            var start = before.count
            if !isSecret {
                while start > 0, before[start - 1] == " " { start -= 1 }
                while start > 0, before[start - 1] != " " { start -= 1 }
            } else {
                start = 0
            }
            text = String(before[..<start]) + text.dropFirst(cursor)
            cursor = start
        default: return false
        }
        return true
    }

    /// What is shown: the text, or one mask character per display column.
    public var display: String {
        isSecret && !revealed ? String(repeating: "•", count: DisplayWidth.of(text)) : text
    }

    /// Display column of the cursor within `display`.
    public var cursorColumn: Int {
        isSecret && !revealed ? DisplayWidth.of(String(text.prefix(cursor))) : DisplayWidth.of(String(text.prefix(cursor)))
    }
}

extension TextField: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { isSecret ? "TextField(<secret>)" : "TextField(\(text))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["display": isSecret ? "<secret>" : text]) }
}
