import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The RFC 8252 loopback redirect: listens on 127.0.0.1 only, takes the first GET to the callback path that
/// belongs to the sign-in, answers it with a short page, then closes. A callback that is not this sign-in's
/// (another state: a forgery from another local process, or a stale tab) gets a page saying so and the wait goes
/// on; other paths (a browser's favicon request) get a 404, other methods a 405. Idle connections are closed
/// after a few seconds, so a client that connects and says nothing holds nothing.
public final class LoopbackListener: Sendable {
    public let port: Int
    public let path: String
    private let channel: any Channel
    private let mailbox: FirstResult<[String: String]>

    public var redirectURI: String { "http://127.0.0.1:\(port)\(path)" }

    /// `answer` turns the callback's query into the page shown in the browser (and whether it was a success).
    public static func start(
        port: Int, path: String = "/callback", idleSeconds: Int64 = 5, answer: @escaping @Sendable ([String: String]) -> CallbackPage
    ) async throws(ConnectError) -> LoopbackListener {
        let mailbox = FirstResult<[String: String]>()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: .seconds(idleSeconds)))
                    try channel.pipeline.syncOperations.addHandler(CloseWhenIdle())
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(CallbackHandler(path: path, mailbox: mailbox, answer: answer))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
            let bound = channel.localAddress?.port ?? port
            return LoopbackListener(port: bound, path: path, channel: channel, mailbox: mailbox)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portInUse(port: port)
        } catch {
            throw .listenerFailed("\(error)")
        }
    }

    /// A port on 127.0.0.1 that nothing listens on now, for a redirect URI registered once and used on every connect.
    public static func freePort() async throws(ConnectError) -> Int {
        let probe = try await start(port: 0) { _ in CallbackPage(success: false, message: "", refused: true) }
        try? await probe.channel.close()
        return probe.port
    }

    private init(port: Int, path: String, channel: any Channel, mailbox: FirstResult<[String: String]>) {
        self.port = port
        self.path = path
        self.channel = channel
        self.mailbox = mailbox
    }

    /// The query of the one callback, or a timeout. The listener is closed either way.
    public func callback(timeout: Duration) async throws(ConnectError) -> [String: String] {
        let mailbox = self.mailbox
        let result: Result<[String: String], ConnectError>
        do {
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            result = .success(
                try await Deadline.run(seconds: seconds, onTimeout: ConnectError.timedOut(seconds: Int(timeout.components.seconds))) {
                    try await mailbox.value()
                })
        } catch let error as ConnectError {
            result = .failure(error)
        } catch {
            result = .failure(.cancelled)
        }
        // Later callbacks are refused, and closed before returning: a second callback finds nobody listening.
        mailbox.finish(.failure(CancellationError()))
        try? await channel.close()
        return try result.get()
    }

    public func close() {
        channel.close(promise: nil)
    }
}

/// What the browser is shown after the callback.
public struct CallbackPage: Sendable {
    public var success: Bool
    public var message: String
    /// Not this sign-in's callback: answered, not taken, and the wait goes on.
    public var refused: Bool

    public init(success: Bool, message: String, refused: Bool = false) {
        self.success = success
        self.message = message
        self.refused = refused
    }

    var html: String {
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let title = success ? "Connected" : "Not connected"
        return """
            <!doctype html><html><head><meta charset="utf-8"><title>\(title)</title></head>
            <body style="font-family: sans-serif; margin: 3em"><h1>\(title)</h1><p>\(escaped)</p>
            <p>You can close this tab and return to the terminal.</p></body></html>
            """
    }
}

final class CallbackHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let path: String
    let mailbox: FirstResult<[String: String]>
    let answer: @Sendable ([String: String]) -> CallbackPage
    private var uri = ""
    private var method = HTTPMethod.GET

    init(path: String, mailbox: FirstResult<[String: String]>, answer: @escaping @Sendable ([String: String]) -> CallbackPage) {
        self.path = path
        self.mailbox = mailbox
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            method = head.method
        case .body: break
        case .end:
            let components = URLComponents(string: uri)
            guard components?.path == path else {
                respond(context: context, status: .notFound, html: "<!doctype html><p>Not found.</p>")
                return
            }
            guard method == .GET else {
                respond(context: context, status: .methodNotAllowed, html: "<!doctype html><p>The redirect arrives as a GET.</p>")
                return
            }
            let query = AuthorizationRequest.query(components?.percentEncodedQuery ?? "")
            let page = answer(query)
            if page.refused {
                respond(context: context, status: .badRequest, html: page.html)
                return
            }
            guard mailbox.finish(.success(query)) else {
                respond(
                    context: context, status: .gone, html: CallbackPage(success: false, message: "This sign-in has already finished.").html)
                return
            }
            respond(context: context, status: page.success ? .ok : .badRequest, html: page.html)
        }
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, html: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Content-Length", value: String(html.utf8.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: html)))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Closes a connection that has been idle (nothing read or written) for the IdleStateHandler's time.
final class CloseWhenIdle: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
