/// What the user fills in to create a connection (Pick Your Service > a service, or `connections new`).
public struct ConnectionDraft: Sendable, Equatable {
    public var serviceLinkName: String
    public var name: String
    /// Nil derives it from the name.
    public var linkName: String?
    /// Nil requests the service's scopes.
    public var scopes: [String]?
    public var parameters: [KeyValue]
    public var clientID: String
    public var clientSecret: Secret?

    public init(
        serviceLinkName: String, name: String, linkName: String? = nil, scopes: [String]? = nil,
        parameters: [KeyValue] = [], clientID: String = "", clientSecret: Secret? = nil
    ) {
        self.serviceLinkName = serviceLinkName
        self.name = name
        self.linkName = linkName
        self.scopes = scopes
        self.parameters = parameters
        self.clientID = clientID
        self.clientSecret = clientSecret
    }
}
