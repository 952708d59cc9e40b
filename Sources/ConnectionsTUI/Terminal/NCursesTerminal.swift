import CNCursesW
import Foundation

/// The only file that talks to ncurses. Every call happens on the thread that created it.
public final class NCursesTerminal {
    private var previous: Grid?
    private var pairs: [PairKey: Int16] = [:]
    private let theme: Theme
    private let colors: Int
    /// A pipe whose write end wakes `nextEvent` (effects answer from other threads).
    private let wakePipe: (read: Int32, write: Int32)
    public var wakeDescriptor: Int32 { wakePipe.write }
    private static let pasteStart = cn_key_f(60)
    private static let pasteEnd = cn_key_f(61)

    private struct PairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    public init(theme: Theme, useColor: Bool) {
        setlocale(LC_ALL, "")
        cn_restore_terminal_on_signals()
        initscr()
        raw()
        noecho()
        nonl()
        keypad(cn_stdscr(), true)
        set_escdelay(25)
        mousemask(cn_all_mouse_events(), nil)
        mouseinterval(0)
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(cn_colors())
        } else {
            colors = 0
        }
        self.theme = theme
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        wakePipe = (ends[0], ends[1])
        cn_wake_on_resize(ends[1])
        define_key("\u{1B}[200~", Self.pasteStart)
        define_key("\u{1B}[201~", Self.pasteEnd)
        // What terminals send for these keys, whatever their terminfo entry says (xterm-256color inside tmux sends
        // \e[1~ for Home, and its terminfo knows only \eOH).
        for (sequence, code) in Self.keySequences { define_key(sequence, code) }
        writeRaw("\u{1B}[?2004h")
    }

    public var size: (width: Int, height: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// Waits up to `timeoutMilliseconds` for input, or until a byte is written to `wakeDescriptor` from any thread;
    /// nil when none came.
    public func nextEvent(timeoutMilliseconds: Int) -> InputEvent? {
        // What curses already holds first; then sleep until the keyboard, a wake-up, a signal (resize) or the timeout.
        if let event = readEvent() { return event }
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&descriptors, descriptors[1].fd >= 0 ? 2 : 1, Int32(timeoutMilliseconds))
        if descriptors[1].revents & Int16(POLLIN) != 0 {
            var bytes = [UInt8](repeating: 0, count: 64)
            while read(wakePipe.read, &bytes, bytes.count) > 0 {}
        }
        return readEvent()
    }

    private func readEvent() -> InputEvent? {
        timeout(0)
        var key: wint_t = 0
        let result = cn_get_wch(&key)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            let code = Int32(key)
            if code == Self.pasteStart { return .paste(readPaste()) }
            return functionKey(code)
        }
        return character(key)
    }

    private func readPaste() -> String {
        var text = ""
        timeout(200)
        while true {
            var key: wint_t = 0
            let result = cn_get_wch(&key)
            if result == ERR || (result == KEY_CODE_YES && Int32(key) == Self.pasteEnd) { break }
            if result == OK, let scalar = Unicode.Scalar(UInt32(key)) { text.unicodeScalars.append(scalar == "\r" ? "\n" : scalar) }
        }
        return text
    }

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return nil
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case cn_key_resize():
            previous = nil
            return .resize(width: size.width, height: size.height)
        case cn_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            if state & (cn_button4_pressed()) != 0 { return .mouse(x: Int(event.x), y: Int(event.y), button: .wheelUp) }
            if state & (cn_button5_pressed()) != 0 { return .mouse(x: Int(event.x), y: Int(event.y), button: .wheelDown) }
            if state & (cn_button1_pressed() | cn_button1_clicked()) != 0 { return .mouse(x: Int(event.x), y: Int(event.y), button: .left) }
            return nil
        default:
            for number in 1...12 where code == cn_key_f(Int32(number)) { return .key(.function(number)) }
            return nil
        }
    }

    private static let keySequences: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ("\u{1B}[3~", KEY_DC), ("\u{1B}[2~", KEY_IC), ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
    ]

    /// After an ESC: the rest of a sequence curses did not know (`ESC [ … final` or `ESC O x`, arriving with it)
    /// is read and dropped, never taken as Esc plus typed text. Anything else is the Esc key, and what followed
    /// it is given back to be read next.
    private func afterEscape() -> InputEvent? {
        timeout(0)
        var first: wint_t = 0
        let firstResult = cn_get_wch(&first)
        guard firstResult == OK, first == 0x5B || first == 0x4F else {
            if firstResult == KEY_CODE_YES { _ = ungetch(Int32(first)) } else if firstResult == OK { _ = unget_wch(wchar_t(first)) }
            return .key(.escape)
        }
        var key: wint_t = 0
        guard cn_get_wch(&key) == OK else {
            _ = unget_wch(wchar_t(first))
            return .key(.escape)
        }
        if first == 0x5B {
            while !(0x40...0x7E).contains(key), cn_get_wch(&key) == OK {}
        }
        return nil
    }

    private func character(_ key: wint_t) -> InputEvent? {
        switch key {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 27: return afterEscape()
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(key) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(key)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    public func draw(_ grid: Grid) {
        let full = previous == nil || previous!.width != grid.width || previous!.height != grid.height
        if full { erase() }
        // A cell's grapheme goes to curses as wide characters from a reused buffer; roles come in runs, so the
        // style is looked up again only when the role changes.
        let old = full ? nil : previous
        var wide: [wchar_t] = []
        var role = StyleRole.normal
        var style = attributes(for: theme.style(role))
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if let old, old[x, y] == cell { continue }
                if cell.text.isEmpty { continue }
                if cell.role != role {
                    role = cell.role
                    style = attributes(for: theme.style(role))
                }
                wide.removeAll(keepingCapacity: true)
                for scalar in cell.text.unicodeScalars { wide.append(wchar_t(bitPattern: scalar.value)) }
                wide.append(0)
                _ = cn_put_cell(Int32(y), Int32(x), wide, style.0, style.1)
            }
        }
        previous = grid
        if let cursor = grid.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    private func attributes(for style: Style) -> (attr_t, Int16) {
        var attributes = cn_a_normal()
        if style.bold { attributes |= cn_a_bold() }
        if style.underline { attributes |= cn_a_underline() }
        if style.reverse { attributes |= cn_a_reverse() }
        if style.dim { attributes |= cn_a_dim() }
        guard let foreground = style.foreground.number(forColors: colors), let background = style.background.number(forColors: colors)
        else {
            return (attributes, 0)
        }
        let key = PairKey(foreground: foreground, background: background)
        if let pair = pairs[key] { return (attributes, pair) }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < cn_color_pairs() else { return (attributes, 0) }
        init_pair(next, Int16(foreground), Int16(background))
        pairs[key] = next
        return (attributes, next)
    }

    /// Sends raw bytes to the terminal (OSC 52 clipboard), outside the grid.
    public func writeRaw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public func shutdown() {
        writeRaw("\u{1B}[?2004l")
        endwin()
        cn_stop_wake_on_resize()
        close(wakePipe.read)
        close(wakePipe.write)
    }
}
