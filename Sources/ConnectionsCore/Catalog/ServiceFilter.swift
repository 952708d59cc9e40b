/// Which services a list shows: by category and by auth type (the CLI's `--category`/`--auth`, the TUI's filters).
public struct ServiceFilter: Sendable, Equatable {
    public var category: String?
    public var auth: AuthType?

    public init(category: String? = nil, auth: AuthType? = nil) {
        self.category = category
        self.auth = auth
    }

    public func admits(_ service: Service) -> Bool {
        (category.map { service.categories.contains($0) } ?? true) && (auth.map { service.auth.type == $0 } ?? true)
    }

    public func apply(to services: [Service]) -> [Service] { services.filter(admits) }

    /// Every category the services name, in order.
    public static func categories(of services: [Service]) -> [String] { Set(services.flatMap(\.categories)).sorted() }
}

/// What a person needs before connecting to a service: where to register an app, what to register there, what
/// the connection will ask for, and the service's notes. The CLI's `service show` and the TUI's service page.
public enum ServiceSummary {
    public static func lines(_ service: Service) -> [String] {
        var lines = ["\(service.name) (\(service.linkName)) · \(service.auth.type.displayName) · \(service.origin.rawValue)"]
        if !service.categories.isEmpty { lines.append("Categories: " + service.categories.joined(separator: ", ")) }
        if !service.registerURL.isEmpty { lines.append("Where to register an app: " + service.registerURL) }
        if let settings = service.auth.oauth2, settings.grant == .authorizationCode {
            lines.append("Redirect URI to register: " + settings.redirectURI)
        }
        if !service.parameters.isEmpty { lines.append("Asks for: " + service.parameters.map { "{\($0)}" }.joined(separator: ", ")) }
        if let scopes = service.auth.oauth2?.scopes, !scopes.isEmpty { lines.append("Scopes: " + scopes.joined(separator: " ")) }
        if !service.notes.isEmpty { lines.append("Notes: " + service.notes) }
        return lines
    }
}
