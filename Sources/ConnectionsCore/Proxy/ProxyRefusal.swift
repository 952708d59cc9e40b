/// Why the proxy answered a request itself instead of forwarding it: the HTTP status, and a sentence saying what to do.
public enum ProxyRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case foreignHost(expected: String)
    case missingSecret
    case wrongSecret
    case notOriginForm
    case noLinkName
    case escapingPath(String)
    case unknownLink(String)
    case bodyTooLarge(limit: Int)
    case notUsable(String)
    case notSent(String)
    case unreachable(String)
    case timedOut(String)
    case storeFailed(String)

    public var status: Int {
        switch self {
        case .missingSecret: 401
        case .foreignHost, .wrongSecret: 403
        case .notOriginForm, .escapingPath: 400
        case .noLinkName, .unknownLink: 404
        case .bodyTooLarge: 413
        case .notUsable, .notSent, .unreachable: 502
        case .timedOut: 504
        case .storeFailed: 500
        }
    }

    /// A short name for the access log.
    public var code: String {
        switch self {
        case .foreignHost: "foreign_host"
        case .missingSecret: "missing_secret"
        case .wrongSecret: "wrong_secret"
        case .notOriginForm: "not_origin_form"
        case .noLinkName: "no_link_name"
        case .escapingPath: "escaping_path"
        case .unknownLink: "unknown_link"
        case .bodyTooLarge: "body_too_large"
        case .notUsable: "not_usable"
        case .notSent: "not_sent"
        case .unreachable: "unreachable"
        case .timedOut: "timed_out"
        case .storeFailed: "store_failed"
        }
    }

    public var description: String {
        switch self {
        case .foreignHost(let expected):
            "The Host header must be \(expected): this proxy answers only requests addressed to this machine's loopback address (a "
                + "web page that renamed a host to 127.0.0.1 cannot use it)."
        case .missingSecret:
            "Send the proxy's secret in the header \(ProxyHeaders.secretHeader) (or Proxy-Authorization: Bearer SECRET); "
                + "`connections proxy` printed it and the file it names holds it."
        case .wrongSecret: "The proxy's secret is wrong: each run of `connections proxy` makes a new one; read it from the file it names."
        case .notOriginForm: "Ask for /LINK/PATH (e.g. http://127.0.0.1:PORT/github/user): this is not a forward proxy."
        case .noLinkName: "Name a connection first: /LINK/PATH, where LINK is a link name that `connections list` shows."
        case .escapingPath(let reason): "Not sent: the path \(reason); a request through the proxy stays under the connection's API base."
        case .unknownLink(let link): "No connection with link name '\(link)'. `connections list` shows them."
        case .bodyTooLarge(let limit): "The request body is larger than \(limit >> 20) MB, which the proxy does not hold."
        case .notUsable(let message), .notSent(let message), .unreachable(let message), .timedOut(let message),
            .storeFailed(let message):
            message
        }
    }
}
