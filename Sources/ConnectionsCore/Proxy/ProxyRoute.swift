import Foundation

/// Where a request to the proxy goes: `/LINK/PATH?QUERY` is the connection LINK, and PATH and QUERY under its API base,
/// as the client encoded them. A path that could leave the API base (a `.` or `..` segment, an encoded slash or
/// backslash, in one or two rounds of percent-decoding) is refused, never normalised.
public struct ProxyRoute: Sendable, Equatable {
    public var linkName: String
    /// The path under the API base, without the query (what the access log shows).
    public var path: String
    /// The query as the client sent it, without the `?`; nil when there was none.
    public var query: String?

    public static func parse(_ target: String) throws(ProxyRefusal) -> ProxyRoute {
        guard target.hasPrefix("/") else { throw .notOriginForm }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts[0])
        let query = parts.count > 1 ? String(parts[1]) : nil
        var segments = rawPath.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let first = segments.first,
            let linkName = first.utf8.contains(UInt8(ascii: "%")) ? first.removingPercentEncoding : first, !linkName.isEmpty
        else { throw .noLinkName }
        segments.removeFirst()
        for segment in segments {
            if let problem = problem(in: segment) { throw .escapingPath(problem) }
        }
        if let query, query.utf8.contains(UInt8(ascii: "#")) { throw .escapingPath("holds a '#'") }
        return ProxyRoute(linkName: linkName, path: segments.isEmpty ? "" : "/" + segments.joined(separator: "/"), query: query)
    }

    /// The URL to ask for, relative to the connection's API base: braces encoded, so that no `{placeholder}` is
    /// filled from what a client sent.
    public var relativeURL: String {
        let escaped = path + (query.map { "?" + $0 } ?? "")
        guard escaped.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else { return escaped }
        return escaped.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
    }

    private static func problem(in segment: String) -> String? {
        // The usual segment, plain letters and digits and punctuation with no percent sign, needs no decoding.
        if segment != ".", segment != "..", segment.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !"%\\#".utf8.contains($0) }) {
            return nil
        }
        if segment.contains("\\") { return "holds a backslash" }
        if segment.contains("#") { return "holds a '#'" }
        var text = segment
        for _ in 0..<2 {
            guard let decoded = text.removingPercentEncoding else { return "holds a % that is not percent-encoding" }
            if decoded == "." || decoded == ".." { return "has a '\(decoded)' segment (written \(TerminalText.safe(segment, limit: 40)))" }
            if decoded.contains("/") || decoded.contains("\\") { return "holds an encoded slash or backslash" }
            if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                return "holds an encoded control character"
            }
            if decoded == text { break }
            text = decoded
        }
        return nil
    }
}
