/// What connecting a connection means, decided once for the CLI, the terminal UI and the Authorizer.
public enum ConnectPlan: Sendable, Equatable {
    /// API key or Basic: these values are asked for and stored.
    case askCredentials([CredentialPrompt])
    /// OAuth 2 or 1: a sign-in (browser, device code or client credentials) gives the tokens.
    case authorize
    /// Nothing can start yet; the message says what to do first (a client ID to give, say).
    case cannotStart(ConnectError)

    public var asksCredentials: Bool {
        if case .askCredentials = self { return true }
        return false
    }

    public static func plan(for connection: Connection, service: Service) -> ConnectPlan {
        let prompts = CredentialPrompt.prompts(for: service.auth)
        if !prompts.isEmpty { return .askCredentials(prompts) }
        if let missing = ConnectionValidator.missingClient(connection, service: service) { return .cannotStart(missing) }
        return .authorize
    }
}

extension Workspace {
    public func connectPlan(_ linkName: String) throws -> ConnectPlan {
        let connection = try connection(linkName)
        return ConnectPlan.plan(for: connection, service: try service(connection.serviceLinkName))
    }
}
