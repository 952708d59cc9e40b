import Foundation

/// Which headers cross the proxy: the client's own credentials and the secret never go on, nor hop-by-hop headers
/// (RFC 9110 §7.6.1) in either direction; cookies are not passed back, since every link shares the proxy's origin.
public enum ProxyHeaders {
    public static let secretHeader = "X-Connections-Proxy-Secret"
    private static let secretName = secretHeader.lowercased()
    static let credentials: Set = ["authorization", "proxy-authorization", "cookie", secretName]
    static let hopByHop: Set = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
    ]

    private static let neverForwarded = credentials.union(hopByHop)
    private static let neverReturned = hopByHop.subtracting(["content-length"]).union(["set-cookie", "set-cookie2"])

    /// What goes on to the API: the client's headers without its credentials, the secret and hop-by-hop headers.
    static func forwarded(_ headers: [KeyValue]) -> [KeyValue] { kept(headers, dropping: neverForwarded) }

    /// What goes back to the client: the API's headers without hop-by-hop headers and cookies. Content-Length stays,
    /// since the body passes unchanged.
    static func returned(_ headers: [KeyValue]) -> [KeyValue] { kept(headers, dropping: neverReturned) }

    /// `headers` without those `dropped` and those a Connection header names.
    private static func kept(_ headers: [KeyValue], dropping dropped: Set<String>) -> [KeyValue] {
        let names = headers.map { $0.key.lowercased() }
        let named = Set(zip(names, headers).filter { $0.0 == "connection" }.flatMap { $0.1.value.split(separator: ",").map(token) })
        return zip(names, headers).compactMap { name, header in dropped.contains(name) || named.contains(name) ? nil : header }
    }

    /// One name of a Connection header's list: without the spaces or tabs around it, lowercased.
    private static func token(_ item: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = item.firstIndex(where: { !isBlank($0) }), let last = item.lastIndex(where: { !isBlank($0) }) else { return "" }
        return item[first...last].lowercased()
    }

    /// The secret the client sent, from either header.
    static func secret(in headers: [KeyValue]) -> String? {
        if let value = headers.first(where: { $0.key.lowercased() == secretName })?.value { return value }
        guard let value = headers.first(where: { $0.key.lowercased() == "proxy-authorization" })?.value,
            value.lowercased().hasPrefix("bearer ")
        else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}
