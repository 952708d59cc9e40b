/// A change to a connection after it was created, the same from `connections edit` and the connection's page: what
/// is nil stays. The link name and the service never change.
public struct ConnectionEdit: Sendable, Equatable {
    public var name: String?
    /// Replaces the requested scopes.
    public var scopes: [String]?
    /// Set by key; parameters not named here stay.
    public var parameters: [KeyValue]
    /// The connection's own client ID; empty goes back to the service's client (and forgets the secret with it).
    public var clientID: String?
    public var clientSecret: Secret?

    public init(
        name: String? = nil, scopes: [String]? = nil, parameters: [KeyValue] = [], clientID: String? = nil, clientSecret: Secret? = nil
    ) {
        self.name = name
        self.scopes = scopes
        self.parameters = parameters
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public func apply(to connection: inout Connection) {
        if let name { connection.name = name.trimmingCharacters(in: .whitespaces) }
        if let scopes { connection.scopes = scopes }
        for parameter in parameters {
            if let index = connection.parameters.firstIndex(where: { $0.key == parameter.key }) {
                connection.parameters[index] = parameter
            } else {
                connection.parameters.append(parameter)
            }
        }
        if let clientID {
            connection.clientID = clientID.trimmingCharacters(in: .whitespaces)
            if connection.clientID.isEmpty { connection.clientSecret = nil }
        }
        if let clientSecret { connection.clientSecret = clientSecret }
    }
}

extension Workspace {
    /// Changes what may change after creation (see `ConnectionEdit`), checked against the service's rules.
    public func editConnection(_ linkName: String, _ edit: ConnectionEdit) throws -> Connection {
        try editConnection(linkName) { edit.apply(to: &$0) }
    }
}
