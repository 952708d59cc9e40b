import Foundation

/// A call through a connection as the user describes it (the `invoke` command, the snippet command, the request
/// builder on a connection's page): URL (relative to the service's API base, with `{placeholders}`), method,
/// parameters, headers and an optional body. `OutgoingRequest.plan` turns it into what is sent.
public struct APIRequest: Sendable, Equatable {
    public var url: String
    public var method: String
    public var parameters: [KeyValue]
    public var headers: [KeyValue]
    public var body: Data?
    /// Seconds for the whole exchange; the original's invokeurl waits 40 s.
    public var timeout: TimeInterval

    public static let defaultTimeout: TimeInterval = 40
    /// The methods `invokeurl` knows, offered by the request builder and the snippet command.
    public static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    public init(
        url: String, method: String = "GET", parameters: [KeyValue] = [], headers: [KeyValue] = [], body: Data? = nil,
        timeout: TimeInterval = defaultTimeout
    ) {
        self.url = url
        self.method = method.uppercased()
        self.parameters = parameters
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    public init(url: String, method: String = "GET", parameters: [KeyValue] = [], headers: [KeyValue] = [], text body: String?) {
        self.init(url: url, method: method, parameters: parameters, headers: headers, body: body.map { Data($0.utf8) })
    }

    /// POST, PUT and PATCH carry the parameters form-encoded in the body, as invokeurl does, unless a body is given.
    var parametersInBody: Bool { ["POST", "PUT", "PATCH"].contains(method) && body == nil }
}

/// What came back, and how long it took.
public struct InvokeResult: Sendable {
    /// The URL called, without the credentials the connection added to its query.
    public var url: URL
    public var method: String
    public var response: HTTPResponse
    public var elapsed: Duration
    /// True when a 401 led to a refresh and a second try.
    public var retriedAfterRefresh: Bool
    /// Things the user should know, e.g. that a refresh failed and the token in hand was used.
    public var warnings: [String] = []
}

public enum InvokeError: RemediableError, Sendable, Equatable {
    case invalidURL(String)
    case unfilledPlaceholder(name: String, linkName: String)
    case missingCredential(linkName: String, what: String)
    case refusedURL(url: String, reason: String)
    /// An origin the service does not list: the credentials go only to its API base and allowed hosts.
    case originNotAllowed(url: String, linkName: String, allowed: String, serviceLinkName: String, isCatalog: Bool)
    case placeholderDoesNotFit(PlaceholderProblem, linkName: String)
    case signedPerRequest(linkName: String)

    public var problem: String {
        switch self {
        case .invalidURL(let url): "'\(url)' is not a URL we can call: give a full http(s) URL, or a path under the service's API base."
        case .unfilledPlaceholder(let name, let linkName): "The URL needs {\(name)}, which connection \(linkName) does not have."
        case .missingCredential(let linkName, let what): "Connection \(linkName) has no \(what)."
        case .refusedURL(let url, let reason): "Not sent to \(url): \(reason)."
        case .originNotAllowed(let url, let linkName, let allowed, _, _):
            "Not sent to \(url): connection \(linkName) sends its credentials only to \(allowed)."
        case .placeholderDoesNotFit(let problem, _): "Nothing was sent: \(problem)"
        case .signedPerRequest(let linkName):
            "\(linkName) uses OAuth 1, which signs each request with its method and URL, so no set of headers fits every request: call "
                + "it with `connections invoke \(linkName) URL`."
        }
    }

    public var remedy: Remedy? {
        switch self {
        case .unfilledPlaceholder(let name, let linkName): .setParameter(linkName: linkName, name: name)
        case .placeholderDoesNotFit(let problem, let linkName): .setParameter(linkName: linkName, name: problem.name)
        case .missingCredential(let linkName, _): .connect(linkName: linkName)
        case .originNotAllowed(let url, _, _, let serviceLinkName, let isCatalog):
            .allowHost(serviceLinkName: serviceLinkName, host: url, isCatalog: isCatalog)
        default: nil
        }
    }
}
