import Foundation
import Testing
@testable import ConnectionsCore

/// A value fills a `{placeholder}` only where it fits: a host takes a DNS name, a path segment is percent-encoded, a
/// whole URL must name a host the service allows. Through the CLI, the request plan, the sign-in URLs, the credential
/// scope, and a real token endpoint (django-oauth-toolkit's server on 127.0.0.1).
@Suite struct PlaceholderTests {
    func shopify() throws -> Service { try #require(try Catalog.bundled().service("shopify")) }

    func connection(_ service: Service, _ parameters: [String: String], extra: [String: String] = [:]) -> Connection {
        Connection(
            name: "A", linkName: "a", serviceLinkName: service.linkName, clientID: "app",
            parameters: parameters.map { KeyValue($0.key, $0.value) }, storedStatus: .connected,
            tokens: TokenSet(accessToken: Secret("AT"), extra: extra))
    }

    @Test func eachPlaceholderKnowsItsPlace() {
        let template = URLTemplate("https://{shop}.myshopify.com:8443/admin/{id}/x?q={query}#{frag}")
        #expect(template.placeholders.map(\.position) == [.host, .path, .query, .query])
        #expect(template.fixedHostSuffix == ".myshopify.com")
        #expect(URLTemplate("{instance_url}/services/{v}").placeholders.map(\.position) == [.url, .path])
        #expect(URLTemplate("/me/{id}?next=http://x/{n}").placeholders.map(\.position) == [.path, .query])
        let filled = template.filling(["shop": "acme", "id": "a/b c", "query": "x&y=1", "frag": "%"])
        #expect(filled.problems.isEmpty)
        #expect(filled.text == "https://acme.myshopify.com:8443/admin/a%2Fb%20c/x?q=x%26y%3D1#%25")
        for bad in ["evil.example.net/x?", "a@b", "a:1", "a b", "a%2e", "a\\b", "a#", ".a", ""] {
            #expect(template.filling(["shop": bad]).problems.map(\.name) == ["shop"], "\(bad)")
        }
        #expect(template.filling(["id": ".."]).problems.map(\.name) == ["id"])
    }

    @Test func aHostValueCannotMoveTheSignInTheCallOrTheScope() throws {
        let service = try shopify()
        let moved = connection(service, ["shop": "evil.example.net/x?"])
        #expect(throws: ConnectError.self) { try OAuth2Client(service: service, connection: moved) }
        let plan = OutgoingRequest.plan(APIRequest(url: "/shop.json"), service: service, values: moved.placeholderValues)
        #expect(!plan.url.contains("evil"), "\(plan.url)")
        #expect(throws: InvokeError.self) { try plan.checkSendable(linkName: "a") }
        let scope = CredentialScope(service: service, connection: moved)
        #expect(throws: InvokeError.self) { try scope.check(URL(string: "https://evil.example.net/x?.myshopify.com/admin")!) }

        let honest = connection(service, ["shop": "acme"])
        let client = try OAuth2Client(service: service, connection: honest)
        #expect(client.settings.tokenURL == "https://acme.myshopify.com/admin/oauth/access_token")
        let good = OutgoingRequest.plan(APIRequest(url: "/shop.json"), service: service, values: honest.placeholderValues)
        #expect(good.url == "https://acme.myshopify.com/admin/api/2024-10/shop.json")
        try CredentialScope(service: service, connection: honest).check(URL(string: good.url)!)
    }

    @Test func aWholeURLMustNameAnAllowedHost() throws {
        let salesforce = try #require(try Catalog.bundled().service("salesforce"))
        let thief = connection(salesforce, [:], extra: ["instance_url": "https://evil.example.net"])
        let plan = OutgoingRequest.plan(APIRequest(url: "/services/data"), service: salesforce, values: thief.placeholderValues)
        #expect(
            plan.misfit?.reason.contains("does not allow (allowed: https://*.salesforce.com)") == true, "\(String(describing: plan.misfit))"
        )
        #expect(throws: InvokeError.self) {
            try CredentialScope(service: salesforce, connection: thief).check(URL(string: "https://evil.example.net/x")!)
        }
        let honest = connection(salesforce, [:], extra: ["instance_url": "https://acme.my.salesforce.com"])
        let fine = OutgoingRequest.plan(APIRequest(url: "/services/data"), service: salesforce, values: honest.placeholderValues)
        #expect(fine.misfit == nil && fine.url == "https://acme.my.salesforce.com/services/data")
        try CredentialScope(service: salesforce, connection: honest).check(URL(string: fine.url)!)
    }

    @Test func newAndEditRefuseAValueThatDoesNotFit() throws {
        let cli = CLI()
        let moved = try cli.run("new", "shopify", "--name", "Shop", "--param", "shop=evil.example.net/x?", "--client-id", "app")
        #expect(moved.status == 1, "\(moved.stdout)")
        #expect(
            moved.stderr.contains(
                "parameters.shop: 'evil.example.net/x?' cannot fill {shop} in https://{shop}.myshopify.com/admin/api/2024-10: it fills a "
                    + "host name, which takes only letters, digits, hyphens and dots"), "\(moved.stderr)")
        #expect(moved.stderr.contains("Give it with --param shop=...."))
        _ = try cli.ok("new", "shopify", "--name", "Shop", "--param", "shop=acme", "--client-id", "app")
        let edited = try cli.run("edit", "shop", "--param", "shop=acme.example.net@x")
        #expect(edited.status == 1 && edited.stderr.contains("cannot fill {shop}"), "\(edited.stderr)")
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "shop", "--json").utf8)) as? [String: Any]
        #expect(shown?["parameters"] as? [String: String] == ["shop": "acme"])

        let elsewhere = try cli.run("new", "docusign", "--name", "Sign", "--param", "base_uri=https://evil.example.net", "--client-id", "a")
        #expect(elsewhere.status == 1)
        #expect(
            elsewhere.stderr.contains("it names a host DocuSign does not allow (allowed: https://*.docusign.net)"), "\(elsewhere.stderr)")
        _ = try cli.ok("new", "docusign", "--name", "Sign", "--param", "base_uri=https://na2.docusign.net", "--client-id", "a")
    }

    /// A value that reached the store without the form's check (another member's client, a team store): nothing is sent.
    @Test func aStoredValueThatMovesTheHostIsNeverUsed() throws {
        let cli = CLI()
        let service = try shopify()
        try cli.home.store().insertConnection(connection(service, ["shop": "127.0.0.1:1/x?"]))
        let invoke = try cli.run("invoke", "a", "/shop.json")
        #expect(invoke.status == 1, "\(invoke.stderr)")
        #expect(invoke.stderr.contains("Nothing was sent: '127.0.0.1:1/x?' cannot fill {shop}"), "\(invoke.stderr)")
        let snippet = try cli.run("snippet", "a", "--url", "/shop.json", "--lang", "curl")
        #expect(!snippet.stdout.contains("127.0.0.1:1"), "\(snippet.stdout)")
    }

    /// A token endpoint that names a host the service does not allow: nothing is stored.
    @Test func aTokenResponseURLMustNameAnAllowedHost() throws {
        let server = try OAuth2TestServer.shared.get()
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        func service(allowed: String, answer: String) -> String {
            """
            name: Instance
            link_name: instance
            auth: oauth2
            api_base: "{instance_url}"
            token_fields: [instance_url]
            allowed_hosts: ["\(allowed)"]
            oauth2:
              grant: client_credentials
              client_id: machine-app
              client_secret: machine-secret
              token_url: "\(server.base)/quirks/instance-url/token?instance_url=\(answer)"
            """
        }
        let refused = CLI()
        try refused.importService(service(allowed: echo, answer: "https%3A%2F%2Fevil.example.net"))
        _ = try refused.ok("new", "instance", "--name", "I")
        let connect = try refused.run("connect", "i")
        #expect(connect.status == 1)
        #expect(
            connect.stderr.contains(
                "The provider's answer does not fit: 'https://evil.example.net' cannot fill {instance_url} in {instance_url}: it names a "
                    + "host Instance does not allow (allowed: \(echo))"), "\(connect.stderr)")
        let shown = try JSONSerialization.jsonObject(with: Data(try refused.ok("show", "i", "--json").utf8)) as? [String: Any]
        #expect(shown?["status"] as? String == "not_connected")

        let allowed = CLI()
        try allowed.importService(service(allowed: echo, answer: echo.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
        _ = try allowed.ok("new", "instance", "--name", "I")
        _ = try allowed.ok("connect", "i")
        let arrived = try JSONDecoder().decode(InvokeTests.Echo.self, from: Data(try allowed.ok("invoke", "i", "/x").utf8))
        #expect(arrived.path == "/x" && arrived.headers["authorization"] == "Bearer AT-instance")
    }
}
