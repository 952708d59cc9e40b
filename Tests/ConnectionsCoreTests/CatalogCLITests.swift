import Foundation
import Testing
@testable import ConnectionsCore

/// Pick Your Service from the command line: filters, a service's registration facts, and a connection refused
/// until it has a client.
@Suite struct CatalogCLITests {
    func services(_ cli: CLI, _ arguments: String...) throws -> [[String: Any]] {
        let result = try cli.run(["services", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let output = result.stdout
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
    }

    @Test func servicesFilterByCategoryAndAuthType() throws {
        let cli = CLI()
        let all = try services(cli)
        #expect(all.count >= 150)
        let crm = try services(cli, "--category", "crm")
        #expect(!crm.isEmpty && crm.count < all.count)
        #expect(crm.allSatisfy { ($0["categories"] as? [String])?.contains("crm") == true })
        let keys = try services(cli, "--auth", "api_key")
        #expect(!keys.isEmpty && keys.allSatisfy { $0["auth"] as? String == "api_key" })
        let both = try services(cli, "--category", "crm", "--auth", "oauth2")
        #expect(both.count <= crm.count && both.allSatisfy { $0["auth"] as? String == "oauth2" })
        let unknown = try cli.run("services", "--category", "no-such-thing")
        #expect(unknown.status != 0 && unknown.stderr.contains("Categories:") && unknown.stderr.contains("crm"), "\(unknown.stderr)")
        #expect(all.allSatisfy { $0["notes"] is String && $0["categories"] is [String] })
    }

    @Test func serviceShowSaysWhereToRegisterAndWhatItAsks() throws {
        let cli = CLI()
        let shown = try cli.ok("service", "show", "google_ads")
        #expect(shown.contains("Where to register an app: https://console.cloud.google.com/apis/credentials"))
        #expect(shown.contains("Redirect URI to register: http://127.0.0.1:53134/callback"))
        #expect(shown.contains("Asks for: {developer_token}, {login_customer_id}"))
        #expect(shown.contains("Notes: Register an app at"))
    }

    @Test func aCatalogConnectionWithoutAClientIsRefusedAtCreation() throws {
        let cli = CLI()
        let refused = try cli.run("new", "hubspot", "--name", "Sales")
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("HubSpot needs the client ID of an app you register at https://app.hubspot.com/developer"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("http://127.0.0.1:53134/callback") && refused.stderr.contains("--client-id"))
        #expect(try cli.ok("list", "--json").trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "nothing was created")
        _ = try cli.ok("new", "hubspot", "--name", "Sales", "--client-id", "my-app")
    }

    /// A per-shop service (as Shopify is): the connection's parameter fills the API base in `snippet` and `invoke`.
    @Test func aPerShopServiceFillsItsURLFromTheParameter() throws {
        let echo = try BackgroundServer.echo()
        let cli = CLI()
        try cli.importService(
            """
            name: Local shop
            link_name: local_shop
            auth: api_key
            api_base: "http://127.0.0.1:\(echo.readyLine)/{shop}/admin/api"
            parameters: [shop]
            api_key:
              - {key: X-Shop-Token, label: Admin API token, placement: header}
            """)
        _ = try cli.ok("new", "local_shop", "--name", "Acme shop", "--param", "shop=acme")
        _ = try cli.ok("connect", "acme_shop", "--key-stdin", input: "shpat-123\n")
        let snippet = try cli.ok("snippet", "acme_shop", "--lang", "curl", "--url", "/products.json")
        #expect(snippet.contains("http://127.0.0.1:\(echo.readyLine)/acme/admin/api/products.json"), "\(snippet)")
        let invoked = try cli.ok("invoke", "acme_shop", "/products.json")
        let json = try JSONSerialization.jsonObject(with: Data(invoked.utf8)) as? [String: Any]
        #expect(json?["path"] as? String == "/acme/admin/api/products.json")
        #expect((json?["headers"] as? [String: String])?["x-shop-token"] == "shpat-123")
    }
}
