import Foundation

/// Checks endpoint URLs: https, except plain http on the loopback host; `{placeholders}` allowed where declared.
public enum URLRules {
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// `text` with the values filled in where they fit their place (see `URLTemplate`); a value that does not fit
    /// leaves its `{placeholder}` as it is.
    public static func fill(_ text: String, with values: [String: String]) -> String {
        URLTemplate(text).filling(values).text
    }

    /// A header value with the values filled in as they are (a header is not a URL; HTTPClient refuses line breaks).
    public static func fillHeader(_ text: String, with values: [String: String]) -> String {
        var result = text
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return result
    }

    /// The `scheme://` a URL starts with (RFC 3986 §3.1: a letter, then letters, digits, `+ - .`), or nil.
    public static func schemePrefix(_ text: String) -> Substring? {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
            let end = text.range(of: "://")
        else { return nil }
        let scheme = text[..<end.lowerBound]
        let allowed = scheme.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)
        }
        return allowed ? text[..<end.upperBound] : nil
    }

    /// A message for what is wrong with `url`, or nil. `known` lists the placeholders it may use.
    public static func problem(_ url: String, label: String, required: Bool, known: Set<String>) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return required ? "\(label) is required." : nil }
        if trimmed != url || url.contains(where: { $0.isWhitespace }) { return "\(label) cannot contain spaces." }
        for name in placeholders(in: url) where !known.contains(name) {
            let hint = known.isEmpty ? "declare it under parameters" : "known: " + known.sorted().joined(separator: ", ")
            return "\(label) uses {\(name)}, which is not a parameter of this service (\(hint))."
        }
        if url.hasPrefix("{") { return nil }
        let sample = fill(url, with: Dictionary(uniqueKeysWithValues: known.map { ($0, "x") }))
        guard let components = URLComponents(string: sample), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return "\(label) is not a valid URL; expected e.g. \(example(for: label))." }
        switch scheme {
        case "https": return nil
        case "http" where isLoopback(host): return nil
        case "http": return "\(label) must be https (http is allowed only for 127.0.0.1/localhost)."
        default: return "\(label) must start with https://."
        }
    }

    /// An example of what the field holds, for messages.
    static func example(for label: String) -> String {
        let lowered = label.lowercased()
        if lowered.contains("api base") { return "https://api.example.com/v1" }
        if lowered.contains("authorize") { return "https://example.com/oauth/authorize" }
        if lowered.contains("revoke") { return "https://example.com/oauth/revoke" }
        if lowered.contains("device") { return "https://example.com/oauth/device/code" }
        if lowered.contains("token") { return "https://example.com/oauth/token" }
        return "https://api.example.com/path"
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host.lowercased())
    }
}
