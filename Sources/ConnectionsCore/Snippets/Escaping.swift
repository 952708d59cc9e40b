/// String literals for each snippet language; any text survives a round trip through the language's parser.
enum Escaping {
    /// A Deluge string literal: Deluge reads the escapes JavaScript writes.
    static func deluge(_ text: String) -> String { javascript(text) }

    /// A Python string literal.
    static func python(_ text: String) -> String { backslashed(text, control: cStyleEscape) }

    /// A JavaScript string literal (also valid JSON).
    static func javascript(_ text: String) -> String { backslashed(text) { "\\u" + hex($0.value, width: 4) } }

    /// A POSIX shell word: single quotes, or bash's `$'...'` when the text holds control characters.
    static func shell(_ text: String) -> String {
        if text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) {
            return "$" + backslashed(text, quote: "'", control: cStyleEscape)
        }
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ shellSafe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Text for inside a shell double-quoted word (where `$(...)` still runs).
    static func shellDoubleQuotedContent(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\\"$`".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static let shellSafe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,".unicodeScalars)

    /// `text` in `quote`s, with backslash escapes for the quote, the backslash, line breaks and tabs; other control
    /// characters as `control` writes them.
    private static func backslashed(_ text: String, quote: Unicode.Scalar = "\"", control: (Unicode.Scalar) -> String) -> String {
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\": result += "\\" + String(scalar)
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: if isControl(scalar) { result += control(scalar) } else { result.unicodeScalars.append(scalar) }
            }
        }
        result.unicodeScalars.append(quote)
        return result
    }

    /// `\xHH` up to 0xFF, else `\uHHHH`: what Python and bash's `$'...'` read.
    private static func cStyleEscape(_ scalar: Unicode.Scalar) -> String {
        scalar.value <= 0xFF ? "\\x" + hex(scalar.value, width: 2) : "\\u" + hex(scalar.value, width: 4)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
