import Foundation

/// Where a connection's credentials may be sent: the origin (scheme, host, port) of the service's API base and
/// the hosts the service declares in `allowed_hosts`. Plain http only to this machine; never a URL with a user
/// name or password in it.
public struct CredentialScope: Sendable {
    struct Pattern: Sendable, Equatable {
        var scheme: String
        /// A host, or a suffix after `*.` (any subdomain, not the bare domain).
        var host: String
        var anySubdomain: Bool
        var port: Int

        func matches(_ origin: Origin) -> Bool {
            guard origin.scheme == scheme, origin.port == port else { return false }
            return anySubdomain ? origin.host.hasSuffix("." + host) : origin.host == host
        }

        var description: String {
            Origin(scheme: scheme, host: (anySubdomain ? "*." : "") + host, port: port).description
        }
    }

    let patterns: [Pattern]
    let linkName: String
    let serviceLinkName: String
    let serviceIsCatalog: Bool

    public init(service: Service, connection: Connection) {
        let values = connection.placeholderValues
        patterns = (Self.apiBasePattern(service.apiBase, values: values).map { [$0] } ?? []) + Self.allowedPatterns(service, values: values)
        linkName = connection.linkName
        serviceLinkName = service.linkName
        serviceIsCatalog = service.origin == .catalog
    }

    /// The API base's origin as its template fixes it: a host with placeholders only when each value fits a host and
    /// the filled host still ends in the template's fixed part; none when a whole-URL placeholder starts it (that
    /// value's host must be one of `allowed_hosts`).
    static func apiBasePattern(_ apiBase: String, values: [String: String]) -> Pattern? {
        let template = URLTemplate(apiBase)
        guard !apiBase.isEmpty, !template.placeholders.contains(where: { $0.position == .url }) else { return nil }
        let authority = template.parts.prefix { $0.position == .host }
        let filled = authority.map { part in part.placeholder.flatMap { values[$0] } ?? part.text }.joined()
        guard authority.allSatisfy({ part in part.placeholder.map { values[$0].map(URLTemplate.isHostText) ?? false } ?? true }),
            let origin = Origin(filled), URLRules.placeholders(in: origin.host).isEmpty,
            origin.host.hasSuffix(template.fixedHostSuffix?.lowercased() ?? "")
        else { return nil }
        return Pattern(scheme: origin.scheme, host: origin.host, anySubdomain: false, port: origin.port)
    }

    /// The `allowed_hosts` entries, each placeholder filled only by a value that fits a host.
    static func allowedPatterns(_ service: Service, values: [String: String]) -> [Pattern] {
        service.allowedHosts.compactMap { entry in
            let (filled, problems) = URLTemplate(hostPattern: entry).filling(values)
            return problems.isEmpty && URLRules.placeholders(in: filled).isEmpty ? pattern(filled) : nil
        }
    }

    /// Whether a whole URL given for a placeholder (`{instance_url}`) names a host the service allows; nil when it does.
    static func wholeURLProblem(_ value: String, service: Service, values: [String: String]) -> String? {
        let allowed = allowedPatterns(service, values: values)
        guard allowed.isEmpty || !allowed.contains(where: { pattern in Origin(value).map(pattern.matches) ?? false }) else { return nil }
        return allowed.isEmpty
            ? "it fills a whole URL, and \(service.name) lists no allowed_hosts it may name"
            : "it names a host \(service.name) does not allow (allowed: \(allowed.map(\.description).joined(separator: ", ")))"
    }

    /// Throws unless the credentials may go to `url`.
    public func check(_ url: URL) throws(InvokeError) {
        if url.user != nil || url.password != nil {
            throw .refusedURL(url: Self.shown(url), reason: "it holds a user name or password; the connection supplies the credentials")
        }
        guard let origin = Origin(url) else { throw .invalidURL(Self.shown(url)) }
        if origin.scheme == "http", !origin.isLoopback {
            throw .refusedURL(
                url: origin.description,
                reason: "plain http would carry the credentials unencrypted (http is allowed only for 127.0.0.1 and localhost)")
        }
        guard !patterns.contains(where: { $0.matches(origin) }) else { return }
        let allowed = patterns.isEmpty ? "nowhere yet (the service has no API base)" : patterns.map(\.description).joined(separator: ", ")
        throw .originNotAllowed(
            url: origin.description, linkName: linkName, allowed: allowed, serviceLinkName: serviceLinkName, isCatalog: serviceIsCatalog)
    }

    /// What is wrong with an `allowed_hosts` entry, or nil.
    static func problem(_ entry: String, known: Set<String>) -> String? {
        for name in URLRules.placeholders(in: entry) where !known.contains(name) {
            return "Allowed host '\(entry)' uses {\(name)}, which is not a parameter or token field of this service."
        }
        let sample = URLTemplate(hostPattern: entry).filling(Dictionary(uniqueKeysWithValues: known.map { ($0, "x") })).text
        guard let pattern = pattern(sample) else {
            return "Allowed host '\(entry)' is not a host: give e.g. api.example.com, *.example.com or https://api.example.com:8443."
        }
        if pattern.scheme == "http", !URLRules.isLoopback(pattern.host) {
            return "Allowed host '\(entry)' is plain http, which is allowed only for 127.0.0.1 and localhost."
        }
        return nil
    }

    /// `host`, `*.host`, `scheme://host[:port]`, with nothing after the authority; https when no scheme is given.
    static func pattern(_ entry: String) -> Pattern? {
        let trimmed = entry.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else { return nil }
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        let wildcard = withScheme.range(of: "://*.")
        let parsed = wildcard.map { withScheme.replacingCharacters(in: $0, with: "://") } ?? withScheme
        guard let components = URLComponents(string: parsed), components.user == nil, components.password == nil,
            components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil,
            let url = components.url, let origin = Origin(url), !origin.host.contains("*")
        else { return nil }
        return Pattern(scheme: origin.scheme, host: origin.host, anySubdomain: wildcard != nil, port: origin.port)
    }

    static func shown(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        if components?.password != nil { components?.password = "…" }
        components?.query = nil
        return TerminalText.safe(components?.string ?? "the URL", limit: 120)
    }
}
