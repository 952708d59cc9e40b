import Foundation

/// What discovery found, and every step it took (shown to the user).
public struct DiscoveryReport: Sendable {
    public var steps: [String]
    public var resource: ResourceMetadata?
    public var server: ServerMetadata
    /// The `scope` of the resource's 401 challenge (RFC 6750 §3), when it gave one.
    public var challengedScopes: [String]?

    /// The scopes to ask for when the user names none, as the MCP authorization spec selects them: the challenge's
    /// `scope`, else every scope the resource metadata lists; for a bare issuer none (the server's default).
    public var suggestedScopes: [String] { challengedScopes ?? resource?.scopesSupported ?? [] }
}

/// Finds a service's authorization server from one URL: an issuer, an API endpoint or an MCP endpoint. In the
/// order the MCP authorization spec (2025-11-25) gives: the resource's 401 (`WWW-Authenticate: Bearer
/// resource_metadata=…`, RFC 9728), else its well-known resource metadata (path appended, then at the root); then
/// the authorization server's RFC 8414 metadata (issuer path inserted, then at the root) and OpenID Connect
/// discovery (both ways). Only https (http only on loopback), no redirect to another origin, 256 KB and 10 s per
/// document. Nothing is sent with credentials. A document may lead to this machine (loopback) only when the URL
/// the user gave is on it: else a remote document could make this program call a local service.
public struct Discovery: Sendable {
    let http: HTTPClient
    /// Seconds for each document, the whole exchange.
    let documentTimeout: Double
    /// Which origins are this machine; tests, which reach only 127.0.0.1, let `localhost` play another machine.
    let isThisMachine: @Sendable (Origin) -> Bool
    static let maximumDocument = 256 << 10

    public init(
        http: HTTPClient = HTTPClient(), documentTimeout: Double = 10,
        isThisMachine: @escaping @Sendable (Origin) -> Bool = { $0.isThisMachine }
    ) {
        self.http = http
        self.documentTimeout = documentTimeout
        self.isThisMachine = isThisMachine
    }

    public func discover(_ text: String) async throws -> DiscoveryReport {
        let url = try Self.allowed(text)
        let mayLeadHere = Origin(url).map(isThisMachine) ?? false
        func refuseThisMachine(_ text: String) throws(DiscoveryError) {
            guard !mayLeadHere, let origin = Origin(text), isThisMachine(origin) else { return }
            throw .pointsAtThisMachine(url: TerminalText.safe(text, limit: 200), from: url.absoluteString)
        }
        /// A URL a document named, to be fetched.
        func named(_ text: String) throws(DiscoveryError) -> URL {
            let named = try Self.allowed(text)
            try refuseThisMachine(text)
            return named
        }
        var steps: [String] = []
        var resource: ResourceMetadata?
        var challengedScopes: [String]?
        let first = try await fetch(url)
        if first.status == 401, let pointer = Self.resourceMetadataURL(first.header("WWW-Authenticate")) {
            steps.append("\(url.absoluteString) answered 401 naming its resource metadata \(pointer)")
            challengedScopes = Self.challengeParameter("scope", in: first.header("WWW-Authenticate"))?
                .split(separator: " ").map(String.init)
            let document = try named(pointer)
            let found = try await resourceMetadata(at: document, steps: &steps)
            try Self.check(found, at: document, fetchedFor: url)
            resource = found
        } else {
            steps.append("\(url.absoluteString) answered \(first.status)")
            for candidate in Self.wellKnown("oauth-protected-resource", for: url) {
                guard let found = try? await resourceMetadata(at: candidate, steps: &steps) else { continue }
                try Self.check(found, at: candidate, fetchedFor: url)
                // A "resource" whose authorization server is itself is the issuer that was given.
                if found.authorizationServers.contains(found.resource) {
                    steps.append("\(found.resource) is its own authorization server: taken as the issuer")
                } else {
                    resource = found
                }
                break
            }
        }
        let issuer: String
        if let resource {
            guard let first = resource.authorizationServers.first else { throw DiscoveryError.noServer(resource: resource.resource) }
            _ = try named(first)
            issuer = first
        } else {
            issuer = url.absoluteString
        }
        let server = try await serverMetadata(issuer: issuer, steps: &steps)
        for endpoint in server.endpoints { try refuseThisMachine(endpoint) }
        // A PKCE-less server cannot protect a loopback client's code; for an MCP resource, silence is refusal too.
        if let methods = server.codeChallengeMethods, !methods.contains("S256") {
            throw DiscoveryError.noS256(issuer: server.issuer, offered: methods)
        } else if server.codeChallengeMethods == nil, resource != nil {
            throw DiscoveryError.noS256(issuer: server.issuer, offered: [])
        }
        return DiscoveryReport(steps: steps, resource: resource, server: server, challengedScopes: challengedScopes)
    }

    private func resourceMetadata(at url: URL, steps: inout [String]) async throws -> ResourceMetadata {
        let response = try await fetch(url)
        guard response.status == 200, let object = Self.object(response.body) else {
            steps.append("\(url.absoluteString): \(response.status == 200 ? "not a JSON object" : "HTTP \(response.status)")")
            throw DiscoveryError.unreadable("no resource metadata at \(url.absoluteString)")
        }
        let metadata = try ResourceMetadata(json: object)
        steps.append(
            TerminalText.safe(
                "\(url.absoluteString): resource \(metadata.resource), authorization servers \(metadata.authorizationServers)", limit: 1000)
        )
        return metadata
    }

    private func serverMetadata(issuer: String, steps: inout [String]) async throws -> ServerMetadata {
        let issuerURL = try Self.allowed(issuer)
        var tried: [String] = []
        // With a path: RFC 8414 and OIDC with the path inserted, then OIDC's own appended form; never the root, whose
        // metadata would belong to another issuer. Without one: both at the root.
        let hasPath = !issuerURL.path.isEmpty && issuerURL.path != "/"
        var candidates = [
            Self.wellKnown("oauth-authorization-server", for: issuerURL).first,
            Self.wellKnown("openid-configuration", for: issuerURL).first,
        ].compactMap { $0 }
        if hasPath { candidates.append(issuerURL.appendingPathComponent(".well-known/openid-configuration")) }
        for candidate in candidates where !tried.contains(candidate.absoluteString) {
            tried.append(candidate.absoluteString)
            let response: HTTPResponse
            do {
                response = try await fetch(candidate)
            } catch let error as DiscoveryError {
                throw error
            } catch {
                steps.append("\(candidate.absoluteString): \(error)")
                continue
            }
            guard response.status == 200, let object = Self.object(response.body), object["issuer"] is String else {
                steps.append("\(candidate.absoluteString): \(response.status == 200 ? "no metadata there" : "HTTP \(response.status)")")
                continue
            }
            let metadata = try ServerMetadata(json: object)
            guard metadata.issuer == issuer else { throw DiscoveryError.issuerMismatch(expected: issuer, found: metadata.issuer) }
            steps.append("\(candidate.absoluteString): authorization server \(metadata.issuer)")
            return metadata
        }
        throw DiscoveryError.nothingFound(tried: steps)
    }

    private func fetch(_ url: URL) async throws -> HTTPResponse {
        var request = HTTPRequest(method: "GET", url: url, headers: [KeyValue("Accept", "application/json")], timeout: documentTimeout)
        request.maximumBody = Self.maximumDocument
        return try await http.send(request)
    }

    /// RFC 9728 §3.3: resource metadata speaks for the URL it was fetched for: the same origin, and that URL's path
    /// or one it lies under (a resource named by its root covers its endpoints). Another origin would become the
    /// service's API base.
    static func check(_ metadata: ResourceMetadata, at document: URL, fetchedFor url: URL) throws(DiscoveryError) {
        func trimmed(_ path: String) -> String { path.hasSuffix("/") ? String(path.dropLast()) : path }
        if let resource = URL(string: metadata.resource), let origin = Origin(resource), origin == Origin(url),
            resource.fragment == nil
        {
            let named = trimmed(resource.path)
            let asked = trimmed(url.path)
            if named.isEmpty || named == asked || asked.hasPrefix(named + "/") { return }
        }
        throw .resourceMismatch(
            document: document.absoluteString, resource: TerminalText.safe(metadata.resource, limit: 200), expected: url.absoluteString)
    }

    /// https, or http to this machine only.
    static func allowed(_ text: String) throws(DiscoveryError) -> URL {
        guard let url = URL(string: text), let origin = Origin(url) else {
            throw .notAllowed(url: text, reason: "not an absolute http(s) URL")
        }
        guard origin.scheme == "https" || origin.isLoopback else {
            throw .notAllowed(url: text, reason: "discovery uses https (plain http only for 127.0.0.1, localhost and ::1)")
        }
        return url
    }

    /// `/.well-known/NAME` with the URL's path after it (RFC 8414 §3.1, RFC 9728 §3.1), then at the root.
    static func wellKnown(_ name: String, for url: URL) -> [URL] {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return [] }
        components.query = nil
        components.fragment = nil
        let path = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        var urls: [URL] = []
        if !path.isEmpty {
            components.path = "/.well-known/\(name)" + path
            if let url = components.url { urls.append(url) }
        }
        components.path = "/.well-known/\(name)"
        if let url = components.url { urls.append(url) }
        return urls
    }

    /// `resource_metadata="…"` of a `WWW-Authenticate: Bearer …` challenge (RFC 9728 §5.1).
    static func resourceMetadataURL(_ header: String?) -> String? { challengeParameter("resource_metadata", in: header) }

    /// A quoted parameter of a `WWW-Authenticate` challenge.
    static func challengeParameter(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        var searched = header.startIndex..<header.endIndex
        while let range = header.range(of: "\(name)=\"", range: searched) {
            let before = range.lowerBound == header.startIndex ? " " : header[header.index(before: range.lowerBound)]
            let rest = header[range.upperBound...]
            if before == " " || before == ",", let end = rest.firstIndex(of: "\"") { return String(rest[..<end]) }
            searched = range.upperBound..<header.endIndex
        }
        return nil
    }

    static func object(_ body: Data) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}
