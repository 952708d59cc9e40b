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

    /// `eventStream`: where a 2xx `text/event-stream` answer goes as it arrives (see `HTTPRequest.eventStream`).
    public func invoke(_ linkName: String, _ request: APIRequest, eventStream: (@Sendable (Data) async -> Void)? = nil) async throws
        -> InvokeResult
    {
        let connection = try workspace.connection(linkName)
        try Self.checkUsable(connection)
        return try await invoke(connection, service: try workspace.service(connection.serviceLinkName), request, eventStream: eventStream)
    }

    /// Calls with this connection as given (stored or not: `connect --check` tries credentials before storing them).
    func invoke(
        _ given: Connection, service: Service, _ request: APIRequest, eventStream: (@Sendable (Data) async -> Void)? = nil
    ) async throws -> InvokeResult {
        var connection = given
        let linkName = connection.linkName
        let tokens = TokenProvider(workspace: workspace, http: http, timeout: request.timeout)
        var warnings: [String] = []
        // A request that would be refused is refused before anything is refreshed: no token is spent on it.
        try Self.checkSendable(request, service: service, connection: connection)
        if service.auth.type == .oauth2 {
            let fresh = try await tokens.freshConnection(linkName)
            connection = fresh.connection
            warnings += fresh.warning.map { [$0] } ?? []
        }

        let started = ContinuousClock.now
        var (url, response) = try await send(request, service: service, connection: connection, eventStream: eventStream)
        var retried = false
        if response.status == 401, service.auth.type == .oauth2 {
            connection = try await tokens.freshConnection(linkName, forceRefresh: true).connection
            (url, response) = try await send(request, service: service, connection: connection, eventStream: eventStream)
            retried = true
        }
        return InvokeResult(
            url: url, method: request.method, response: response, elapsed: ContinuousClock.now - started, retriedAfterRefresh: retried,
            warnings: warnings)
    }

    private func send(
        _ request: APIRequest, service: Service, connection: Connection, eventStream: (@Sendable (Data) async -> Void)?
    ) async throws -> (URL, HTTPResponse) {
        var (shown, outgoing) = try Self.outgoing(request, service: service, connection: connection)
        outgoing.eventStream = eventStream
        return (shown, try await http.send(outgoing))
    }

    /// The request as it goes through the connection (its plan, the credentials applied, their origin checked), and its
    /// URL as shown and reported: without a token or signature the query may carry. `scope`, when given, is this
    /// connection's and service's, made before (the proxy keeps one for each connection it serves).
    static func outgoing(_ request: APIRequest, service: Service, connection: Connection, scope: CredentialScope? = nil) throws
        -> (shown: URL, request: HTTPRequest)
    {
        let plan = OutgoingRequest.plan(request, service: service, values: connection.placeholderValues)
        try plan.checkSendable(linkName: connection.linkName)
        let applier = CredentialApplier(service: service, connection: connection)
        let prepared = try applier.prepare(plan)
        try (scope ?? CredentialScope(service: service, connection: connection)).check(prepared.url)
        let bare = try applier.prepare(plan, withCredentials: false)
        let outgoing = HTTPRequest(
            method: plan.method, url: prepared.url, headers: prepared.headers, body: prepared.body, timeout: plan.timeout,
            crossOrigin: HTTPRequest.Uncredentialed(headers: bare.headers, body: bare.body))
        return (bare.url, outgoing)
    }

    /// What `send` refuses without sending (a URL the credentials may not go to, a placeholder that does not fit),
    /// checked without the credentials, so that it needs no fresh token.
    static func checkSendable(_ request: APIRequest, service: Service, connection: Connection) throws {
        let plan = OutgoingRequest.plan(request, service: service, values: connection.placeholderValues)
        try plan.checkSendable(linkName: connection.linkName)
        let bare = try CredentialApplier(service: service, connection: connection).prepare(plan, withCredentials: false)
        try CredentialScope(service: service, connection: connection).check(bare.url)
    }

    public static func checkUsable(_ connection: Connection) throws(ConnectError) {
        switch connection.storedStatus {
        case .connected, .expired: break
        case .needsReconnect(let reason): throw .needsReconnect(linkName: connection.linkName, reason: reason)
        case .notConnected, .disconnected, .changedOutside:
            throw .notConnected(linkName: connection.linkName, status: connection.storedStatus.displayName)
        }
    }
}
