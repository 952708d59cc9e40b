import Foundation

/// One line of the access log: method, link, path (never the query, which may carry keys), status, time. No header
/// and no credential is ever part of it.
public struct ProxyLogEntry: Sendable {
    public var method: String
    public var linkName: String?
    public var path: String
    public var status: Int
    public var duration: Duration
    /// Why the proxy answered itself or cut an answer short, or a warning (a refresh failed, the token in hand was used).
    public var note: String?

    var milliseconds: Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    public var text: String {
        let tenths = Int((min(milliseconds, 1e12) * 10).rounded())
        let time = milliseconds < 10 ? "\(tenths / 10).\(tenths % 10) ms" : "\(Int(milliseconds.rounded())) ms"
        return TerminalText.safe(
            "connections proxy: \(method) \(linkName ?? "-") \(path.isEmpty ? "/" : path) \(status) \(time)"
                + (note.map { " (\($0))" } ?? ""), limit: 400)
    }

    public var json: String {
        var object: [String: Any] = [
            "time": Timestamp.iso8601(Date()), "method": method, "link": linkName ?? NSNull(), "path": path, "status": status,
            "ms": (milliseconds * 10).rounded() / 10,
        ]
        if let note { object["note"] = note }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
