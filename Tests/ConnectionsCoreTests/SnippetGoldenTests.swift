import Testing
@testable import ConnectionsCore

@Suite struct SnippetGoldenTests {
    static let campaigns = APIRequest(url: "https://us21.api.mailchimp.com/3.0/campaigns", parameters: [KeyValue("count", "10")])
    static let post = APIRequest(
        url: "/lists", method: "POST", parameters: [KeyValue("name", "Spring launch"), KeyValue("tag", "a&b")],
        headers: [KeyValue("Accept", "application/json")])
    static let bodyPut = APIRequest(
        url: "contacts/{id}", method: "PUT", parameters: [KeyValue("dry_run", "true")],
        headers: [KeyValue("Content-Type", "application/json")], text: "{\"email\": \"a@b.test\"}")

    static var services: [String: Service] {
        var queryToken = Fixtures.oauth2Service()
        var settings = queryToken.auth.oauth2!
        settings.tokenPlacement = .query
        settings.tokenParameter = "access_token"
        queryToken.auth = .oauth2(settings)
        var headers = Fixtures.oauth2Service()
        headers.apiHeaders = [KeyValue("Notion-Version", "2022-06-28"), KeyValue("Accept", "text/plain")]
        return [
            "oauth2": Fixtures.oauth2Service(), "oauth2_query": queryToken, "oauth2_api_headers": headers,
            "oauth1": Fixtures.oauth1Service(),
            "api_key": Fixtures.apiKeyService(), "basic": Fixtures.basicService,
        ]
    }

    @Test(arguments: SnippetLanguage.requestLanguages)
    func mailchimpCampaigns(_ language: SnippetLanguage) {
        let code = Snippet.code(language, request: Self.campaigns, linkName: "mailchimp_conn", service: Self.services["oauth2"]!)
        Golden.check(code, "snippet_campaigns_\(language.rawValue)")
    }

    @Test(arguments: SnippetLanguage.requestLanguages)
    func formPostAgainstEveryAuthType(_ language: SnippetLanguage) {
        for (name, service) in Self.services.sorted(by: { $0.key < $1.key }) {
            let code = Snippet.code(language, request: Self.post, linkName: "link_\(name)", service: service)
            Golden.check(code, "snippet_post_\(name)_\(language.rawValue)")
        }
    }

    @Test(arguments: SnippetLanguage.requestLanguages)
    func bodyWithPlaceholders(_ language: SnippetLanguage) {
        let code = Snippet.code(
            language, request: Self.bodyPut, linkName: "acme_main", service: Self.services["oauth2"]!, values: ["id": "42"])
        Golden.check(code, "snippet_body_\(language.rawValue)")
    }

    @Test func delugeMatchesTheOriginalsLayout() {
        let code = Snippet.code(.deluge, request: Self.campaigns, linkName: "mailchimp_conn", service: Self.services["oauth2"]!)
        #expect(
            code == """
                params = Map();
                params.put("count", "10");
                response = invokeurl
                [
                \turl: "https://us21.api.mailchimp.com/3.0/campaigns"
                \ttype: GET
                \tparameters: params
                \tconnection: "mailchimp_conn"
                ];
                info response;

                """)
    }

    @Test func relativeURLsJoinTheAPIBase() {
        #expect(
            RequestURL.resolve("/campaigns", apiBase: "https://{dc}.api.mailchimp.com/3.0/", values: ["dc": "us21"])
                == "https://us21.api.mailchimp.com/3.0/campaigns")
        #expect(RequestURL.resolve("campaigns", apiBase: "https://x.test/3.0", values: [:]) == "https://x.test/3.0/campaigns")
        #expect(RequestURL.resolve("https://other.test/a", apiBase: "https://x.test", values: [:]) == "https://other.test/a")
        #expect(
            RequestURL.resolve("{instance_url}/services", apiBase: "", values: ["instance_url": "https://na1.test"])
                == "https://na1.test/services")
        #expect(
            RequestURL.appendingQuery("https://x.test/a?b=1#frag", [KeyValue("c d", "é&")]) == "https://x.test/a?b=1&c%20d=%C3%A9%26#frag")
    }

    @Test func noSnippetCarriesASecret() {
        for language in SnippetLanguage.requestLanguages {
            for service in Self.services.values {
                let code = Snippet.code(language, request: Self.post, linkName: "l", service: service)
                #expect(!code.contains("client-secret-value") && !code.contains("consumer-secret-value"))
            }
        }
    }
}
