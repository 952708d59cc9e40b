import Foundation

/// Calls an API through a connection: resolves the URL, applies the credentials, refreshes an OAuth 2 token before
/// it expires, and after a 401 refreshes once and tries once more.
public struct Invoker: Sendable {
    public let workspace: Workspace
    let http: HTTPClient

    public init(workspace: Workspace, http: HTTPClient = HTTPClient()) {
        self.workspace = workspace
        self.http = http
    }

    public func invoke(_ linkName: String, _ request: InvokeRequest) async throws -> InvokeResult {
        let connection = try workspace.connection(linkName)
        try Self.checkUsable(connection)
        return try await invoke(connection, service: try workspace.service(connection.serviceLinkName), request)
    }

    /// Calls with this connection as given (stored or not: `connect --check` tries credentials before storing them).
    func invoke(_ given: Connection, service: Service, _ request: InvokeRequest) async throws -> InvokeResult {
        var connection = given
        let linkName = connection.linkName
        let tokens = TokenProvider(workspace: workspace, http: http, timeout: request.timeout)
        var warnings: [String] = []
        if service.auth.type == .oauth2 {
            let fresh = try await tokens.freshConnection(linkName)
            connection = fresh.connection
            warnings += fresh.warning.map { [$0] } ?? []
        }

        let started = ContinuousClock.now
        var (url, response) = try await send(request, service: service, connection: connection)
        var retried = false
        if response.status == 401, service.auth.type == .oauth2 {
            connection = try await tokens.freshConnection(linkName, forceRefresh: true).connection
            (url, response) = try await send(request, service: service, connection: connection)
            retried = true
        }
        return InvokeResult(url: url, method: request.method, response: response, elapsed: ContinuousClock.now - started, retriedAfterRefresh: retried, warnings: warnings)
    }

    /// The URL as called: relative to the API base, `{placeholders}` from the connection.
    public static func resolvedURL(_ url: String, service: Service, connection: Connection) throws -> String {
        if let scheme = url.range(of: "://").map({ url[..<$0.lowerBound].lowercased() }), scheme != "http", scheme != "https", !scheme.contains("{") {
            throw InvokeError.invalidURL(url)
        }
        let resolved = RequestURL.resolve(url, apiBase: service.apiBase, values: connection.placeholderValues)
        if let name = URLRules.placeholders(in: resolved).first { throw InvokeError.unfilledPlaceholder(name: name, linkName: connection.linkName) }
        return resolved
    }

    private func send(_ request: InvokeRequest, service: Service, connection: Connection) async throws -> (URL, HTTPResponse) {
        let url = try Self.resolvedURL(request.url, service: service, connection: connection)
        let inBody = request.parametersInBody
        var headers = service.apiHeaders.map { KeyValue($0.key, URLRules.fill($0.value, with: connection.placeholderValues)) }
        headers += request.headers
        let applier = CredentialApplier(service: service, connection: connection)
        func prepare(withCredentials: Bool) throws -> CredentialApplier.Prepared {
            try applier.prepare(
                method: request.method, url: url, query: inBody ? [] : request.parameters, form: inBody ? request.parameters : [], formBody: inBody,
                headers: headers, body: request.body, withCredentials: withCredentials)
        }
        let prepared = try prepare(withCredentials: true)
        try CredentialScope(service: service, connection: connection).check(prepared.url)
        let bare = try prepare(withCredentials: false)
        let response = try await http.send(HTTPRequest(
            method: request.method, url: prepared.url, headers: prepared.headers, body: prepared.body, timeout: request.timeout,
            crossOrigin: HTTPRequest.Uncredentialed(headers: bare.headers, body: bare.body)))
        // The URL as shown and reported: without a token or signature the query may carry.
        return (bare.url, response)
    }

    public static func checkUsable(_ connection: Connection) throws(ConnectError) {
        switch connection.storedStatus {
        case .connected, .expired: break
        case .needsReconnect(let reason): throw .needsReconnect(linkName: connection.linkName, reason: reason)
        case .notConnected, .disconnected: throw .notConnected(linkName: connection.linkName, status: connection.storedStatus.displayName)
        }
    }
}
