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

    /// One client for the process. A refused connection fails at once instead of being retried until the deadline.
    private static let shared: AsyncHTTPClient.HTTPClient = {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let host = Origin.hostLabel(request.url)
        // A timeout from a command line or a file: any number, however odd, is a usable deadline.
        let timeout = request.timeout.isFinite ? min(max(request.timeout, 0.05), 86_400) : 86_400
        for header in request.headers + (request.crossOrigin?.headers ?? []) where !Self.isValid(header) {
            throw .invalidHeader(name: Self.isToken(header.key) ? header.key : "(a name with characters HTTP does not allow)")
        }
        do {
            guard let answer = request.streamedAnswer else {
                return try await Deadline.run(
                    seconds: timeout, onTimeout: HTTPError.timedOut(host: host, seconds: Int(timeout.rounded(.up)))
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
        } catch let error as HTTPError {
            throw error
        } catch is CancellationError {
            throw .failed(host: host, reason: "cancelled")
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
                throw .timedOut(host: host, seconds: Int(timeout.rounded(.up)))
            case .cancelled: throw .failed(host: host, reason: "cancelled")
            case .remoteConnectionClosed: throw .failed(host: host, reason: "the server closed the connection without an answer")
            default: throw .failed(host: host, reason: Self.safeName(of: error))
            }
        } catch is NIOTooManyBytesError {
            let limit = request.maximumBody
            let size = limit >= 1 << 20 ? "\(limit >> 20) MB" : limit >= 1 << 10 ? "\(limit >> 10) KB" : "\(limit) bytes"
            throw .failed(host: host, reason: "the answer is larger than \(size)")
        } catch let error as NIOConnectionError {
            throw .cannotConnect(
                host: host, reason: error.dnsAError != nil || error.dnsAAAAError != nil ? "unknown host" : "connection refused")
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw .cannotConnect(host: host, reason: "connection refused")
        } catch let error as ChannelError where error == .connectTimeout(.zero) {
            throw .timedOut(host: host, seconds: Int(timeout.rounded(.up)))
        } catch {
            throw .failed(host: host, reason: Self.safeName(of: error))
        }
    }

    /// Sends the request and follows up to ten redirects, changing the method as browsers do (303, and 301/302
    /// after a POST, become a GET without a body). Once a redirect leaves the first origin, what follows carries
    /// the request's uncredentialed form without the `originBound` headers, or is not followed at all.
    private static func following(_ request: HTTPRequest, timeout: TimeInterval) async throws -> Exchange {
        let origin = Origin(request.url)
        var method = request.method, url = request.url, headers = request.headers, body = request.body
        var credentialed = true
        for _ in 0...maximumRedirects {
            let exchange = try await exchange(
                method: method, url: url, headers: headers, body: body, timeout: timeout, request: request)
            let response = exchange.response
            guard exchange.pending == nil, redirectStatuses.contains(response.status), let location = response.header("Location"),
                let next = URL(string: location, relativeTo: url)?.absoluteURL, let scheme = next.scheme?.lowercased(),
                scheme == "http" || scheme == "https", next.host?.isEmpty == false, next.user == nil, next.password == nil
            else { return exchange }
            if response.status == 303 && method != "HEAD" || [301, 302].contains(response.status) && method == "POST" {
                method = "GET"
                body = nil
                headers.removeAll { ["content-type", "content-length"].contains($0.key.lowercased()) }
            }
            if credentialed, Origin(next) != origin {
                guard let stripped = request.crossOrigin else { return exchange }
                headers = stripped.headers.filter { header in
                    let name = header.key.lowercased()
                    return !originBound.contains(name) && (body != nil || !["content-type", "content-length"].contains(name))
                }
                if body != nil { body = stripped.body }
                credentialed = false
            }
            url = next
        }
        throw HTTPError.failed(host: Origin.hostLabel(request.url), reason: "more than \(maximumRedirects) redirects")
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
        for header in headers { outgoing.headers.add(name: header.key, value: header.value) }
        if !outgoing.headers.contains(name: "User-Agent") { outgoing.headers.add(name: "User-Agent", value: userAgent) }
        if let body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await shared.execute(outgoing, timeout: .milliseconds(Int64(timeout * 1000)))
        let status = Int(response.status.code), received = response.headers.map { KeyValue($0.name, $0.value) }
        let head = HTTPResponse(status: status, headers: received, body: Data())
        let followed = redirectStatuses.contains(status) && response.headers.contains(name: "Location")
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
