import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Writes one answer to a proxy client in as few writes as it can: the head of a sized answer goes out with the first
/// piece of its body, and the end with the last piece. An answer of unknown length (an event stream) sends its head
/// at once, so that the client sees the answer begin before its first event.
final class AnswerWriter: Sendable {
    private let outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    private let version: HTTPVersion
    private let keepAlive: Bool
    private let state = Mutex(State())

    private struct State: Sendable {
        var status: Int?
        var pending: HTTPResponseHead?
        /// Bytes of a sized body still to come.
        var remaining: Int?
        var ended = false
    }

    init(outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, version: HTTPVersion, keepAlive: Bool) {
        self.outbound = outbound
        self.version = version
        self.keepAlive = keepAlive
    }

    /// The status of the answer whose head was given, if one was: after that, an error can only end the answer.
    var status: Int? { state.withLock { $0.status } }

    func head(_ status: Int, _ headers: [KeyValue]) async throws {
        var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
        if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: .init(statusCode: status), headers: fields)
        let length = fields.first(name: "content-length").flatMap { Int($0) }
        let sendNow = state.withLock { state in
            state.status = status
            state.remaining = length
            guard let length, length > 0 else { return true }
            state.pending = head
            return false
        }
        if sendNow { try await outbound.write(.head(head)) }
    }

    func body(_ data: Data) async throws {
        let (pending, last) = state.withLock { state in
            defer { state.pending = nil }
            state.remaining = state.remaining.map { $0 - data.count }
            let last = state.remaining.map { $0 <= 0 } ?? false
            if last { state.ended = true }
            return (state.pending, last)
        }
        var parts = pending.map { [HTTPServerResponsePart.head($0)] } ?? []
        parts.append(.body(.byteBuffer(ByteBuffer(bytes: data))))
        if last { parts.append(.end(nil)) }
        try await outbound.write(contentsOf: parts)
    }

    func end() async throws {
        let (pending, ended) = state.withLock { state in
            defer {
                state.pending = nil
                state.ended = true
            }
            return (state.pending, state.ended)
        }
        guard !ended else { return }
        try await outbound.write(contentsOf: (pending.map { [HTTPServerResponsePart.head($0)] } ?? []) + [.end(nil)])
    }
}
