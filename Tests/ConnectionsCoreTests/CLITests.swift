import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct CLITests {
    @Test func servicesListTheCatalog() throws {
        let cli = CLI()
        let text = try cli.ok("services")
        #expect(text.hasPrefix("NAME"))
        #expect(text.contains("Mailchimp") && text.contains("mailchimp") && text.contains("OAuth 2"))
        let json = try JSONSerialization.jsonObject(with: Data(try cli.ok("services", "--json").utf8)) as? [[String: Any]]
        #expect((json?.count ?? 0) >= 25)
        let google = json?.first { $0["link_name"] as? String == "google" }
        #expect(google?["redirect_uri"] as? String == "http://127.0.0.1:53134/callback")
        #expect(
            Set(google?.keys.map { $0 } ?? []) == [
                "name", "link_name", "auth", "origin", "api_base", "parameters", "scopes", "redirect_uri", "categories", "register_url",
                "notes",
            ])
    }

    @Test func jsonOutputEscapesWhatNeedsIt() throws {
        let cli = CLI()
        let hostile = "Say \"hi\" \\ back/slash 日本 é"
        // Names refuse control characters; parameter values keep them (a path segment takes them percent-encoded), so they
        // are escaped in the JSON.
        try cli.importService("name: Pathy\nlink_name: pathy\nauth: basic\napi_base: https://api.example.com/{shop}\nparameters: [shop]\n")
        _ = try cli.ok("new", "pathy", "--name", hostile, "--link", "hostile", "--param", "shop=line\nbreak\ttab\u{1}")
        let listed = try JSONSerialization.jsonObject(with: Data(try cli.ok("list", "--json").utf8)) as? [[String: Any]]
        #expect(listed?.first?["name"] as? String == hostile)
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "hostile", "--json").utf8)) as? [String: Any]
        #expect(shown?["name"] as? String == hostile)
        #expect((shown?["parameters"] as? [String: String]) == ["shop": "line\nbreak\ttab\u{1}"])
    }

    @Test func theIssuesWalkthrough() throws {
        let cli = CLI()
        let file = cli.home.url.appendingPathComponent("mailchimp.yaml")
        try FileManager.default.createDirectory(at: cli.home.url, withIntermediateDirectories: true)
        try ServiceFileTests.mailchimp.replacingOccurrences(of: "mailchimp_custom", with: "chimp").write(
            to: file, atomically: false, encoding: .utf8)
        let imported = try cli.ok("service", "import", file.path)
        #expect(imported.contains("Stored service 'MailChimp' (link name chimp)."))
        #expect(imported.contains("Redirect URI to register at the provider: http://127.0.0.1:53134/callback"))
        let exported = try cli.ok("service", "export", "chimp")
        #expect(!exported.contains("s3cr3t-value"))
        #expect(try cli.ok("service", "export", "chimp", "--include-secrets").contains("s3cr3t-value"))
        #expect(try cli.ok("service", "show", "chimp").contains("client_secret: \"********\""))

        let created = try cli.ok("new", "chimp", "--name", "MailChimp marketing", "--param", "dc=us21")
        #expect(created.contains("link name mailchimp_marketing"))
        #expect(created.contains("status Not connected"))
        let list = try cli.ok("list")
        #expect(list.contains("mailchimp_marketing") && list.contains("Not connected"))
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "mailchimp_marketing", "--json").utf8)) as? [String: Any]
        #expect(shown?["status"] as? String == "not_connected")
        #expect(shown?["service"] as? String == "chimp")
        #expect(shown?["expires_at"] is NSNull)
        #expect((shown?["parameters"] as? [String: String]) == ["dc": "us21"])

        let snippet = try cli.ok("snippet", "mailchimp_marketing", "--url", "/campaigns", "--param", "count=10")
        #expect(snippet.contains("\turl: \"https://us21.api.mailchimp.com/3.0/campaigns\""))
        #expect(snippet.contains("\tconnection: \"mailchimp_marketing\""))
        let curl = try cli.ok(
            "snippet", "mailchimp_marketing", "--url", "/campaigns", "-X", "post", "--lang", "curl", "--header", "Accept: application/json")
        #expect(curl.hasPrefix("curl -sS -X POST https://us21.api.mailchimp.com/3.0/campaigns"))
        #expect(curl.contains("-H 'Accept: application/json'"))

        #expect(try cli.run("service", "delete", "chimp").status != 0)
        _ = try cli.ok("delete", "mailchimp_marketing")
        _ = try cli.ok("service", "delete", "chimp")
        #expect(try cli.ok("list").hasPrefix("No connections yet"))
    }

    @Test func badInputFailsWithAnActionableMessageOnStderr() throws {
        let cli = CLI()
        let missing = try cli.run("show", "nope")
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("No connection with link name 'nope'. `connections list` shows them."))

        let badFile = cli.home.url.appendingPathComponent("bad.yaml")
        try FileManager.default.createDirectory(at: cli.home.url, withIntermediateDirectories: true)
        let badYAML =
            "name: X\nlink_name: x\nauth: oauth2\noauth2:\n  client_id: a\n  token_url: https://a.test/t\n"
            + "  authorize_url: https://a.test/a\n  colour: blue\n"
        try badYAML.write(to: badFile, atomically: false, encoding: .utf8)
        let rejected = try cli.run("service", "import", badFile.path)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("bad.yaml:8: oauth2.colour: unknown key"))
        #expect(try cli.home.store().customServices().isEmpty)
        let unreadable = try cli.run("service", "import", "/nonexistent/service.yaml")
        #expect(unreadable.status == 64 && unreadable.stderr.contains("Cannot read /nonexistent/service.yaml"), "\(unreadable.stderr)")
        // `-` reads the file from stdin, and its errors name it <stdin>.
        #expect(try cli.run("service", "import", "-", input: badYAML).stderr.contains("<stdin>:8: oauth2.colour: unknown key"))

        let badLink = try cli.run("new", "google", "--name", "G", "--link", "Bad-Link")
        #expect(badLink.status == 1)
        #expect(badLink.stderr.contains("link_name: Link name must start with a lowercase letter"))

        let shopify = try cli.run("new", "shopify", "--name", "Shop")
        #expect(shopify.stderr.contains("Shopify needs a value for 'shop'. Give it with --param shop=...."), "\(shopify.stderr)")
        let unknownParameter = try cli.run("new", "google", "--name", "G", "--param", "shop=x")
        #expect(unknownParameter.stderr.contains("Google has no parameter 'shop'; it takes none."))

        let badArgument = try cli.run("snippet", "x", "--lang", "cobol")
        #expect(badArgument.status == 64)
        #expect(try cli.run("list").stdout.hasPrefix("No connections yet"))
    }

    @Test func catalogConnectionsAskForTheirOwnClientAndKeepTheSecret() throws {
        let cli = CLI()
        let refused = try cli.run("new", "google", "--name", "Work Google")
        #expect(refused.status == 1 && refused.stderr.contains("Google needs the client ID of an app you register at"))
        #expect(refused.stderr.contains("http://127.0.0.1:53134/callback"))
        _ = try cli.ok("new", "google", "--name", "Work Google", "--client-id", "first-app")
        let edited = try cli.run(
            "edit", "work_google", "--client-id", "my-app", "--client-secret-stdin", input: "client-secret-from-stdin\n")
        #expect(edited.status == 0, "\(edited.stderr)")
        let shown = try cli.ok("show", "work_google")
        #expect(shown.contains("my-app"))
        #expect(shown.contains("******** (stored encrypted)"))
        #expect(!shown.contains("client-secret-from-stdin"))
        let stored = try cli.home.store().connection("work_google")
        #expect(stored?.clientSecret?.exposedValue == "client-secret-from-stdin")
        let json = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "work_google", "--json").utf8)) as? [String: Any]
        #expect(json?["client_id"] as? String == "my-app" && json?["client_id_source"] as? String == "connection")
        #expect(stored?.scopes == (try Catalog.bundled().service("google")?.auth.oauth2?.scopes))
    }

    @Test func derivedLinkNamesStayUnique() throws {
        let cli = CLI()
        #expect(try cli.ok("new", "twilio", "--name", "Twilio!").contains("link name twilio"))
        let second = try cli.ok("new", "twilio", "--name", "twilio")
        #expect(second.contains("link name twilio_2"))
        #expect(second.contains("The link name twilio was taken, so this one is twilio_2; give --link to choose another."))
        let duplicate = try cli.run("new", "twilio", "--name", "Other", "--link", "twilio")
        #expect(duplicate.stderr.contains("A connection with link name 'twilio' already exists"))
    }

    @Test func aConnectionWithoutItsOwnClientSaysWhereOneComesFrom() throws {
        let cli = CLI()
        _ = try cli.ok("new", "google", "--name", "Catalog one", "--client-id", "passing")
        _ = try cli.ok("edit", "catalog_one", "--client-id", "")
        try cli.importService(
            "name: Own\nlink_name: own\nauth: oauth2\noauth2: {client_id: svc-app, authorize_url: \"https://e.test/a\", token_url: "
                + "\"https://e.test/t\"}\n"
        )
        _ = try cli.ok("new", "own", "--name", "Own one")
        func shown(_ link: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(try cli.ok("show", link, "--json").utf8)) as? [String: Any] ?? [:]
        }
        #expect(try shown("catalog_one")["client_id"] is NSNull && shown("catalog_one")["client_id_source"] is NSNull)
        #expect(try shown("own_one")["client_id"] is NSNull && shown("own_one")["client_id_source"] as? String == "service")
    }

    @Test func reimportingAServiceSaysToReplace() throws {
        let cli = CLI()
        let yaml = "name: Own\nlink_name: own\nauth: basic\napi_base: https://e.test\n"
        try cli.importService(yaml)
        let file = cli.home.url.appendingPathComponent("again.yaml")
        try yaml.write(to: file, atomically: false, encoding: .utf8)
        let again = try cli.run("service", "import", file.path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists. To change it, import again with --replace"), "\(again.stderr)")
        #expect(!again.stderr.contains("--link"))
        #expect(try cli.run("service", "import", file.path, "--replace").status == 0)
    }
}
