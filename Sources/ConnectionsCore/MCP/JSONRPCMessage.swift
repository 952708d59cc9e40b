import Foundation

/// One JSON-RPC message as the bridge sees it: whether it asks for an answer, its id, its method, and the one line
/// that carries it on stdio.
public struct JSONRPCMessage: Sendable {
    /// The message as one line: valid JSON, in which a line break can only be whitespace between tokens.
    public let line: Data
    /// The id of a request, as JSON text (`1`, `"a"`); nil for a notification, an answer or a batch.
    public let id: String?
    public let method: String?

    /// Nil when the text is not a JSON object or array.
    public init?(_ text: Data) {
        guard let value = try? JSONSerialization.jsonObject(with: text), value is [String: Any] || value is [Any] else { return nil }
        line = Data(text.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 })
        let object = value as? [String: Any]
        method = object?["method"] as? String
        id = method == nil ? nil : object?["id"].flatMap(Self.idText)
    }

    static func idText(_ id: Any) -> String? {
        guard id is String || id is NSNumber || id is Int || id is Double,
            let text = try? JSONSerialization.data(withJSONObject: [id], options: [.fragmentsAllowed])
        else { return nil }
        return String(decoding: text.dropFirst().dropLast(), as: UTF8.self)
    }

    /// A JSON-RPC error answer; `id` as JSON text, nil for `null`.
    public static func error(id: String?, code: Int, message: String) -> Data {
        let text = (try? JSONSerialization.data(withJSONObject: [message], options: [])).map { String(decoding: $0, as: UTF8.self) }
        let quoted = text.map { String($0.dropFirst().dropLast()) } ?? "\"\""
        return Data(#"{"jsonrpc":"2.0","id":\#(id ?? "null"),"error":{"code":\#(code),"message":\#(quoted)}}"#.utf8)
    }

    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let internalError = -32603
}
