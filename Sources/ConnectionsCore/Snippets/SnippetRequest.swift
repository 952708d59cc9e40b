/// The request a snippet (and later `invoke`) describes, as the user gave it.
public struct SnippetRequest: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        case GET, POST, PUT, PATCH, DELETE

        /// Whether `parameters` travel form-encoded in the body, as the original's invokeurl does.
        public var sendsParametersInBody: Bool { self == .POST || self == .PUT || self == .PATCH }
    }

    public var url: String
    public var method: Method
    public var parameters: [KeyValue]
    public var headers: [KeyValue]
    public var body: String?

    public init(url: String, method: Method = .GET, parameters: [KeyValue] = [], headers: [KeyValue] = [], body: String? = nil) {
        self.url = url
        self.method = method
        self.parameters = parameters
        self.headers = headers
        self.body = body
    }

    /// Parameters for the query string: all of them, unless they go in the body.
    public var queryParameters: [KeyValue] {
        method.sendsParametersInBody && body == nil ? [] : parameters
    }

    /// Parameters sent form-encoded as the body.
    public var formParameters: [KeyValue] {
        method.sendsParametersInBody && body == nil ? parameters : []
    }
}

public enum SnippetLanguage: String, Sendable, CaseIterable {
    case deluge, curl, python, javascript

    public var displayName: String {
        switch self {
        case .deluge: "Deluge"
        case .curl: "curl"
        case .python: "Python"
        case .javascript: "JavaScript"
        }
    }
}
