import Testing
@testable import ConnectionsCore

@Suite struct CatalogTests {
    /// The one-entry path that `token` and `invoke` use finds each service exactly as the whole catalog has it.
    @Test func eachServiceReadAloneEqualsTheFullCatalogs() throws {
        let catalog = try Catalog.bundled()
        for service in catalog.services {
            #expect(try Catalog.bundledService(service.linkName) == service, "\(service.linkName)")
        }
        #expect(try Catalog.bundledService("no_such_service") == nil)
        #expect(try Catalog.bundledService("goo") == nil, "a prefix is not a link name")
    }

    @Test func bundledCatalogLoadsAndEveryEntryValidates() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.services.count >= 25)
        #expect(Set(catalog.services.map(\.linkName)).count == catalog.services.count)
        for service in catalog.services {
            #expect(service.origin == .catalog)
            #expect(ServiceValidator.errors(in: service).isEmpty, "\(service.linkName)")
            #expect(!service.apiBase.isEmpty, "\(service.linkName) has no API base")
            if let settings = service.auth.oauth2 {
                #expect(settings.clientID.isEmpty && settings.clientSecret == nil, "\(service.linkName) ships credentials")
                #expect(settings.tokenURL.hasPrefix("https://"))
            }
        }
    }

    @Test func quirksAreData() throws {
        let catalog = try Catalog.bundled()
        let google = try #require(catalog.service("google")?.auth.oauth2)
        #expect(google.authorizeParams.contains(KeyValue("access_type", "offline")))
        #expect(google.authorizeParams.contains(KeyValue("prompt", "consent")))
        #expect(catalog.service("slack")?.auth.oauth2?.scopeDelimiter == .comma)
        #expect(catalog.service("zoom")?.auth.oauth2?.clientAuth == .basic)
        let shopify = try #require(catalog.service("shopify"))
        #expect(shopify.parameters == ["shop"])
        #expect(shopify.auth.oauth2?.tokenParameter == "X-Shopify-Access-Token")
        #expect(shopify.auth.oauth2?.tokenPrefix == "")
        #expect(catalog.service("salesforce")?.tokenFields == ["instance_url"])
        #expect(catalog.service("trello")?.auth.type == .oauth1)
        #expect(catalog.service("stripe")?.auth.apiKeyFields.first?.prefix == "Bearer ")
        #expect(catalog.service("twilio")?.auth == .basic)
    }

    @Test func rejectsADuplicateEntry() {
        let text = """
            services:
              - {name: A, link_name: dup, auth: basic}
              - {name: B, link_name: dup, auth: basic}
            """
        #expect(throws: ServiceFileError.self) { try Catalog.parse(text, file: "catalog.yaml") }
    }
}
