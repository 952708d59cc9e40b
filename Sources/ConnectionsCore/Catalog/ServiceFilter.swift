/// Which services a list shows: by category and by auth type (the CLI's `--category`/`--auth`, the TUI's filters).
public struct ServiceFilter: Sendable, Equatable {
    public var category: String?
    public var auth: AuthType?

    public init(category: String? = nil, auth: AuthType? = nil) {
        self.category = category
        self.auth = auth
    }

    /// The category that holds your own services (origin custom), whatever categories they name.
    public static let custom = "custom"

    public func admits(_ service: Service) -> Bool {
        (category.map { service.categories.contains($0) || ($0 == Self.custom && service.origin == .custom) } ?? true)
            && (auth.map { service.auth.type == $0 } ?? true)
    }

    public func apply(to services: [Service]) -> [Service] { services.filter(admits) }

    /// Every category the services name, in order; "custom" first when there are services of your own.
    public static func categories(of services: [Service]) -> [String] {
        let named = Set(services.flatMap(\.categories)).subtracting([custom]).sorted()
        return (services.contains { $0.origin == .custom } ? [custom] : []) + named
    }
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
