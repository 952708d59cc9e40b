import Foundation

/// A URL with `{placeholders}`, each known by where it sits; a value is checked for its place before it is filled,
/// so that no value can move the URL to another host.
public struct URLTemplate: Sendable, Equatable {
    public enum Position: Sendable, Equatable {
        /// The template starts with it: the value is a whole https URL (scheme, host, maybe a path).
        case url
        /// In the authority: only what a DNS name allows.
        case host
        /// In the path: percent-encoded.
        case path
        /// In the query or the fragment: percent-encoded.
        case query
    }

    public struct Part: Sendable, Equatable {
        public var text: String
        /// The placeholder's name when this part is `{name}`.
        public var placeholder: String?
        public var position: Position
    }

    public let text: String
    public let parts: [Part]

    public init(_ text: String) {
        self.text = text
        parts = Self.parts(of: text, hostOnly: false)
    }

    /// An `allowed_hosts` entry (`{shop}.myshopify.com`, `https://{shop}.example.com:8443`): every placeholder is in a host.
    public init(hostPattern text: String) {
        self.text = text
        parts = Self.parts(of: text, hostOnly: true)
    }

    public var placeholders: [(name: String, position: Position)] {
        parts.compactMap { part in part.placeholder.map { ($0, part.position) } }
    }

    /// The template filled in: a value that does not fit its place stays `{name}` and is reported, as does a missing one
    /// (left for `URLRules.placeholders` to find).
    public func filling(_ values: [String: String]) -> (text: String, problems: [PlaceholderProblem]) {
        var result = "", problems: [PlaceholderProblem] = []
        for part in parts {
            guard let name = part.placeholder, let value = values[name] else {
                result += part.text
                continue
            }
            if let reason = Self.problem(value, at: part.position) {
                problems.append(PlaceholderProblem(name: name, value: value, template: text, reason: reason))
                result += part.text
            } else {
                result += Self.encoded(value, at: part.position)
            }
        }
        return (result, problems)
    }

    /// The host as the template fixes it after its last placeholder (`.myshopify.com` of `{shop}.myshopify.com`): a
    /// filled host must still end in it.
    public var fixedHostSuffix: String? {
        guard let last = parts.lastIndex(where: { $0.placeholder != nil && $0.position == .host }) else { return nil }
        let rest = parts[(last + 1)...].prefix { $0.position == .host }.map(\.text).joined()
        return String(rest.prefix { ![":", "/", "?", "#"].contains($0) })
    }

    // MARK: Values by place

    /// Why `value` cannot fill a placeholder at `position`, or nil when it can.
    static func problem(_ value: String, at position: Position) -> String? {
        switch position {
        case .host:
            return isHostText(value)
                ? nil
                : "it fills a host name, which takes only letters, digits, hyphens and dots (no / ? # @ : \\, spaces or %)"
        case .path:
            return value == "." || value == ".." ? "it fills a path segment, which cannot be '.' or '..'" : nil
        case .query:
            return nil
        case .url:
            return wholeURLProblem(value)
        }
    }

    static func encoded(_ value: String, at position: Position) -> String {
        switch position {
        case .host, .url: value
        case .path, .query: FormEncoding.component(value)
        }
    }

    /// Letters, digits and hyphens in dot-separated labels, none empty.
    static func isHostText(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && !text.hasSuffix(".") && !text.contains("..")
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-.".unicodeScalars.contains($0)
            }
    }

    /// A whole URL in place of a placeholder: https (http only on this machine), a DNS host, no user name, query or
    /// fragment.
    static func wholeURLProblem(_ value: String) -> String? {
        let expected = "it fills a whole URL, which must be https://host (or https://host/path), without a user name, query or fragment"
        guard !value.contains(where: { $0.isWhitespace || $0 == "\\" || $0 == "%" || $0 == "@" || $0 == "?" || $0 == "#" }),
            let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(), let host = components.host,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
            isHostText(host) || URLRules.isLoopback(host)
        else { return expected }
        switch scheme {
        case "https": return nil
        case "http" where URLRules.isLoopback(host): return nil
        default: return expected
        }
    }

    // MARK: Reading the template

    private static func parts(of text: String, hostOnly: Bool) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(text)
        var position = Position.path
        if hostOnly {
            position = .host
        } else if text.hasPrefix("{") {
            position = .url
        } else if let scheme = URLRules.schemePrefix(text) {
            literal = String(scheme)
            rest = rest.dropFirst(scheme.count)
            position = .host
        }
        func flush() {
            if !literal.isEmpty { parts.append(Part(text: literal, placeholder: nil, position: position)) }
            literal = ""
        }
        while let character = rest.first {
            if character == "{", let close = rest.firstIndex(of: "}") {
                flush()
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                parts.append(Part(text: "{\(name)}", placeholder: name, position: position))
                if position == .url { position = .path }
                rest = rest[rest.index(after: close)...]
                continue
            }
            if !hostOnly, character == "?" || character == "#", position != .query {
                flush()
                position = .query
            } else if !hostOnly, character == "/", position == .host {
                flush()
                position = .path
            }
            literal.append(character)
            rest = rest.dropFirst()
        }
        flush()
        return parts
    }
}

/// A value that does not fit the place of the `{placeholder}` it would fill.
public struct PlaceholderProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String
    public var template: String
    public var reason: String

    public init(name: String, value: String, template: String, reason: String) {
        self.name = name
        self.value = value
        self.template = template
        self.reason = reason
    }

    public var description: String {
        "'\(TerminalText.safe(value, limit: 80))' cannot fill {\(name)} in \(TerminalText.safe(template, limit: 120)): \(reason)."
    }
}
