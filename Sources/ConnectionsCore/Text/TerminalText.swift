/// Text from outside (providers, answers, stored rows) made safe for a terminal. The one place that decides what
/// may reach a screen: control characters (C0, DEL, C1 such as U+009B CSI) and format characters (bidi overrides,
/// zero-width marks) never pass, so no escape sequence, clipboard write (OSC 52) or screen clear gets through.
public enum TerminalText {
    /// One line for a message: control and format characters become spaces, runs of spaces one, length bounded.
    public static func safe(_ text: String, limit: Int = 300) -> String {
        if isSafeAlready(text, limit: limit) { return text }
        var cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? " " : $0 }))
        cleaned = cleaned.split(whereSeparator: { $0 == " " }).joined(separator: " ")
        return cleaned.count > limit ? String(cleaned.prefix(limit)) + "…" : cleaned
    }

    /// Printable ASCII within the limit, with no space at either end and none doubled: what `safe` returns as it is.
    private static func isSafeAlready(_ text: String, limit: Int) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= limit, bytes.first != 0x20, bytes.last != 0x20 else { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                guard byte >= 0x20, byte < 0x7F, !(byte == 0x20 && previous == 0x20) else { return false }
                previous = byte
            }
            return true
        }
    }

    /// One line of a body, its indentation kept: tabs become spaces, other unsafe characters `?`.
    public static func safeLine(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 < 0x20 || $0 >= 0x7F }) else { return line }
        var result = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if scalar == "\t" {
                result.append(contentsOf: "    ".unicodeScalars)
            } else {
                result.append(isUnsafe(scalar) ? "?" : scalar)
            }
        }
        return String(result)
    }

    /// Several lines (a body printed on a terminal): each line as `safeLine`, line breaks (LF, CRLF) kept.
    public static func safeLines(_ text: String) -> String {
        var bytes = text
        guard bytes.withUTF8({ $0.contains { ($0 < 0x20 && $0 != 0x0A) || $0 >= 0x7F } }) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\n": result.append(scalar)
            case "\r" where pending == "\n": continue
            case "\t": result.append(contentsOf: "    ".unicodeScalars)
            default: result.append(isUnsafe(scalar) ? "?" : scalar)
            }
        }
        return String(result)
    }

    /// One value on one line (a table cell, a value beside its label, a stored name): a line break (LF, CR, CRLF,
    /// VT, FF, NEL, U+2028, U+2029) shows as ␤, any other control or format character as �, so that no value can
    /// start a row of its own or drive the terminal.
    /// Only printable ASCII (U+0020 to U+007E): the common case, safe and one column a byte, checked without decoding.
    public static func isPrintableASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // Eight bytes at a time: none has its high bit set, each is at least 0x20 (adding 0x60 sets the high bit),
            // and none is 0x7F (the only byte below 0x80 that adding 1 carries into it).
            let high: UInt64 = 0x8080_8080_8080_8080
            var index = 0
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                guard word & high == 0, (word &+ 0x6060_6060_6060_6060) & high == high, (word &+ 0x0101_0101_0101_0101) & high == 0
                else { return false }
                index += 8
            }
            return bytes[index...].allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
    }

    public static func singleLine(_ text: String) -> String {
        guard !isPrintableASCII(text), text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            if scalar == "\n", previous == "\r" { continue }
            if lineBreaks.contains(scalar) {
                result.append(lineBreakMark)
            } else {
                result.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(result)
    }

    /// How `singleLine` shows a line break: U+2424 SYMBOL FOR NEWLINE.
    public static let lineBreakMark: Unicode.Scalar = "\u{2424}"

    private static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return false }
        if scalar == "\u{200C}" || scalar == "\u{200D}" { return false }  // joiners inside emoji and Indic text
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }
}
