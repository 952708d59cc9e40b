import Foundation
import NIOCore
import NIOPosix

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

    /// What happened, for the access log.
    public struct Outcome: Sendable {
        public var status: Int
        public var warnings: [String] = []
    }

    /// Sends the request on `loop` (the client connection's), its answer to `sink` as it arrives. Fails with a
    /// `ProxyRefusal`.
    func forward(_ route: ProxyRoute, method: String, headers: [KeyValue], body: Data?, on loop: any EventLoop, to sink: any AnswerSink)
        -> EventLoopFuture<Outcome>
    {
        let request = APIRequest(
            url: route.relativeURL, method: method, headers: ProxyHeaders.forwarded(headers), body: body, timeout: timeout)
        let sink = NIOLoopBound(sink, eventLoop: loop)
        return lookup(route.linkName, on: loop)
            .flatMap { link in usable(link, on: loop) }
            .flatMap { link, outcome in
                send(request, through: link, mayRetry: link.service.auth.type == .oauth2, outcome: outcome, on: loop, to: sink)
            }
            .flatMapErrorThrowing { throw refusal($0, linkName: route.linkName) }
    }

    /// The connection and its service: from the SQLite store on the loop (one cheap read while nothing changed), from a
    /// team store on a thread of NIO's pool, since a remote database may take its time.
    private func lookup(_ linkName: String, on loop: any EventLoop) -> EventLoopFuture<ProxiedLink> {
        let cache = self.cache
        guard cache.isLocal else { return NIOThreadPool.singleton.runIfActive(eventLoop: loop) { try cache.lookup(linkName) } }
        return loop.makeCompletedFuture { try cache.lookup(linkName) }
    }

    /// The connection with an OAuth 2 token that is not about to expire (refreshed first if it is).
    private func usable(_ link: ProxiedLink, on loop: any EventLoop) -> EventLoopFuture<(ProxiedLink, Outcome)> {
        do {
            try Invoker.checkUsable(link.connection)
        } catch {
            return loop.makeFailedFuture(error)
        }
        guard link.service.auth.type == .oauth2, link.connection.tokens.map({ $0.wantsRefresh(at: Date(), margin: 60) }) ?? true else {
            return loop.makeSucceededFuture((link, Outcome(status: 0)))
        }
        let flights = self.flights, linkName = link.connection.linkName
        return loop.makeFutureWithTask { try await flights.fresh(linkName) }
            .map { fresh in
                (ProxiedLink(fresh.connection, service: link.service), Outcome(status: 0, warnings: fresh.warning.map { [$0] } ?? []))
            }
    }

    /// Sends the request with the connection's credentials; after a 401, with a refreshed token once more.
    private func send(
        _ request: APIRequest, through link: ProxiedLink, mayRetry: Bool, outcome: Outcome, on loop: any EventLoop,
        to sink: NIOLoopBound<any AnswerSink>
    ) -> EventLoopFuture<Outcome> {
        let outgoing: HTTPRequest
        do {
            outgoing = try Invoker.outgoing(request, service: link.service, connection: link.connection, scope: link.scope).request
        } catch {
            return loop.makeFailedFuture(error)
        }
        return http.relay(outgoing, on: loop, streams: { !(mayRetry && $0 == 401) }, to: sink.value).flatMap { relayed in
            let response = relayed.response
            if mayRetry, response.status == 401 {
                let flights = self.flights, refused = link.connection.tokens?.accessToken, linkName = link.connection.linkName
                return loop.makeFutureWithTask { try await flights.fresh(linkName, refused: refused) }.flatMap { fresh in
                    send(
                        request, through: ProxiedLink(fresh.connection, service: link.service), mayRetry: false, outcome: outcome,
                        on: loop, to: sink)
                }
            }
            let answered = Outcome(status: response.status, warnings: outcome.warnings)
            guard !relayed.streamed else { return loop.makeSucceededFuture(answered) }
            let head = sink.value.head(response.status, response.headers)
            guard !response.body.isEmpty else { return head.map { answered } }
            return head.flatMap { sink.value.body(ByteBuffer(bytes: response.body)) }.map { answered }
        }
    }

    private func refusal(_ error: any Error, linkName: String) -> ProxyRefusal {
        switch error {
        case let refusal as ProxyRefusal: return refusal
        case StoreError.notFound(kind: "connection", let missing) as StoreError: return .unknownLink(TerminalText.safe(missing, limit: 80))
        case ConnectError.network(let network) as ConnectError: return Self.refusal(network)
        case let error as ConnectError: return .notUsable(wording(error))
        case let error as HTTPError: return Self.refusal(error)
        case let error as InvokeError: return .notSent(wording(error))
        default: return .storeFailed("The proxy could not read connection \(linkName): \(error)")
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
