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

    public init(method: String, url: URL, headers: [KeyValue] = [], body: Data? = nil, timeout: TimeInterval = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
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

    public var description: String {
        switch self {
        case .timedOut(let host, let seconds): "\(host) did not answer within \(seconds) s. Check the URL and your network, then try again."
        case .cannotConnect(let host, let reason): "Cannot reach \(host): \(reason). Is the URL right and the service up?"
        case .failed(let host, let reason): "The request to \(host) failed: \(reason)."
        }
    }
}

/// Real HTTP through AsyncHTTPClient (SwiftNIO): nothing is cached, no cookies are kept, redirects are followed.
/// Not URLSession: on Linux it loads libcurl and its two dozen libraries into every process, which costs more than
/// the rest of a `connections invoke`.
public struct HTTPClient: Sendable {
    public static let userAgent = "connections/\(Version.current)"
    /// Answers larger than this are refused rather than held in memory.
    static let maximumBody = 256 << 20

    public init() {}

    /// One client for the process. A refused connection fails at once instead of being retried until the deadline.
    private static let shared: AsyncHTTPClient.HTTPClient = {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .follow(max: 10, allowCycles: false)
        return AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let host = request.url.host.map { host in request.url.port.map { "\(host):\($0)" } ?? host } ?? request.url.absoluteString
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.key, value: header.value) }
        if !outgoing.headers.contains(name: "User-Agent") { outgoing.headers.add(name: "User-Agent", value: Self.userAgent) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let prepared = outgoing
        do {
            return try await Self.withDeadline(seconds: request.timeout, host: host) {
                let response = try await Self.shared.execute(prepared, timeout: .milliseconds(Int64(request.timeout * 1000)))
                let body = try await response.body.collect(upTo: Self.maximumBody)
                return HTTPResponse(
                    status: Int(response.status.code), headers: response.headers.map { KeyValue($0.name, $0.value) },
                    body: Data(body.readableBytesView))
            }
        } catch let error as HTTPError {
            throw error
        } catch is CancellationError {
            throw .failed(host: host, reason: "cancelled")
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout: throw .timedOut(host: host, seconds: Int(request.timeout))
            case .cancelled: throw .failed(host: host, reason: "cancelled")
            case .remoteConnectionClosed: throw .failed(host: host, reason: "the server closed the connection without an answer")
            default: throw .failed(host: host, reason: String(describing: error))
            }
        } catch let error as NIOConnectionError {
            throw .cannotConnect(host: host, reason: error.dnsAError != nil || error.dnsAAAAError != nil ? "unknown host" : "connection refused")
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw .cannotConnect(host: host, reason: "connection refused")
        } catch let error as ChannelError where error == .connectTimeout(.zero) {
            throw .timedOut(host: host, seconds: Int(request.timeout))
        } catch {
            throw .failed(host: host, reason: String(describing: error))
        }
    }

    /// One deadline for the whole exchange, and a timeout or a cancel that answers at once (the abandoned request
    /// is cancelled and winds down on its own).
    private static func withDeadline<T: Sendable>(seconds: TimeInterval, host: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = FirstResult<T>()
        let worker = Task {
            do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(seconds))
            race.finish(.failure(HTTPError.timedOut(host: host, seconds: Int(seconds))))
        }
        defer {
            worker.cancel()
            timer.cancel()
        }
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The first of several outcomes; later ones are dropped.
private final class FirstResult<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    func finish(_ outcome: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = outcome
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(with: outcome)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = lock.withLock {
                if let result { return result }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
