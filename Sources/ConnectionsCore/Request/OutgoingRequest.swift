import Foundation

/// What is sent for a request through a connection, but for the credential's value: the one value that `invoke`,
/// Try it and every snippet language send or render, so that a snippet sends what `invoke` sends.
public struct OutgoingRequest: Sendable, Equatable {
    public var method: String
    /// Absolute (joined to the API base), placeholders filled; `wireURL` is how it goes on the wire.
    public var url: String
    public var query: [KeyValue]
    /// The service's headers (placeholders filled), then the request's (see `merged`).
    public var headers: [KeyValue]
    /// Sent when a form or a body goes and no header names one: the form encoding, or guessed from the body.
    public var contentType: String?
    /// Whether the parameters (and credentials placed in the form) travel form-encoded as the body: POST, PUT and
    /// PATCH without a body of their own.
    public var sendsForm: Bool
    public var form: [KeyValue]
    public var body: Data?
    /// Where the connection's credentials go; nil when a signature covers the whole request (OAuth 1).
    public var credentials: [CredentialUse]?
    public var timeout: TimeInterval
    /// The first `{placeholder}` the connection had no value for.
    public var unfilledPlaceholder: String?
    /// A value that does not fit the place it would fill (left unfilled in `url`).
    public var misfit: PlaceholderProblem?
    /// The URL as the user gave it, when it names a scheme other than http(s) (it would otherwise join the API base).
    public var otherScheme: String?

    public static let formContentType = "application/x-www-form-urlencoded"

    public static func plan(_ request: APIRequest, service: Service, values: [String: String]) -> OutgoingRequest {
        let template = RequestURL.joined(request.url, apiBase: service.apiBase)
        let url = URLRules.fill(template, with: values)
        let inBody = request.parametersInBody
        let serviceHeaders = service.apiHeaders.map { KeyValue($0.key, URLRules.fillHeader($0.value, with: values)) }
        let headers = merged(serviceHeaders, request.headers)
        let form = inBody ? request.parameters : []
        let credentials = CredentialUse.uses(for: service.auth).map { uses in
            uses.map { use in
                var use = use
                if use.placement == .form, !inBody { use.placement = .query }
                return use
            }
        }
        var contentType: String?
        if !headers.contains(where: { $0.key.lowercased() == "content-type" }) {
            if !form.isEmpty || credentials?.contains(where: { $0.placement == .form }) == true {
                contentType = formContentType
            } else if let body = request.body {
                contentType = Self.contentType(guessedFrom: body)
            }
        }
        return OutgoingRequest(
            method: request.method, url: url, query: inBody ? [] : request.parameters, headers: headers, contentType: contentType,
            sendsForm: inBody, form: form, body: request.body, credentials: credentials, timeout: request.timeout,
            unfilledPlaceholder: URLRules.placeholders(in: url).first, misfit: service.placeholderProblems(values, in: [template]).first,
            otherScheme: otherScheme(request.url) == nil ? nil : request.url)
    }

    /// The URL as it goes on the wire (see `RequestURL.wireForm`), without the query parameters.
    public var wireURL: String { RequestURL.wireForm(url) }

    /// Throws what stops the request from being sent at all: a scheme other than http(s), a placeholder left empty.
    public func checkSendable(linkName: String) throws(InvokeError) {
        if let otherScheme { throw .invalidURL(otherScheme) }
        if let misfit { throw .placeholderDoesNotFit(misfit, linkName: linkName) }
        if let unfilledPlaceholder { throw .unfilledPlaceholder(name: unfilledPlaceholder, linkName: linkName) }
        if Self.otherScheme(url) != nil { throw .invalidURL(url) }
    }

    private static func otherScheme(_ url: String) -> String? {
        guard let prefix = URLRules.schemePrefix(url) else { return nil }
        let scheme = prefix.dropLast(3).lowercased()
        return scheme == "http" || scheme == "https" ? nil : scheme
    }

    /// A request header replaces the service's of the same name; request headers that share a name are joined into
    /// one, as RFC 9110 §5.3 allows, since not every snippet language can send a name twice.
    static func merged(_ serviceHeaders: [KeyValue], _ requestHeaders: [KeyValue]) -> [KeyValue] {
        var joined: [KeyValue] = []
        for header in requestHeaders {
            if let index = joined.firstIndex(where: { $0.key.lowercased() == header.key.lowercased() }) {
                joined[index].value += ", " + header.value
            } else {
                joined.append(header)
            }
        }
        let overridden = Set(joined.map { $0.key.lowercased() })
        return serviceHeaders.filter { !overridden.contains($0.key.lowercased()) } + joined
    }

    /// A body given without a Content-Type: JSON when it parses as JSON, text when it is UTF-8, bytes otherwise
    /// (never the form encoding HTTP libraries assume, which would misdescribe it).
    static func contentType(guessedFrom body: Data) -> String {
        if body.first.map({ $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) == true,
            (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil
        {
            return "application/json"
        }
        return String(data: body, encoding: .utf8) != nil ? "text/plain; charset=utf-8" : "application/octet-stream"
    }
}
