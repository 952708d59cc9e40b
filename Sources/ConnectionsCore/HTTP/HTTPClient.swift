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

    /// URLSession's timeout on Linux is reset by every byte and is not always honoured: this one covers the whole exchange.
    private static func withDeadline<T: Sendable>(seconds: TimeInterval, host: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw HTTPError.timedOut(host: host, seconds: Int(seconds))
            }
            return value
        }
    }
}
