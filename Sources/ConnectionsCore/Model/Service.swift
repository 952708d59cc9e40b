/// A third-party service: pre-built in the catalog, or defined by the user (custom).
public struct Service: Sendable, Equatable, Codable {
    public enum Origin: String, Sendable, Codable {
        case catalog
        case custom
    }

    public var name: String
    public var linkName: String
    public var auth: AuthScheme
    /// Base for relative request URLs; may hold `{placeholders}`.
    public var apiBase: String
    /// Values the user supplies when connecting, used as `{name}` in any URL (e.g. `shop`, `dc`).
    public var parameters: [String]
    /// Token-response fields kept with the connection and usable as `{name}` (e.g. `instance_url`).
    public var tokenFields: [String]
    /// Headers every API call through this service carries, e.g. `Notion-Version`.
    public var apiHeaders: [KeyValue]
    public var origin: Origin
    public var notes: String

    public init(
        name: String, linkName: String, auth: AuthScheme, apiBase: String = "",
        parameters: [String] = [], tokenFields: [String] = [], apiHeaders: [KeyValue] = [], origin: Origin = .custom, notes: String = ""
    ) {
        self.name = name
        self.linkName = linkName
        self.auth = auth
        self.apiBase = apiBase
        self.parameters = parameters
        self.tokenFields = tokenFields
        self.apiHeaders = apiHeaders
        self.origin = origin
        self.notes = notes
    }

    /// The same service with every secret removed, as it may be shown or exported.
    public var withoutSecrets: Service {
        var copy = self
        switch auth {
        case .oauth2(var settings):
            settings.clientSecret = nil
            copy.auth = .oauth2(settings)
        case .oauth1(var settings):
            settings.consumerSecret = nil
            copy.auth = .oauth1(settings)
        case .apiKey, .basic:
            break
        }
        return copy
    }

    public var secrets: ServiceSecrets {
        ServiceSecrets(clientSecret: auth.oauth2?.clientSecret, consumerSecret: auth.oauth1?.consumerSecret)
    }

    public func applying(_ secrets: ServiceSecrets) -> Service {
        var copy = self
        switch auth {
        case .oauth2(var settings):
            settings.clientSecret = secrets.clientSecret
            copy.auth = .oauth2(settings)
        case .oauth1(var settings):
            settings.consumerSecret = secrets.consumerSecret
            copy.auth = .oauth1(settings)
        case .apiKey, .basic:
            break
        }
        return copy
    }
}

/// The secret half of a service, stored encrypted apart from the rest.
public struct ServiceSecrets: Sendable, Equatable, Codable {
    public var clientSecret: Secret?
    public var consumerSecret: Secret?

    public var isEmpty: Bool { clientSecret == nil && consumerSecret == nil }
}
