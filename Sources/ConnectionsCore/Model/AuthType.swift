public enum AuthType: String, Sendable, Codable, CaseIterable {
    case apiKey = "api_key"
    case basic
    case oauth1
    case oauth2

    public var displayName: String {
        switch self {
        case .apiKey: "API Key"
        case .basic: "Basic Authentication"
        case .oauth1: "OAuth 1"
        case .oauth2: "OAuth 2"
        }
    }
}

/// Where a credential or parameter travels in a request.
public enum Placement: String, Sendable, Codable, CaseIterable {
    case header
    case query
    case form
}
