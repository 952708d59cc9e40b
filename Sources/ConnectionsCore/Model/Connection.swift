import Foundation

/// One authorized (or to-be-authorized) account of a service. Code refers to it by its link name.
public struct Connection: Sendable, Equatable {
    public var name: String
    /// Immutable once created.
    public let linkName: String
    public var serviceLinkName: String
    /// The connection's own OAuth client (OAuth 1: consumer key), for services that do not carry one, like the catalog's.
    public var clientID: String
    public var clientSecret: Secret?
    public var scopes: [String]
    /// Values for the service's `{placeholders}`, e.g. `shop`.
    public var parameters: [KeyValue]
    /// The status as last stored; `status(at:)` also accounts for expiry.
    public var storedStatus: ConnectionStatus
    public var tokens: TokenSet?
    /// API key values by key, or `username` / `password` for Basic.
    public var credentials: [String: Secret]
    public var createdAt: Date
    public var updatedAt: Date
    /// Who created it and who last authorized it: `user@host`, or `user:` from the config.
    public var createdBy: String?
    public var authorizedBy: String?
    public var health = ConnectionHealth()

    public init(
        name: String, linkName: String, serviceLinkName: String, clientID: String = "", clientSecret: Secret? = nil, scopes: [String] = [],
        parameters: [KeyValue] = [],
        storedStatus: ConnectionStatus = .notConnected, tokens: TokenSet? = nil, credentials: [String: Secret] = [:],
        createdAt: Date = Date(), updatedAt: Date = Date(), createdBy: String? = nil, authorizedBy: String? = nil,
        health: ConnectionHealth = ConnectionHealth()
    ) {
        self.health = health
        self.name = name
        self.linkName = linkName
        self.serviceLinkName = serviceLinkName
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.parameters = parameters
        self.storedStatus = storedStatus
        self.tokens = tokens
        self.credentials = credentials
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.authorizedBy = authorizedBy
    }

    public func status(at now: Date) -> ConnectionStatus {
        summary.status(at: now)
    }

    public func parameter(_ name: String) -> String? {
        parameters.first { $0.key == name }?.value
    }
}

extension Connection {
    /// Values for `{placeholders}`: the connection's parameters and the kept token-response fields.
    public var placeholderValues: [String: String] {
        var values = tokens?.extra ?? [:]
        for parameter in parameters { values[parameter.key] = parameter.value }
        return values
    }
}
