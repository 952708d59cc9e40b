import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway on 127.0.0.1: `/LINK/PATH?QUERY` with the run's secret and a loopback Host goes through connection LINK
/// (`ProxyForwarder`); anything else is answered here with what to do. Each client connection is served in order
/// (HTTP/1.1 keep-alive and pipelining), many connections at once.
public final class ProxyServer: Sendable {
    public typealias Client = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public let port: Int
    public var address: String { "http://127.0.0.1:\(port)" }
    /// The Host header a request must carry.
    public var hosts: Set<String> { ["127.0.0.1:\(port)", "localhost:\(port)"] }
    private let listener: NIOAsyncChannel<Client, Never>
    private let secret: ProxySecret
    private let forwarder: ProxyForwarder
    private let log: @Sendable (ProxyLogEntry) -> Void

    public static let maximumRequestBody = 64 << 20

    public static func start(port: Int, secret: ProxySecret, forwarder: ProxyForwarder, log: @escaping @Sendable (ProxyLogEntry) -> Void)
        async throws(ProxyStartError) -> ProxyServer
    {
        do {
            let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .bind(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try Client(wrappingChannelSynchronously: channel)
                    }
                }
            let bound = listener.channel.localAddress?.port ?? port
            return ProxyServer(port: bound, listener: listener, secret: secret, forwarder: forwarder, log: log)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portInUse(port)
        } catch {
            throw .listenFailed("\(error)")
        }
    }

    private init(
        port: Int, listener: NIOAsyncChannel<Client, Never>, secret: ProxySecret, forwarder: ProxyForwarder,
        log: @escaping @Sendable (ProxyLogEntry) -> Void
    ) {
        self.port = port
        self.listener = listener
        self.secret = secret
        self.forwarder = forwarder
        self.log = log
    }

    /// Serves until the listener is closed.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { clients in
                for try await client in clients {
                    group.addTask(executorPreference: EventLoopExecutor(client.channel.eventLoop)) { try? await self.serve(client) }
                }
            }
        }
    }

    private func serve(_ client: Client) async throws {
        try await client.executeThenClose { inbound, outbound in
            var parts = inbound.makeAsyncIterator()
            while let part = try await parts.next() {
                guard case .head(let head) = part else { continue }
                if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .continue)))
                }
                var body = ByteBuffer(), tooLarge = false
                reading: while let next = try await parts.next() {
                    switch next {
                    case .head: break
                    case .body(var chunk):
                        if body.readableBytes + chunk.readableBytes > Self.maximumRequestBody {
                            tooLarge = true
                        } else {
                            body.writeBuffer(&chunk)
                        }
                    case .end: break reading
                    }
                }
                let keepAlive = try await answer(head, body: tooLarge ? nil : body, outbound: outbound)
                if !keepAlive { return }
            }
        }
    }

    /// Answers one request; returns whether the connection may serve another.
    private func answer(_ head: HTTPRequestHead, body: ByteBuffer?, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>)
        async throws -> Bool
    {
        let started = ContinuousClock.now
        let headers = head.headers.map { KeyValue($0.name, $0.value) }
        let shownPath = String(head.uri.prefix { $0 != "?" })
        var entry = ProxyLogEntry(method: head.method.rawValue, linkName: nil, path: shownPath, status: 0, duration: .zero)
        let answer = AnswerWriter(outbound: outbound, version: head.version, keepAlive: head.isKeepAlive)
        do {
            let route = try admit(head, headers: headers)
            entry.linkName = route.linkName
            entry.path = route.path
            guard let body else { throw ProxyRefusal.bodyTooLarge(limit: Self.maximumRequestBody) }
            let reply = ProxyForwarder.Reply(head: answer.head, body: answer.body)
            let outcome = try await forwarder.forward(
                route, method: head.method.rawValue, headers: headers, body: body.readableBytes > 0 ? Data(body.readableBytesView) : nil,
                reply: reply)
            // A client that has read a whole answer may close before its end is written: that loses nothing.
            let ended = (try? await answer.end()) != nil
            entry.status = outcome.status
            entry.note = outcome.warnings.isEmpty ? nil : outcome.warnings.joined(separator: " ")
            entry.duration = ContinuousClock.now - started
            log(entry)
            return ended && head.isKeepAlive
        } catch let refusal as ProxyRefusal {
            let sent = answer.status
            entry.status = sent ?? refusal.status
            entry.note = sent != nil ? "answer cut short: \(refusal.code)" : refusal.code
            entry.duration = ContinuousClock.now - started
            log(entry)
            if sent != nil { return false }
            try await refuse(refusal, head: head, outbound: outbound)
            return head.isKeepAlive
        } catch {
            entry.status = answer.status ?? 500
            entry.note = "answer cut short: the client went away"
            entry.duration = ContinuousClock.now - started
            log(entry)
            return false
        }
    }

    /// The route of a request that carries the secret and a loopback Host, or why it is refused.
    private func admit(_ head: HTTPRequestHead, headers: [KeyValue]) throws(ProxyRefusal) -> ProxyRoute {
        let host = head.headers["host"]
        guard host.count == 1, let given = host.first?.lowercased(), hosts.contains(given) else {
            throw .foreignHost(expected: "127.0.0.1:\(port)")
        }
        let presented = ProxyHeaders.secret(in: headers)
        guard presented != nil else { throw .missingSecret }
        guard secret.matches(presented) else { throw .wrongSecret }
        return try ProxyRoute.parse(head.uri)
    }

    private func refuse(_ refusal: ProxyRefusal, head: HTTPRequestHead, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>)
        async throws
    {
        let text = "connections proxy: " + refusal.description + "\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Cache-Control", value: "no-store")
        if refusal == .missingSecret { headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"connections proxy\"") }
        if !head.isKeepAlive || refusal == .bodyTooLarge(limit: Self.maximumRequestBody) { headers.add(name: "Connection", value: "close") }
        try await outbound.write(
            .head(HTTPResponseHead(version: head.version, status: .init(statusCode: refusal.status), headers: headers)))
        if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text)))) }
        try await outbound.write(.end(nil))
    }

    public func close() {
        listener.channel.close(promise: nil)
    }
}
