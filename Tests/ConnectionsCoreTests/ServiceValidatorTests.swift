import Testing
@testable import ConnectionsCore

@Suite struct ServiceValidatorTests {
    private func messages(_ service: Service) -> [String: String] {
        Dictionary(ServiceValidator.errors(in: service).map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
    }

    private func withOAuth2(_ change: (inout OAuth2Settings) -> Void) -> Service {
        var service = Fixtures.oauth2Service()
        var settings = service.auth.oauth2!
        change(&settings)
        service.auth = .oauth2(settings)
        return service
    }

    @Test func acceptsWellFormedServicesOfEveryType() {
        for service in [Fixtures.oauth2Service(), Fixtures.oauth1Service(), Fixtures.apiKeyService(), Fixtures.basicService] {
            #expect(ServiceValidator.errors(in: service).isEmpty, "\(service.linkName)")
        }
    }

    @Test func requiresHTTPSExceptOnLoopback() {
        let plain = withOAuth2 { $0.authorizeURL = "http://auth.acme.test/authorize" }
        #expect(messages(plain)["oauth2.authorize_url"] == "Authorize URL must be https (http is allowed only for 127.0.0.1/localhost).")
        let local = withOAuth2 {
            $0.authorizeURL = "http://127.0.0.1:8000/o/authorize/"; $0.tokenURL = "http://localhost:8000/o/token/"
        }
        #expect(ServiceValidator.errors(in: local).isEmpty)
        let ftp = withOAuth2 { $0.tokenURL = "ftp://acme.test/token" }
        #expect(messages(ftp)["oauth2.token_url"] == "Access token URL must start with https://.")
        let garbage = withOAuth2 { $0.tokenURL = "not a url" }
        #expect(messages(garbage)["oauth2.token_url"] == "Access token URL cannot contain spaces.")
    }

    @Test func placeholdersMustBeDeclared() {
        var service = withOAuth2 { $0.tokenURL = "https://{shop}.myshopify.com/admin/oauth/access_token" }
        #expect(messages(service)["oauth2.token_url"]?.contains("uses {shop}, which is not a parameter") == true)
        service.parameters = ["shop"]
        #expect(ServiceValidator.errors(in: service).isEmpty)
    }

    @Test func scopesAreCheckedOneByOne() {
        let spaced = withOAuth2 { $0.scopes = ["read", "a b"] }
        #expect(messages(spaced)["oauth2.scopes[1]"] == "Scope 'a b' contains the delimiter (space); enter scopes one by one.")
        let comma = withOAuth2 {
            $0.scopes = ["read,write"]; $0.scopeDelimiter = .comma
        }
        #expect(messages(comma)["oauth2.scopes[0]"]?.contains("contains the delimiter (comma)") == true)
        let twice = withOAuth2 { $0.scopes = ["read", "read"] }
        #expect(messages(twice)["oauth2.scopes[1]"] == "Scope 'read' is listed twice.")
    }

    @Test func customServicesNeedTheirOwnClientButCatalogOnesDoNot() {
        var service = withOAuth2 {
            $0.clientID = ""; $0.clientSecret = nil; $0.clientAuth = .basic
        }
        #expect(messages(service)["oauth2.client_id"] != nil)
        #expect(messages(service)["oauth2.client_auth"] != nil)
        service.origin = .catalog
        #expect(ServiceValidator.errors(in: service).isEmpty)
    }

    @Test func grantsRequireTheirEndpoints() {
        let credentials = withOAuth2 {
            $0.grant = .clientCredentials; $0.authorizeURL = ""; $0.clientSecret = nil
        }
        #expect(messages(credentials)["oauth2.authorize_url"] == nil)
        #expect(messages(credentials)["oauth2.client_secret"] != nil)
        let device = withOAuth2 { $0.grant = .deviceCode }
        #expect(messages(device)["oauth2.device_authorization_url"] == "Device authorization URL is required.")
    }

    @Test func apiKeyRowsNeedKeyAndLabel() {
        var service = Fixtures.apiKeyService()
        service.auth = .apiKey([])
        #expect(messages(service)["api_key"] != nil)
        service.auth = .apiKey([
            APIKeyField(key: "", label: "", placement: .header), APIKeyField(key: "a b", label: "A", placement: .query),
        ])
        let found = messages(service)
        #expect(found["api_key[0].key"] == "Row 1: parameter key is required (e.g. api-key).")
        #expect(found["api_key[0].label"] != nil)
        #expect(found["api_key[1].key"] == "Row 2: parameter key 'a b' cannot contain spaces or ':'.")
    }

    @Test func oauth1NeedsItsThreeURLsAndCredentials() {
        var service = Fixtures.oauth1Service()
        var settings = service.auth.oauth1!
        settings.requestTokenURL = ""
        settings.consumerSecret = nil
        service.auth = .oauth1(settings)
        let found = messages(service)
        #expect(found["oauth1.request_token_url"] == "Request token URL is required.")
        #expect(found["oauth1.consumer_secret"] == "Consumer secret is required.")
    }
}
