import Foundation

/// A `text/event-stream` read as its bytes arrive (the WHATWG parsing rules: lines end in CR, LF or CRLF, `data:`
/// lines join with LF, a blank line ends an event, comments and other fields are skipped): the data of each `message`
/// event, or, for an event longer than `limit`, its size (it is not kept).
public struct ServerSentEvents: Sendable {
    public enum Item: Sendable, Equatable {
        case message(Data)
        case oversized(bytes: Int)
    }

    let limit: Int
    private var line: [UInt8] = []
    private var afterCR = false
    private var data: [UInt8] = []
    private var event = ""
    private var hasData = false
    /// Bytes of the current event beyond `limit`, not kept.
    private var overflow = 0
    private var lineTooLong = false

    public init(limit: Int) { self.limit = limit }

    /// The events the body held, for a body read whole.
    public static func messages(in body: Data, limit: Int = .max) -> [Item] {
        var events = ServerSentEvents(limit: limit)
        return events.feed(body) + events.finish()
    }

    public mutating func feed(_ bytes: Data) -> [Item] {
        var items: [Item] = []
        for byte in bytes {
            if afterCR, byte == UInt8(ascii: "\n") {
                afterCR = false
                continue
            }
            afterCR = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let item = endLine() { items.append(item) }
            } else if line.count >= limit {
                lineTooLong = true
                overflow += 1
            } else {
                line.append(byte)
            }
        }
        return items
    }

    /// What the stream held after its last line break (an event the server did not end with a blank line).
    public mutating func finish() -> [Item] {
        var items: [Item] = []
        if !line.isEmpty || lineTooLong, let item = endLine() { items.append(item) }
        if let item = dispatch() { items.append(item) }
        return items
    }

    private mutating func endLine() -> Item? {
        defer {
            line.removeAll(keepingCapacity: true)
            lineTooLong = false
        }
        if line.isEmpty && !lineTooLong { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var value = colon < line.endIndex ? line[(colon + 1)...] : []
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        switch field {
        case "data":
            if overflow > 0 || lineTooLong || data.count + value.count + 1 > limit {
                overflow += data.count + value.count + 1
                data.removeAll()
            } else {
                if hasData { data.append(UInt8(ascii: "\n")) }
                data.append(contentsOf: value)
            }
            hasData = true
        case "event": event = String(decoding: value, as: UTF8.self)
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> Item? {
        defer {
            data.removeAll(keepingCapacity: true)
            event = ""
            hasData = false
            overflow = 0
        }
        guard hasData || overflow > 0, event.isEmpty || event == "message" else { return nil }
        return overflow > 0 ? .oversized(bytes: overflow) : .message(Data(data))
    }
}
