public enum AuthScheme: Sendable, Equatable, Codable {
    case apiKey([APIKeyField])
    case basic
    case oauth1(OAuth1Settings)
    case oauth2(OAuth2Settings)

    public var type: AuthType {
        switch self {
        case .apiKey: .apiKey
        case .basic: .basic
        case .oauth1: .oauth1
        case .oauth2: .oauth2
        }
    }

    public var oauth2: OAuth2Settings? {
        if case .oauth2(let settings) = self { return settings }
        return nil
    }

    public var oauth1: OAuth1Settings? {
        if case .oauth1(let settings) = self { return settings }
        return nil
    }

    public var apiKeyFields: [APIKeyField] {
        if case .apiKey(let fields) = self { return fields }
        return []
    }
}
