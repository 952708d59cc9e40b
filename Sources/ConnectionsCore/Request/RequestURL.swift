/// Turns a request's URL as typed into the URL that is called: relative to the service's API base, placeholders filled.
public enum RequestURL {
    public static func resolve(_ url: String, apiBase: String, values: [String: String]) -> String {
        URLRules.fill(joined(url, apiBase: apiBase), with: values)
    }

    /// The URL as typed joined to the API base when it is relative; placeholders not yet filled.
    public static func joined(_ url: String, apiBase: String) -> String {
        let lowered = url.lowercased()
        guard !lowered.hasPrefix("http://"), !lowered.hasPrefix("https://"), !url.hasPrefix("{"), !apiBase.isEmpty else { return url }
        let base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        return url.isEmpty ? base : base + (url.hasPrefix("/") ? url : "/" + url)
    }

    /// `url` with `parameters` appended to its query string, percent-encoded.
    public static func appendingQuery(_ url: String, _ parameters: [KeyValue]) -> String {
        guard !parameters.isEmpty else { return url }
        let query = parameters.map { FormEncoding.component($0.key) + "=" + FormEncoding.component($0.value) }.joined(separator: "&")
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let head = url[..<fragmentStart]
        let separator = head.contains("?") ? (head.hasSuffix("?") || head.hasSuffix("&") ? "" : "&") : "?"
        return head + separator + query + url[fragmentStart...]
    }

    /// The URL as it goes on the wire: every byte RFC 3986 does not allow in a URL (space, `\\`, `"`, `<`, `>`,
    /// `^`, `` ` ``, `{`, `|`, `}`, controls, non-ASCII) percent-encoded, what is already encoded left as it is.
    /// `invoke` and every snippet send this one form, so that curl does not refuse it and a WHATWG URL parser (Node's)
    /// does not turn `\\` into `/`.
    public static func wireForm(_ url: String) -> String { FormEncoding.percentEncoded(url, keeping: allowed) }

    private static let allowed: [Bool] = (0..<256).map { byte in
        guard byte < 0x80, let scalar = Unicode.Scalar(byte) else { return false }
        return scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || "-._~:/?#[]@!$&'()*+,;=%".unicodeScalars.contains(scalar)
    }
}
