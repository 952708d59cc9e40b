import NIOCore
import NIOHTTP1

/// Writes one answer to a proxy client, on its connection's event loop, in as few writes as it can: the head of a
/// sized answer goes out with the first piece of its body, and the end with the last piece. An answer of unknown
/// length (an event stream) sends its head at once, so that the client sees the answer begin before its first event.
/// The API's hop-by-hop headers and cookies stay behind (`ProxyHeaders.returned`).
final class AnswerWriter: AnswerSink {
    private let context: ChannelHandlerContext
    private let version: HTTPVersion
    private let keepAlive: Bool
    /// The status of the answer whose head was given, if one was: after that, an error can only end the answer.
    private(set) var status: Int?
    private var pending: HTTPResponseHead?
    /// Bytes of a sized body still to come.
    private var remaining: Int?
    private var ended = false

    init(context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool) {
        self.context = context
        self.version = version
        self.keepAlive = keepAlive
    }

    func head(_ status: Int, _ headers: [KeyValue]) -> EventLoopFuture<Void> {
        var fields = HTTPHeaders(ProxyHeaders.returned(headers).map { ($0.key, $0.value) })
        if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: .init(statusCode: status), headers: fields)
        self.status = status
        remaining = fields.first(name: "content-length").flatMap { Int($0) }
        if let remaining, remaining > 0 {
            pending = head
            return context.eventLoop.makeSucceededVoidFuture()
        }
        return context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(head)))
    }

    func body(_ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        writePending()
        remaining = remaining.map { $0 - buffer.readableBytes }
        guard let remaining, remaining <= 0 else { return context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer)))) }
        ended = true
        context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
        return context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
    }

    func end() -> EventLoopFuture<Void> {
        guard !ended else { return context.eventLoop.makeSucceededVoidFuture() }
        ended = true
        writePending()
        return context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)))
    }

    private func writePending() {
        guard let pending else { return }
        self.pending = nil
        context.write(NIOAny(HTTPServerResponsePart.head(pending)), promise: nil)
    }
}
