/// What the user did, whatever terminal it came from.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case paste(String)
    case mouse(x: Int, y: Int, button: MouseButton)
    case resize(width: Int, height: Int)

    /// A key, a paste or a click: something the user did, not the terminal.
    public var isUserInput: Bool {
        if case .resize = self { return false }
        return true
    }
}

public enum MouseButton: Equatable, Sendable {
    case left
    case wheelUp
    case wheelDown
}

public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// The key's name as the keymap writes it: `j`, `ctrl+c`, `enter`, `shift+tab`, `f1`.
    public var name: String {
        switch self {
        case .character(" "): "space"
        case .character(let character): String(character)
        case .control(let character): "ctrl+\(character)"
        case .enter: "enter"
        case .escape: "esc"
        case .tab: "tab"
        case .backTab: "shift+tab"
        case .backspace: "backspace"
        case .delete: "delete"
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .home: "home"
        case .end: "end"
        case .pageUp: "pgup"
        case .pageDown: "pgdn"
        case .function(let number): "f\(number)"
        }
    }
}
