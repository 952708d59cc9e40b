import Foundation
@testable import ConnectionsCore

enum Fixtures {
    /// Every secret `connectedConnection` holds, to look for where none may be.
    static let storedSecrets = [
        "access-token-7f3a9c", "refresh-token-b81e02", "oauth1-token-secret-55d1", "client-secret-c0ffee",
        "api-key-value-9911", "basic-password-4242", "connection-client-secret-77aa",
    ]

    /// A connection with every field set.
    static func connectedConnection() -> Connection {
        Connection(
            name: "Acme main", linkName: "acme_main", serviceLinkName: "acme", clientID: "own-client",
            clientSecret: Secret(storedSecrets[6]), scopes: ["read"], parameters: [KeyValue("shop", "acme")],
            storedStatus: .connected,
            tokens: TokenSet(
                accessToken: Secret(storedSecrets[0]), refreshToken: Secret(storedSecrets[1]), tokenSecret: Secret(storedSecrets[2]),
                expiresAt: Date(timeIntervalSince1970: 2_000_000_000), obtainedAt: Date(timeIntervalSince1970: 1_999_996_400),
                grantedScopes: ["read", "extra"], extra: ["instance_url": "https://na1.example.test"]),
            credentials: ["X-Api-Key": Secret(storedSecrets[4]), "password": Secret(storedSecrets[5])],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000), updatedAt: Date(timeIntervalSince1970: 1_700_000_100))
    }

    static func oauth2Service(linkName: String = "acme", secret: String? = "client-secret-value") -> Service {
        var settings = OAuth2Settings()
        settings.clientID = "acme-client"
        settings.clientSecret = secret.map(Secret.init)
        settings.authorizeURL = "https://auth.acme.test/authorize"
        settings.tokenURL = "https://auth.acme.test/token"
        settings.scopes = ["read", "write"]
        settings.authorizeParams = [KeyValue("access_type", "offline"), KeyValue("prompt", "consent")]
        return Service(name: "Acme", linkName: linkName, auth: .oauth2(settings), apiBase: "https://api.acme.test/v1")
    }

    static func oauth1Service() -> Service {
        var settings = OAuth1Settings()
        settings.consumerKey = "consumer-key"
        settings.consumerSecret = Secret("consumer-secret-value")
        settings.requestTokenURL = "https://acme.test/oauth/request_token"
        settings.authorizeURL = "https://acme.test/oauth/authorize"
        settings.accessTokenURL = "https://acme.test/oauth/access_token"
        settings.placement = .query
        return Service(name: "Acme One", linkName: "acme_one", auth: .oauth1(settings), apiBase: "https://acme.test/api")
    }

    static func apiKeyService() -> Service {
        Service(
            name: "Keyed", linkName: "keyed",
            auth: .apiKey([
                APIKeyField(key: "X-Api-Key", label: "API key", placement: .header),
                APIKeyField(key: "account", label: "Account ID", placement: .query),
            ]),
            apiBase: "https://keyed.test")
    }

    static let basicService = Service(name: "Plain", linkName: "plain", auth: .basic, apiBase: "https://plain.test")
}
