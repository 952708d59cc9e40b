/// Turns a request's URL as typed into the URL that is called: relative to the service's API base, placeholders filled.
public enum RequestURL {
    public static func resolve(_ url: String, apiBase: String, values: [String: String]) -> String {
        var absolute = url
        let lowered = url.lowercased()
        if !lowered.hasPrefix("http://"), !lowered.hasPrefix("https://"), !url.hasPrefix("{"), !apiBase.isEmpty {
            let base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
            absolute = url.isEmpty ? base : base + (url.hasPrefix("/") ? url : "/" + url)
        }
        return URLRules.fill(absolute, with: values)
    }

    /// `url` with `parameters` appended to its query string, percent-encoded.
    public static func appendingQuery(_ url: String, _ parameters: [KeyValue]) -> String {
        guard !parameters.isEmpty else { return url }
        let query = parameters.map { Escaping.percent($0.key) + "=" + Escaping.percent($0.value) }.joined(separator: "&")
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let head = url[..<fragmentStart]
        let separator = head.contains("?") ? (head.hasSuffix("?") || head.hasSuffix("&") ? "" : "&") : "?"
        return head + separator + query + url[fragmentStart...]
    }
}
