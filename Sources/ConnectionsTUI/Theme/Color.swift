/// A colour as a theme names it, and how it degrades to what the terminal can show.
public enum Color: Equatable, Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0-15).
    case ansi(Int)
    /// One of the 256 xterm colours.
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright_black", "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
    ]

    /// `default`, an ANSI name, `0`-`255`, or `#rrggbb`.
    public init?(name: String) {
        let text = name.lowercased()
        if text == "default" { self = .terminalDefault; return }
        if let index = Self.ansiNames.firstIndex(of: text) { self = .ansi(index); return }
        if let number = Int(text), (0...255).contains(number) { self = number < 16 ? .ansi(number) : .indexed(number); return }
        if text.hasPrefix("#"), text.count == 7, let value = UInt32(text.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
            return
        }
        return nil
    }

    /// The colour number to use on a terminal with `colors` colours; -1 for the terminal default, nil for none (mono).
    public func number(forColors colors: Int) -> Int? {
        if colors < 8 { return nil }
        switch self {
        case .terminalDefault: return -1
        case .ansi(let index): return colors >= 16 ? index : index % 8
        case .indexed(let index):
            if colors >= 256 { return index }
            return Self.nearestANSI(Self.rgbOf(index: index), colors: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return Self.nearestIndexed(r, g, b) }
            return Self.nearestANSI((Int(r), Int(g), Int(b)), colors: colors)
        }
    }

    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOf(index: Int) -> (Int, Int, Int) {
        if index < 16 { return ansiRGB[index] }
        if index >= 232 { let level = 8 + (index - 232) * 10; return (level, level, level) }
        let cube = index - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }

    static func nearestIndexed(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        (16..<256).min { distance(rgbOf(index: $0), (Int(r), Int(g), Int(b))) < distance(rgbOf(index: $1), (Int(r), Int(g), Int(b))) }!
    }

    static func nearestANSI(_ color: (Int, Int, Int), colors: Int) -> Int {
        (0..<min(colors, 16)).min { distance(ansiRGB[$0], color) < distance(ansiRGB[$1], color) }!
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr * 3 + dg * dg * 4 + db * db * 2
    }
}

public struct Style: Equatable, Hashable, Sendable {
    public var foreground: Color = .terminalDefault
    public var background: Color = .terminalDefault
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false, underline: Bool = false,
        reverse: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}
