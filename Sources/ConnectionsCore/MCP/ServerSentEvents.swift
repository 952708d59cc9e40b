import Foundation

/// The data of each `message` event of a `text/event-stream` body (the WHATWG parsing rules: lines end in CR, LF or
/// CRLF, `data:` lines join with LF, a blank line ends an event, comments and other fields are skipped).
public enum ServerSentEvents {
    public static func messages(in body: Data) -> [Data] {
        var messages: [Data] = []
        var data: [UInt8] = [], event = "", hasData = false
        func dispatch() {
            if hasData, event.isEmpty || event == "message" { messages.append(Data(data)) }
            data = []
            event = ""
            hasData = false
        }
        for line in lines(body) {
            if line.isEmpty {
                dispatch()
                continue
            }
            if line.first == UInt8(ascii: ":") { continue }
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            let field = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            var value = colon < line.endIndex ? line[(colon + 1)...] : []
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            switch field {
            case "data":
                if hasData { data.append(UInt8(ascii: "\n")) }
                data.append(contentsOf: value)
                hasData = true
            case "event": event = String(decoding: value, as: UTF8.self)
            default: continue
            }
        }
        dispatch()
        return messages
    }

    private static func lines(_ body: Data) -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](body)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(bytes[start..<index])
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }
}
