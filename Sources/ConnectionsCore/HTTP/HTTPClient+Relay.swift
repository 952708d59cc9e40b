import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPClient {
    /// What `relay` did: the answer, whose body is empty when it went to the sink as it arrived.
    public struct Relayed: Sendable {
        public var response: HTTPResponse
        public var streamed: Bool
    }

    /// Sends `request` as `send` does (its redirects, origins and limits), all on `loop` without a task or a thread
    /// hop: a final answer whose status `streams` goes to `sink` as it arrives; any other is collected. The timeout
    /// runs until each exchange's head. Fails with an `HTTPError`.
    public func relay(_ request: HTTPRequest, on loop: any EventLoop, streams: @escaping (Int) -> Bool, to sink: any AnswerSink)
        -> EventLoopFuture<Relayed>
    {
        let timeout = Self.deadline(request)
        do {
            try Self.checkHeaders(request)
        } catch {
            return loop.makeFailedFuture(error)
        }
        let target = NIOLoopBound((streams: streams, sink: sink), eventLoop: loop)
        return Self.relay(RedirectHop(request), request: request, timeout: timeout, on: loop, to: target)
            .flatMapErrorThrowing { throw Self.httpError($0, request: request, timeout: timeout) }
    }

    private static func relay(
        _ hop: RedirectHop, request: HTTPRequest, timeout: TimeInterval, on loop: any EventLoop,
        to target: NIOLoopBound<(streams: (Int) -> Bool, sink: any AnswerSink)>
    ) -> EventLoopFuture<Relayed> {
        let outgoing: AsyncHTTPClient.HTTPClient.Request
        do {
            outgoing = try .init(
                url: hop.url, method: HTTPMethod(rawValue: hop.method), headers: fields(hop.headers),
                body: hop.body.map { .byteBuffer(ByteBuffer(bytes: $0)) })
        } catch {
            return loop.makeFailedFuture(error)
        }
        let delegate = RelayDelegate(target: target, maximumBody: request.maximumBody)
        let task = shared.execute(request: outgoing, delegate: delegate, eventLoop: .delegateAndChannel(on: loop))
        let timer = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            task.fail(reason: HTTPClientError.deadlineExceeded)
        }
        delegate.headArrived = { timer.cancel() }
        return task.futureResult.flatMap { relayed in
            var next = hop
            do {
                guard !relayed.streamed, try next.follow(relayed.response) else { return loop.makeSucceededFuture(relayed) }
            } catch {
                return loop.makeFailedFuture(error)
            }
            return relay(next, request: request, timeout: timeout, on: loop, to: target)
        }
    }
}

/// Receives one exchange's answer on the relay's loop: a redirect to follow, or an answer the sink does not take, is
/// collected; anything else is passed to the sink part by part.
private final class RelayDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = HTTPClient.Relayed
    // Touched only on the relay's loop: AsyncHTTPClient calls a `.delegateAndChannel` delegate there.
    private let target: NIOLoopBound<(streams: (Int) -> Bool, sink: any AnswerSink)>
    private let maximumBody: Int
    var headArrived: () -> Void = {}
    private var response = HTTPResponse(status: 0, headers: [], body: Data())
    private var streamed = false
    private var collected = ByteBuffer()

    init(target: NIOLoopBound<(streams: (Int) -> Bool, sink: any AnswerSink)>, maximumBody: Int) {
        self.target = target
        self.maximumBody = maximumBody
    }

    func didReceiveHead(task: AsyncHTTPClient.HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        headArrived()
        response.status = Int(head.status.code)
        response.headers = head.headers.map { KeyValue($0.name, $0.value) }
        guard !HTTPClient.mayFollow(response.status, head.headers), target.value.streams(response.status) else {
            return task.eventLoop.makeSucceededVoidFuture()
        }
        streamed = true
        return target.value.sink.head(response.status, response.headers)
    }

    func didReceiveBodyPart(task: AsyncHTTPClient.HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        if streamed { return target.value.sink.body(buffer) }
        guard collected.readableBytes + buffer.readableBytes <= maximumBody else {
            return task.eventLoop.makeFailedFuture(NIOTooManyBytesError(maxBytes: maximumBody))
        }
        var buffer = buffer
        collected.writeBuffer(&buffer)
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: AsyncHTTPClient.HTTPClient.Task<Response>) throws -> Response {
        if !streamed { response.body = Data(collected.readableBytesView) }
        return HTTPClient.Relayed(response: response, streamed: streamed)
    }
}
