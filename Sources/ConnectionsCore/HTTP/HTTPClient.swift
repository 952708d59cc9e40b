import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [KeyValue]
    public var body: Data?
    public var timeout: TimeInterval
    /// What is sent instead when a redirect leads to another origin: this request without the credentials a
    /// connection added. Nil: such a redirect is not followed, and its 3xx is the answer.
    public var crossOrigin: Uncredentialed?
    /// Answers larger than this are refused rather than held in memory.
    public var maximumBody = HTTPClient.maximumBody
    /// Set: a 2xx `text/event-stream` answer is handed over here as its bytes arrive, instead of collected (its
    /// `HTTPResponse.body` is then empty). Redirects are followed first as for any request.
    public var eventStream: (@Sendable (Data) async -> Void)?
    /// Set: a final answer whose status it `takes` is handed over as it arrives instead of collected (its
    /// `HTTPResponse.body` is then empty); the timeout then runs until each exchange's head (a redirect's too), not to the
    /// answer's end.
    public var streamedAnswer: StreamedAnswer?

    public struct StreamedAnswer: Sendable {
        public var takes: @Sendable (_ status: Int) -> Bool
        public var head: @Sendable (_ status: Int, _ headers: [KeyValue]) async throws -> Void
        public var body: @Sendable (Data) async throws -> Void

        public init(
            takes: @escaping @Sendable (Int) -> Bool, head: @escaping @Sendable (Int, [KeyValue]) async throws -> Void,
            body: @escaping @Sendable (Data) async throws -> Void
        ) {
            self.takes = takes
            self.head = head
            self.body = body
        }
    }

    public struct Uncredentialed: Sendable {
        public var headers: [KeyValue]
        public var body: Data?

        public init(headers: [KeyValue], body: Data?) {
            self.headers = headers
            self.body = body
        }
    }

    public init(
        method: String, url: URL, headers: [KeyValue] = [], body: Data? = nil, timeout: TimeInterval = 30,
        crossOrigin: Uncredentialed? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.crossOrigin = crossOrigin
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [KeyValue]
    public var body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var contentType: String { header("Content-Type")?.lowercased() ?? "" }
}

public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut(host: String, seconds: Int)
    case cannotConnect(host: String, reason: String)
    case failed(host: String, reason: String)
    case invalidHeader(name: String)

    public var description: String {
        switch self {
        case .invalidHeader(let name):
            "The header \(name) holds a line break or another character HTTP does not allow, so nothing was sent. Check the value you "
                + "gave (or reconnect, if it is a stored credential)."
        case .timedOut(let host, let seconds): "\(host) did not answer within \(seconds) s. Check the URL and your network, then try again."
        case .cannotConnect(let host, let reason): "Cannot reach \(host): \(reason). Is the URL right and the service up?"
        case .failed(let host, let reason): "The request to \(host) failed: \(reason)."
        }
    }
}

/// Real HTTP through AsyncHTTPClient (SwiftNIO): nothing is cached, no cookies are kept. Redirects are followed
/// here, not by the library: within one origin as they are, to another origin only without the credentials.
/// Not URLSession: on Linux it loads libcurl and its two dozen libraries into every process, which costs more than
/// the rest of a `connections invoke`.
public struct HTTPClient: Sendable {
    public static let userAgent = "connections/\(Version.current)"
    public static let maximumBody = 256 << 20
    static let maximumRedirects = 10
    static let redirectStatuses: Set = [301, 302, 303, 307, 308]
    /// Headers that hold credentials whoever set them, dropped on a redirect to another origin as curl and the Fetch
    /// standard do.
    static let originBound: Set = ["authorization", "cookie", "proxy-authorization"]

    public init() {}

    /// One client for the process. A refused connection fails at once instead of being retried until the deadline. No
    /// tracing: nothing here reads spans, and making them costs the proxy a few percent a request.
    static let shared: AsyncHTTPClient.HTTPClient = {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration()
        configuration.tracing.tracer = nil
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let timeout = Self.deadline(request)
        try Self.checkHeaders(request)
        do {
            guard let answer = request.streamedAnswer else {
                return try await Deadline.run(
                    seconds: timeout, onTimeout: HTTPError.timedOut(host: Origin.hostLabel(request.url), seconds: Int(timeout.rounded(.up)))
                ) {
                    try await Self.following(request, timeout: timeout).response
                }
            }
            // Streamed: the library's own deadline (each exchange's, up to its head) spares the two tasks of a race.
            let exchange = try await Self.following(request, timeout: timeout)
            guard let body = exchange.pending else { return exchange.response }
            try await answer.head(exchange.response.status, exchange.response.headers)
            for try await chunk in body { try await answer.body(Data(chunk.readableBytesView)) }
            return exchange.response
        } catch {
            throw Self.httpError(error, request: request, timeout: timeout)
        }
    }

    /// A timeout from a command line or a file: any number, however odd, is a usable deadline.
    static func deadline(_ request: HTTPRequest) -> TimeInterval {
        request.timeout.isFinite ? min(max(request.timeout, 0.05), 86_400) : 86_400
    }

    static func checkHeaders(_ request: HTTPRequest) throws(HTTPError) {
        for header in request.headers + (request.crossOrigin?.headers ?? []) where !isValid(header) {
            throw .invalidHeader(name: isToken(header.key) ? header.key : "(a name with characters HTTP does not allow)")
        }
    }

    /// What went wrong with `request`, in words that name its host and never a header's value.
    static func httpError(_ error: any Error, request: HTTPRequest, timeout: TimeInterval) -> HTTPError {
        let host = Origin.hostLabel(request.url)
        switch error {
        case let error as HTTPError: return error
        case is CancellationError: return .failed(host: host, reason: "cancelled")
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
                return .timedOut(host: host, seconds: Int(timeout.rounded(.up)))
            case .cancelled: return .failed(host: host, reason: "cancelled")
            case .remoteConnectionClosed: return .failed(host: host, reason: "the server closed the connection without an answer")
            default: return .failed(host: host, reason: safeName(of: error))
            }
        case is NIOTooManyBytesError:
            let limit = request.maximumBody
            let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : limit >= 1 << 10 ? "\(limit >> 10) KB" : "\(limit) bytes"
            return .failed(host: host, reason: "the answer is larger than \(size)")
        case let error as NIOConnectionError:
            return .cannotConnect(
                host: host, reason: error.dnsAError != nil || error.dnsAAAAError != nil ? "unknown host" : "connection refused")
        case let error as IOError where error.errnoCode == ECONNREFUSED: return .cannotConnect(host: host, reason: "connection refused")
        case let error as ChannelError where error == .connectTimeout(.zero):
            return .timedOut(host: host, seconds: Int(timeout.rounded(.up)))
        default: return .failed(host: host, reason: safeName(of: error))
        }
    }

    /// Sends the request and follows up to ten redirects as `RedirectHop` says.
    private static func following(_ request: HTTPRequest, timeout: TimeInterval) async throws -> Exchange {
        var hop = RedirectHop(request)
        while true {
            let exchange = try await exchange(
                method: hop.method, url: hop.url, headers: hop.headers, body: hop.body, timeout: timeout, request: request)
            guard exchange.pending == nil, try hop.follow(exchange.response) else { return exchange }
        }
    }

    /// An answer, and the body still to be read when it is streamed to `HTTPRequest.streamedAnswer`.
    private struct Exchange: Sendable {
        var response: HTTPResponse
        var pending: HTTPClientResponse.Body?
    }

    private static func exchange(
        method: String, url: URL, headers: [KeyValue], body: Data?, timeout: TimeInterval, request: HTTPRequest
    ) async throws -> Exchange {
        var outgoing = HTTPClientRequest(url: url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: method)
        outgoing.headers = fields(headers)
        if let body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await shared.execute(outgoing, timeout: .milliseconds(Int64(timeout * 1000)))
        let status = Int(response.status.code), received = response.headers.map { KeyValue($0.name, $0.value) }
        let head = HTTPResponse(status: status, headers: received, body: Data())
        let followed = mayFollow(status, response.headers)
        if let answer = request.streamedAnswer, !followed, answer.takes(status) { return Exchange(response: head, pending: response.body) }
        if let eventStream = request.eventStream, (200..<300).contains(status),
            response.headers.first(name: "Content-Type")?.lowercased().hasPrefix("text/event-stream") == true
        {
            for try await chunk in response.body { await eventStream(Data(chunk.readableBytesView)) }
            return Exchange(response: head, pending: nil)
        }
        let collected = try await response.body.collect(upTo: request.maximumBody)
        return Exchange(response: HTTPResponse(status: status, headers: received, body: Data(collected.readableBytesView)), pending: nil)
    }

    /// Whether an answer is a redirect that `RedirectHop` may follow, so that it is read whole, never handed over.
    static func mayFollow(_ status: Int, _ headers: HTTPHeaders) -> Bool {
        redirectStatuses.contains(status) && headers.contains(name: "Location")
    }

    /// The headers to send, with this client's User-Agent unless the request names its own.
    static func fields(_ headers: [KeyValue]) -> HTTPHeaders {
        var fields = HTTPHeaders(headers.map { ($0.key, $0.value) })
        if !fields.contains(name: "User-Agent") { fields.add(name: "User-Agent", value: userAgent) }
        return fields
    }

    /// RFC 9110 §5.5: a field value of visible characters, spaces and tabs (obs-text allowed); no CR, LF or NUL.
    static func isValid(_ header: KeyValue) -> Bool {
        isToken(header.key) && header.value.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
    }

    /// A library error by its name only: its full description can hold header values, and so a token.
    static func safeName(of error: any Error) -> String {
        let text = String(describing: error)
        let name = text.prefix { $0 != "(" && $0 != ":" && $0 != "\n" }
        return TerminalText.safe(String(name), limit: 80)
    }
}
