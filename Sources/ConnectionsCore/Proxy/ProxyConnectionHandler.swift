import Foundation
import NIOCore
import NIOHTTP1

/// Serves one client connection of the proxy on its event loop: a request with the run's secret and a loopback Host
/// goes through `ProxyForwarder`, its answer written back as it arrives; anything else is answered here with what to
/// do. One access log line a request. The pipeline's `HTTPServerPipelineHandler` holds a pipelined request back until
/// the answer before it has ended.
final class ProxyConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let secret: ProxySecret
    private let forwarder: ProxyForwarder
    private let log: @Sendable (ProxyLogEntry) -> Void
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false
    /// The Host headers a request may carry: the port this connection reached, on 127.0.0.1 or localhost.
    private var loopbackHosts: (address: String, name: String) = ("", "")

    init(secret: ProxySecret, forwarder: ProxyForwarder, log: @escaping @Sendable (ProxyLogEntry) -> Void) {
        self.secret = secret
        self.forwarder = forwarder
        self.log = log
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let port = context.channel.localAddress?.port ?? 0
        loopbackHosts = ("127.0.0.1:\(port)", "localhost:\(port)")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            self.head = head
            body.clear()
            tooLarge = false
        case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > ProxyServer.maximumRequestBody {
                tooLarge = true
                body.clear()
            } else if !tooLarge {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            answer(head, body: tooLarge ? nil : body, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func answer(_ head: HTTPRequestHead, body: ByteBuffer?, context: ChannelHandlerContext) {
        let started = ContinuousClock.now
        let headers = head.headers.map { KeyValue($0.name, $0.value) }
        var entry = ProxyLogEntry(
            method: head.method.rawValue, linkName: nil, path: String(head.uri.prefix { $0 != "?" }), status: 0, duration: .zero)
        let route: ProxyRoute
        do {
            route = try admit(head, headers: headers)
            entry.linkName = route.linkName
            entry.path = route.path
            guard body != nil else { throw ProxyRefusal.bodyTooLarge(limit: ProxyServer.maximumRequestBody) }
        } catch {
            refuse(error, head: head, entry: entry, started: started, context: context)
            return
        }
        let writer = AnswerWriter(context: context, version: head.version, keepAlive: head.isKeepAlive)
        let sent = body.flatMap { $0.readableBytes > 0 ? Data($0.readableBytesView) : nil }
        forwarder.forward(route, method: head.method.rawValue, headers: headers, body: sent, on: context.eventLoop, to: writer)
            .assumeIsolated().whenComplete { result in
                switch result {
                case .success(let outcome):
                    entry.status = outcome.status
                    entry.note = outcome.warnings.isEmpty ? nil : outcome.warnings.joined(separator: " ")
                    writer.end().assumeIsolated().whenComplete { ended in
                        entry.duration = ContinuousClock.now - started
                        self.log(entry)
                        // A client that has read a whole answer may close before its end is written: that loses nothing.
                        if case .failure = ended { context.close(promise: nil) } else if !head.isKeepAlive { context.close(promise: nil) }
                    }
                case .failure(let error):
                    guard let status = writer.status else {
                        self.refuse(error, head: head, entry: entry, started: started, context: context)
                        return
                    }
                    entry.status = status
                    entry.note = "answer cut short: \((error as? ProxyRefusal)?.code ?? "the client went away")"
                    entry.duration = ContinuousClock.now - started
                    self.log(entry)
                    context.close(promise: nil)
                }
            }
    }

    /// The route of a request that carries the secret and a loopback Host, or why it is refused.
    private func admit(_ head: HTTPRequestHead, headers: [KeyValue]) throws(ProxyRefusal) -> ProxyRoute {
        let host = head.headers["host"]
        guard host.count == 1, let given = host.first?.lowercased(), given == loopbackHosts.address || given == loopbackHosts.name else {
            throw .foreignHost(expected: loopbackHosts.address)
        }
        let presented = ProxyHeaders.secret(in: headers)
        guard presented != nil else { throw .missingSecret }
        guard secret.matches(presented) else { throw .wrongSecret }
        return try ProxyRoute.parse(head.uri)
    }

    /// Answers with what to do instead; a refusal that is not a `ProxyRefusal` only closes the connection.
    private func refuse(
        _ error: any Error, head: HTTPRequestHead, entry: ProxyLogEntry, started: ContinuousClock.Instant, context: ChannelHandlerContext
    ) {
        var entry = entry
        entry.duration = ContinuousClock.now - started
        guard let refusal = error as? ProxyRefusal else {
            entry.status = 500
            entry.note = "answer cut short: the client went away"
            log(entry)
            context.close(promise: nil)
            return
        }
        entry.status = refusal.status
        entry.note = refusal.code
        log(entry)
        let text = "connections proxy: " + refusal.description + "\n"
        let closes = !head.isKeepAlive || refusal == .bodyTooLarge(limit: ProxyServer.maximumRequestBody)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Cache-Control", value: "no-store")
        if refusal == .missingSecret { headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"connections proxy\"") }
        if closes { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: refusal.status), headers: headers))),
            promise: nil)
        if head.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if closes { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}
