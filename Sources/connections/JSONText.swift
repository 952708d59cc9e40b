import ConnectionsCore
import Foundation

/// A JSON value written as UTF-8 with sorted keys and two-space indentation. Foundation's JSONEncoder took
/// most of the time of `list --json` over 10,000 connections; this writes the same document in a fraction of it.
enum JSONText {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case null
    case array([JSONText])
    /// Members are written sorted by key whatever their order here.
    case object([(String, JSONText)])

    static func optional(_ text: String?) -> JSONText { text.map(JSONText.string) ?? .null }
    static func optional(_ date: Date?) -> JSONText { date.map { .string(Timestamp.iso8601($0)) } ?? .null }
    static func strings(_ list: [String]) -> JSONText { .array(list.map(JSONText.string)) }

    var bytes: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(into: &output, indent: 0)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    /// An array whose items are made one at a time as they are written: a list of 10,000 objects never
    /// exists as one tree.
    static func arrayBytes<Items: Collection>(_ items: Items, _ item: (Items.Element) -> JSONText) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        writeArray(items, indent: 0, into: &output, item)
        output.append(UInt8(ascii: "\n"))
        return output
    }

    private func write(into output: inout [UInt8], indent: Int) {
        switch self {
        case .string(let text): Self.quote(text, into: &output)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .null: output.append(contentsOf: "null".utf8)
        case .array(let items): Self.writeArray(items, indent: indent, into: &output) { $0 }
        case .object(let members):
            if members.isEmpty { output.append(contentsOf: "{}".utf8); return }
            output.append(contentsOf: "{\n".utf8)
            let inOrder = zip(members, members.dropFirst()).allSatisfy { $0.0 < $1.0 }
            let sorted = inOrder ? members : members.sorted { $0.0 < $1.0 }
            for (index, (key, value)) in sorted.enumerated() {
                Self.pad(indent + 2, into: &output)
                Self.quote(key, into: &output)
                output.append(contentsOf: ": ".utf8)
                value.write(into: &output, indent: indent + 2)
                if index < sorted.count - 1 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\n"))
            }
            Self.pad(indent, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeArray<Items: Collection>(
        _ items: Items, indent: Int, into output: inout [UInt8], _ item: (Items.Element) -> JSONText
    ) {
        if items.isEmpty { output.append(contentsOf: "[]".utf8); return }
        output.append(contentsOf: "[\n".utf8)
        for (index, element) in items.enumerated() {
            pad(indent + 2, into: &output)
            item(element).write(into: &output, indent: indent + 2)
            if index < items.count - 1 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\n"))
        }
        pad(indent, into: &output)
        output.append(UInt8(ascii: "]"))
    }

    private static func pad(_ count: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    /// A JSON string. Besides what JSON requires, every character `TerminalText` keeps off a terminal (DEL, the
    /// C1 range such as U+009B, bidi overrides) is written as `\uXXXX`: the value round-trips exactly, and the
    /// output is safe to print.
    private static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { bytes in
            let needsEscape = bytes.contains { $0 < 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            if !needsEscape { output.append(contentsOf: bytes) }
            return !needsEscape
        }
        if plain {
            output.append(UInt8(ascii: "\""))
            return
        }
        let digits = Array("0123456789abcdef".utf8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case "\\": output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case "\n": output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case "\r": output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case "\t": output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case _ where TerminalText.isUnsafe(scalar):
                for unit in String(scalar).utf16 {
                    output.append(contentsOf: "\\u".utf8)
                    output += [12, 8, 4, 0].map { digits[Int(unit >> $0) & 0xF] }
                }
            default: output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
