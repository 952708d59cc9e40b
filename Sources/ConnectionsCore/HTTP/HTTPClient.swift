import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

/// Real HTTP through URLSession; nothing is cached, cookies are not kept.
public struct HTTPClient: Sendable {
    public static let userAgent = "connections/\(Version.current)"

    public init() {}

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.key) }
        if !request.headers.contains(where: { $0.key.lowercased() == "user-agent" }) {
            urlRequest.setValue(Self.userAgent, forHTTPHeaderField: "User-Agent")
        }
        urlRequest.httpBody = request.body
        let host = request.url.host.map { host in request.url.port.map { "\(host):\($0)" } ?? host } ?? request.url.absoluteString
        do {
            let prepared = urlRequest
            let (data, response) = try await Self.withDeadline(seconds: request.timeout, host: host) {
                try await Self.session.data(for: prepared)
            }
            guard let http = response as? HTTPURLResponse else { throw HTTPError.failed(host: host, reason: "not an HTTP response") }
            let headers = http.allHeaderFields.compactMap { key, value in
                (key as? String).map { KeyValue($0, "\(value)") }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
        } catch let error as HTTPError {
            throw error
        } catch is CancellationError {
            throw .failed(host: host, reason: "cancelled")
        } catch let error as URLError where error.code == .cancelled {
            throw .failed(host: host, reason: "cancelled")
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw .timedOut(host: host, seconds: Int(request.timeout))
            case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
                throw .cannotConnect(host: host, reason: error.code == .cannotFindHost ? "unknown host" : "connection refused")
            default: throw .failed(host: host, reason: error.localizedDescription)
            }
        } catch {
            throw .failed(host: host, reason: "\(error)")
        }
    }

    /// URLSession's timeout on Linux is reset by every byte and is not always honoured, and its requests do not stop
    /// promptly when cancelled: this deadline covers the whole exchange, and a timeout or a cancel answers at once
    /// (the abandoned request is cancelled and finishes on its own).
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
