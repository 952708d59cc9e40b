import Foundation
import Testing
@testable import ConnectionsCore

/// `invoke` through OAuth connections against the real servers: DOT's bearer-protected endpoint (header, query, and a
/// token the server expired early: 401, one refresh, one retry) and django-oauth10a-mod's signed endpoint.
@Suite struct InvokeOAuthTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    func codeFlowConnection(extra: String = "") throws -> CLI {
        let cli = CLI()
        try cli.importService(server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret", extra: extra))
        _ = try cli.ok("new", "test", "--name", "Test one")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        return cli
    }

    @Test func bearerInTheHeaderAndAnExpiredTokenIsRefreshedOnceAndRetried() throws {
        let cli = try codeFlowConnection()
        let me = json(try cli.ok("invoke", "test_one", "/api/me", "-p", "n=1"))
        #expect(me["user"] as? String == "alice")
        #expect((me["query"] as? [String: [String]])?["n"] == ["1"])

        let old = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        _ = try ChildProcess.run("/usr/bin/curl", ["-sS", "-d", "token=\(old)", server.base + "/test/expire"])
        #expect(try server.me(token: old).status == 401, "the server now refuses the token we still think valid")
        let retried = try cli.run("invoke", "test_one", "/api/me", "-X", "POST", "-p", "a=b")
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(json(retried.stdout)["body"] as? String == "a=b")
        let new = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        let newStatus = try server.me(token: new).status
        #expect(new != old && newStatus == 200)
    }

    @Test func bearerInTheQuery() throws {
        let cli = try codeFlowConnection(extra: "  token_placement: query\n  token_parameter: access_token")
        let me = json(try cli.ok("invoke", "test_one", "/api/me"))
        #expect(me["user"] as? String == "alice")
        #expect((me["query"] as? [String: [String]])?["access_token"]?.first?.isEmpty == false)
    }

    /// An endpoint that refuses every token: one refresh, one retry, then the provider's words and exit code 4.
    @Test func aRefusalAfterTheRetryEndsWithTheProvidersWords() throws {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(
                link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials", allowedHosts: [echo]))
        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.ok("connect", "test_one")
        let before = try cli.ok("token", "test_one")
        let result = try cli.run("invoke", "test_one", echo + "/basic/refuses-bearer")
        #expect(result.status == 4)
        #expect(result.stderr == "Error: HTTP 401 from 127.0.0.1: Wrong username or password.\n", "\(result.stderr)")
        #expect(try cli.ok("token", "test_one") != before, "the 401 led to one new token")
    }

    /// Mailchimp's kind of hook, as data: after connecting, a GET fills a token field that the API base needs.
    @Test func afterConnectLookupFillsAPlaceholder() throws {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        func service(_ lookupURL: String) -> String {
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials")
                .replacingOccurrences(
                    of: "api_base: \(server.base)\n",
                    with: """
                        api_base: \(echo)/{account_user}
                        token_fields: [account_user]
                        after_connect:
                          - url: \(lookupURL)
                            fields: {account_user: client_id}

                        """)
        }
        let cli = CLI()
        try cli.importService(service(server.base + "/api/me"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.ok("connect", "test_one")
        let echoed = try JSONDecoder().decode(InvokeTests.Echo.self, from: Data(try cli.ok("invoke", "test_one", "/items").utf8))
        #expect(echoed.path == "/machine-app/items")

        let broken = CLI()
        try broken.importService(service(server.base + "/api/missing"))
        _ = try broken.ok("new", "test", "--name", "Test one")
        let connect = try broken.run("connect", "test_one")
        #expect(
            connect.status == 0 && connect.stderr.contains("Connected, but account_user could not be read from \(server.base)/api/missing"),
            "\(connect.stderr)")
        #expect(try broken.run("invoke", "test_one", "/items").stderr.contains("The URL needs {account_user}"))
    }

    func oauth1Service(_ cli: CLI, placement: String = "header") throws {
        try cli.importService(
            """
            name: Test OAuth 1
            link_name: one
            auth: oauth1
            api_base: \(server.base)/oauth1
            oauth1:
              consumer_key: oauth1-consumer
              consumer_secret: oauth1-secret
              request_token_url: \(server.base)/oauth1/request_token/
              authorize_url: \(server.base)/oauth1/authorize/
              access_token_url: \(server.base)/oauth1/access_token/
              placement: \(placement)
              redirect_port: 0
            """)
        _ = try cli.ok("new", "one", "--name", "First")
    }

    @Test(arguments: ["header", "query"])
    func oauth1ThreeLeggedFlowThenSignedCalls(placement: String) throws {
        let cli = CLI()
        try oauth1Service(cli, placement: placement)
        let connect = try cli.run(["connect", "first"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let me = json(try cli.ok("invoke", "first", "/api/me", "-p", "photo=vacation 1.jpg"))
        #expect(me["user"] as? String == "alice")
        #expect(me["signed_in"] as? String == placement)
        #expect((me["query"] as? [String: [String]])?["photo"] == ["vacation 1.jpg"])
        let post = json(try cli.ok("invoke", "first", "/api/me", "-X", "POST", "-p", "a=b c"))
        #expect(post["method"] as? String == "POST" && post["user"] as? String == "alice")
        let stored = try #require(try cli.home.store().connection("first")?.tokens)
        #expect(stored.tokenSecret != nil && stored.tokenType == "OAuth1")

        // The snippet a user copies runs as it is: it hands the signing to `connections invoke`.
        let snippet = try cli.ok(
            "snippet", "first", "--lang", "curl", "--url", "/api/me", "-X", "POST", "--param", "note=it's @home", "--body", "@literal")
        var environment = cli.environment
        environment["PATH"] =
            URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let ran = try ChildProcess.run("/bin/bash", ["-c", snippet], environment: environment)
        #expect(ran.status == 0, "\(snippet)\n\(ran.stderr)")
        #expect(json(ran.stdout)["user"] as? String == "alice")
        #expect((json(ran.stdout)["query"] as? [String: [String]])?["note"] == ["it's @home"], "with a body, parameters go in the query")
    }

    @Test func oauth1OutOfBandVerifierIsPasted() async throws {
        let cli = CLI()
        try oauth1Service(cli)
        let running = try cli.start(["connect", "first", "--no-browser"])
        let urlLine = try #require(await running.stderrLine { $0.hasPrefix("  http") })
        let copied = cli.home.url.appendingPathComponent("verifier")
        let person = try ChildProcess.run(
            try SnippetExecutionTests.python(),
            [OAuth2TestServer.directory.appendingPathComponent("browser.py").path, urlLine.trimmingCharacters(in: .whitespaces)],
            environment: ProcessInfo.processInfo.environment.merging(["BROWSER_STOP_AT": copied.path]) { $1 })
        #expect(person.status == 0)
        running.write(try String(contentsOf: copied, encoding: .utf8) + "\n")
        let result = running.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(json(try cli.ok("invoke", "first", "/api/me"))["user"] as? String == "alice")
    }

    @Test func oauth1RefusalIsReported() throws {
        let cli = CLI()
        try oauth1Service(cli)
        let connect = try cli.run(["connect", "first"], environment: try CLI.browser(["BROWSER_ACTION": "deny"]))
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Authorization was not granted: Access not granted by user."), "\(connect.stderr)")
        #expect(try cli.run("invoke", "first", "/api/me").stderr.contains("is Not connected"))
    }
}
