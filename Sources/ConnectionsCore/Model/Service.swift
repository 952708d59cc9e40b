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
    /// Fields of the sign-in redirect kept with the connection and usable as `{name}` (QuickBooks' `realmId`); never
    /// one the token response gives.
    public var callbackFields: [String] = []
    /// Headers every API call through this service carries, e.g. `Notion-Version`.
    public var apiHeaders: [KeyValue]
    /// Lookups run after connecting, filling token fields (e.g. Mailchimp's `dc`).
    public var afterConnect: [AfterConnectLookup] = []
    /// Hosts besides the API base's that may receive the connection's credentials: `api.example.com`,
    /// `https://{shop}.myshopify.com`, `*.example.com`, `http://127.0.0.1:8080` (plain http only on loopback).
    public var allowedHosts: [String] = []
    public var origin: Origin
    public var notes: String
    /// Where an app (client) for this service is registered: the provider's developer console.
    public var registerURL: String = ""
    /// What the service is for, as the catalog groups it: `crm`, `marketing`, `storage`, …
    public var categories: [String] = []
    /// The request that names the signed-in account (`whoami:`) or only tells that a credential works (`verify:`).
    public var whoami: AccountCheck?
    /// Days an unused refresh token lives before the provider lets it die, when its docs say so.
    public var refreshTokenIdleDays: Int?
    /// The user name the git credential helper answers beside the token; empty: `oauth2`.
    public var gitUsername: String = ""
    /// The MCP server this service stands for (`mcp add` sets it): `connections mcp` talks to it, and a connection's
    /// code box offers the configuration MCP clients take; empty for other services.
    public var mcpEndpoint: String = ""

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

    enum CodingKeys: String, CodingKey {
        case name, linkName, auth, apiBase, parameters, tokenFields, callbackFields, apiHeaders, afterConnect, allowedHosts, origin, notes,
            registerURL, categories, whoami, refreshTokenIdleDays, gitUsername, mcpEndpoint
    }

    /// Services stored before `callbackFields`, `afterConnect`, `allowedHosts`, `registerURL` or `categories` existed decode
    /// with none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name), linkName: try container.decode(String.self, forKey: .linkName),
            auth: try container.decode(AuthScheme.self, forKey: .auth), apiBase: try container.decode(String.self, forKey: .apiBase),
            parameters: try container.decode([String].self, forKey: .parameters),
            tokenFields: try container.decode([String].self, forKey: .tokenFields),
            apiHeaders: try container.decode([KeyValue].self, forKey: .apiHeaders),
            origin: try container.decode(Origin.self, forKey: .origin),
            notes: try container.decode(String.self, forKey: .notes))
        callbackFields = try container.decodeIfPresent([String].self, forKey: .callbackFields) ?? []
        afterConnect = try container.decodeIfPresent([AfterConnectLookup].self, forKey: .afterConnect) ?? []
        allowedHosts = try container.decodeIfPresent([String].self, forKey: .allowedHosts) ?? []
        registerURL = try container.decodeIfPresent(String.self, forKey: .registerURL) ?? ""
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        whoami = try container.decodeIfPresent(AccountCheck.self, forKey: .whoami)
        refreshTokenIdleDays = try container.decodeIfPresent(Int.self, forKey: .refreshTokenIdleDays)
        gitUsername = try container.decodeIfPresent(String.self, forKey: .gitUsername) ?? ""
        mcpEndpoint = try container.decodeIfPresent(String.self, forKey: .mcpEndpoint) ?? ""
    }

    /// The fields that come from the provider (token response or sign-in redirect) rather than from the user.
    public var providerFields: [String] { tokenFields + callbackFields }

    /// The same service with every secret removed, as it may be shown or exported: every field the field table marks
    /// secret (`ServiceFields`), so a new secret field can never be stored or shown in clear.
    public var withoutSecrets: Service {
        var copy = self
        for field in ServiceFields.secretFields { field.set(.text(""), in: &copy) }
        return copy
    }

    public var secrets: ServiceSecrets {
        var values: [String: Secret] = [:]
        for field in ServiceFields.secretFields {
            let text = field.value(in: self).text
            if !text.isEmpty { values[field.key] = Secret(text) }
        }
        return ServiceSecrets(values)
    }

    public func applying(_ secrets: ServiceSecrets) -> Service {
        var copy = self
        for field in ServiceFields.secretFields {
            if let secret = secrets.values[field.key] { field.set(.text(secret.exposedValue), in: &copy) }
        }
        return copy
    }
}

/// The secret half of a service, stored encrypted apart from the rest: each secret field's value by its key
/// (`oauth2.client_secret`).
public struct ServiceSecrets: Sendable, Equatable, Codable {
    public var values: [String: Secret]

    public init(_ values: [String: Secret] = [:]) { self.values = values }

    public var isEmpty: Bool { values.isEmpty }

    /// What stores kept before secrets were named by their field's key.
    private static let earlierNames = [
        "clientSecret": "oauth2.client_secret", "consumerSecret": "oauth1.consumer_secret",
        "registrationAccessToken": "oauth2.registration_access_token",
    ]

    public init(from decoder: Decoder) throws {
        let stored = try decoder.singleValueContainer().decode([String: Secret].self)
        values = Dictionary(stored.map { (Self.earlierNames[$0] ?? $0, $1) }) { first, _ in first }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
