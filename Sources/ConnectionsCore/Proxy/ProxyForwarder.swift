import Foundation

/// Sends a request that reached the proxy through its connection, as `invoke` sends one: the same plan, credentials,
/// origins and redirects; an OAuth 2 token refreshed before it expires (one refresh for all the requests waiting on
/// it), and after a 401 refreshed once and the request sent again. The answer streams back as it arrives.
public struct ProxyForwarder: Sendable {
    let workspace: Workspace
    let http: HTTPClient
    let flights: RefreshFlights
    let cache: ConnectionCache
    /// Seconds until the API's answer starts (its body may take longer: an event stream runs as long as it runs).
    let timeout: TimeInterval
    /// A connection's failure in the words of the front end that runs the proxy (its remedy as a command, say).
    let wording: @Sendable (any Error) -> String

    public init(
        workspace: Workspace, http: HTTPClient = HTTPClient(), timeout: TimeInterval,
        wording: @escaping @Sendable (any Error) -> String = { String(describing: $0) }
    ) {
        self.workspace = workspace
        self.http = http
        self.timeout = timeout
        self.wording = wording
        cache = ConnectionCache(workspace: workspace)
        flights = RefreshFlights(tokens: TokenProvider(workspace: workspace, http: http, timeout: min(timeout, 30)))
    }

    /// Where the answer goes: its status and headers, then its body in pieces.
    public struct Reply: Sendable {
        public var head: @Sendable (_ status: Int, _ headers: [KeyValue]) async throws -> Void
        public var body: @Sendable (Data) async throws -> Void

        public init(
            head: @escaping @Sendable (Int, [KeyValue]) async throws -> Void, body: @escaping @Sendable (Data) async throws -> Void
        ) {
            self.head = head
            self.body = body
        }
    }

    /// What happened, for the access log.
    public struct Outcome: Sendable {
        public var status: Int
        public var warnings: [String] = []
    }

    public func forward(_ route: ProxyRoute, method: String, headers: [KeyValue], body: Data?, reply: Reply) async throws(ProxyRefusal)
        -> Outcome
    {
        do {
            return try await send(route, method: method, headers: headers, body: body, reply: reply)
        } catch let refusal as ProxyRefusal {
            throw refusal
        } catch StoreError.notFound(kind: "connection", let linkName) {
            throw .unknownLink(TerminalText.safe(linkName, limit: 80))
        } catch let error as ConnectError {
            if case .network(let network) = error { throw Self.refusal(network) }
            throw .notUsable(wording(error))
        } catch let error as HTTPError {
            throw Self.refusal(error)
        } catch let error as InvokeError {
            throw .notSent(wording(error))
        } catch {
            throw .storeFailed("The proxy could not read connection \(route.linkName): \(error)")
        }
    }

    private func send(_ route: ProxyRoute, method: String, headers: [KeyValue], body: Data?, reply: Reply) async throws -> Outcome {
        let found = try cache.lookup(route.linkName)
        var connection = found.connection
        let service = found.service
        try Invoker.checkUsable(connection)
        var outcome = Outcome(status: 0)
        let oauth2 = service.auth.type == .oauth2
        if oauth2, connection.tokens.map({ $0.wantsRefresh(at: Date(), margin: 60) }) ?? true {
            let fresh = try await flights.fresh(route.linkName)
            connection = fresh.connection
            outcome.warnings += fresh.warning.map { [$0] } ?? []
        }
        let request = APIRequest(
            url: route.relativeURL, method: method, headers: ProxyHeaders.forwarded(headers), body: body, timeout: timeout)
        var mayRetry = oauth2
        while true {
            var (_, outgoing) = try Invoker.outgoing(request, service: service, connection: connection)
            let streamed = HeadSent(), retrying = mayRetry
            outgoing.streamedAnswer = HTTPRequest.StreamedAnswer(
                takes: { !(retrying && $0 == 401) },
                head: { status, headers in
                    streamed.mark(status)
                    try await reply.head(status, ProxyHeaders.returned(headers))
                },
                body: reply.body)
            let response = try await http.send(outgoing)
            if retrying, response.status == 401 {
                connection = try await flights.fresh(route.linkName, refused: connection.tokens?.accessToken).connection
                mayRetry = false
                continue
            }
            if !streamed.value {
                try await reply.head(response.status, ProxyHeaders.returned(response.headers))
                if !response.body.isEmpty { try await reply.body(response.body) }
            }
            outcome.status = response.status
            return outcome
        }
    }

    static func refusal(_ error: HTTPError) -> ProxyRefusal {
        switch error {
        case .timedOut: .timedOut(error.description)
        case .invalidHeader: .notSent(error.description)
        case .cannotConnect, .failed: .unreachable(error.description)
        }
    }
}
