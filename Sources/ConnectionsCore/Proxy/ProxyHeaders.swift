import Foundation

/// Which headers cross the proxy: the client's own credentials and the secret never go on, nor hop-by-hop headers
/// (RFC 9110 §7.6.1) in either direction; cookies are not passed back, since every link shares the proxy's origin.
public enum ProxyHeaders {
    public static let secretHeader = "X-Connections-Proxy-Secret"
    static let credentials: Set = ["authorization", "proxy-authorization", "cookie", secretHeader.lowercased()]
    static let hopByHop: Set = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
    ]

    private static let neverForwarded = credentials.union(hopByHop)

    /// What goes on to the API: the client's headers without its credentials, the secret and hop-by-hop headers.
    static func forwarded(_ headers: [KeyValue]) -> [KeyValue] {
        let dropped = neverForwarded.union(named(inConnection: headers))
        return headers.filter { !dropped.contains($0.key.lowercased()) }
    }

    /// What goes back to the client: the API's headers without hop-by-hop headers and cookies. Content-Length stays,
    /// since the body passes unchanged.
    static func returned(_ headers: [KeyValue]) -> [KeyValue] {
        let dropped = hopByHop.subtracting(["content-length"]).union(["set-cookie", "set-cookie2"]).union(named(inConnection: headers))
        return headers.filter { !dropped.contains($0.key.lowercased()) }
    }

    /// The secret the client sent, from either header.
    static func secret(in headers: [KeyValue]) -> String? {
        if let value = headers.first(where: { $0.key.lowercased() == secretHeader.lowercased() })?.value { return value }
        guard let value = headers.first(where: { $0.key.lowercased() == "proxy-authorization" })?.value,
            value.lowercased().hasPrefix("bearer ")
        else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    private static func named(inConnection headers: [KeyValue]) -> Set<String> {
        Set(
            headers.filter { $0.key.lowercased() == "connection" }.flatMap { $0.value.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }
}
