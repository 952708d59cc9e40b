/// String literals for each snippet language; any text survives a round trip through the language's parser.
enum Escaping {
    /// A Deluge string literal: Deluge reads the escapes JavaScript writes.
    static func deluge(_ text: String) -> String { javascript(text) }

    /// A Python string literal.
    static func python(_ text: String) -> String {
        quoted(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default:
                isControl(scalar) ? (scalar.value <= 0xFF ? "\\x" + hex(scalar.value, width: 2) : "\\u" + hex(scalar.value, width: 4)) : nil
            }
        }
    }

    /// A JavaScript string literal (also valid JSON).
    static func javascript(_ text: String) -> String {
        quoted(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: isControl(scalar) ? "\\u" + hex(scalar.value, width: 4) : nil
            }
        }
    }

    /// A POSIX shell word: single quotes, or bash's `$'...'` when the text holds control characters.
    static func shell(_ text: String) -> String {
        if text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) {
            return "$"
                + quoted(text, quote: "'") { scalar in
                    switch scalar {
                    case "'": "\\'"
                    case "\\": "\\\\"
                    case "\n": "\\n"
                    case "\r": "\\r"
                    case "\t": "\\t"
                    default:
                        isControl(scalar)
                            ? (scalar.value <= 0xFF ? "\\x" + hex(scalar.value, width: 2) : "\\u" + hex(scalar.value, width: 4)) : nil
                    }
                }
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

    private static func quoted(_ text: String, quote: Character = "\"", escape: (Unicode.Scalar) -> String?) -> String {
        var result = String(quote)
        for scalar in text.unicodeScalars {
            if let escaped = escape(scalar) { result += escaped } else { result.unicodeScalars.append(scalar) }
        }
        result.append(quote)
        return result
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
