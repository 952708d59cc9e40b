import Foundation
@testable import ConnectionsCore

enum Fixtures {
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
