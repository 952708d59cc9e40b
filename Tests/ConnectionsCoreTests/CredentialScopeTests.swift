import Foundation
import Testing
@testable import ConnectionsCore

/// Credentials go only to the service's own origins, never across a redirect to another one, and never into an
/// error message: through the built binary, against two echo servers on 127.0.0.1 (the service's, and another).
@Suite struct CredentialScopeTests {
    /// A second echo server: "another origin" that must never see a credential.
    static let other: Result<BackgroundServer, any Error> = Result {
        try BackgroundServer.echo()
    }

    let base: String
    let port: String
    let otherBase: String

    init() throws {
        port = try InvokeTests.echo.get().readyLine
        base = "http://127.0.0.1:" + port
        otherBase = "http://127.0.0.1:" + (try Self.other.get().readyLine)
    }

    /// An API key service on the first echo server with a header, a query and a form credential.
    func keyed(allowedHosts: String = "") throws -> CLI {
        try CLI.withKeyedConnection(
            """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: \(base)/v1
            \(allowedHosts)
            api_key:
              - {key: X-Api-Key, label: API key, placement: header}
              - {key: account, label: Account ID, placement: query}
              - {key: token, label: Form token, placement: form}
            """, service: "keyed", name: "Keyed one", keys: ["SECRET-KEY", "SECRET-ACCOUNT", "SECRET-FORM"])
    }

    func echoed(_ result: ChildProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> InvokeTests.Echo {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(InvokeTests.Echo.self, from: Data(result.stdout.utf8))
    }

    @Test func otherOriginsAreRefusedBeforeAnythingIsSent() throws {
        let cli = try keyed()
        let thief = otherBase.replacingOccurrences(of: "http://", with: "")
        for url in [
            "http://\(thief)/steal", "http://localhost:\(port)/v1/x", "http://127.1:\(port)/v1/x", "http://2130706433:\(port)/v1/x",
            "http://0x7f000001:\(port)/v1/x", "https://127.0.0.1:\(port)/v1/x", "http://example.com/v1/x",
        ] {
            let result = try cli.run("invoke", "keyed_one", url)
            #expect(result.status == 1, "\(url): \(result.stdout)")
            #expect(result.stdout.isEmpty, "\(url) was called")
            #expect(result.stderr.contains("Not sent to"), "\(url): \(result.stderr)")
            #expect(!result.stderr.contains("SECRET"))
        }
        let named = try cli.run("invoke", "keyed_one", "http://\(thief)/steal")
        #expect(named.stderr.contains("connection keyed_one sends its credentials only to \(base)"), "\(named.stderr)")
        #expect(named.stderr.contains("allowed_hosts"))
        let userInfo = try cli.run("invoke", "keyed_one", "http://user:pw@127.0.0.1:\(port)/v1/x")
        #expect(userInfo.status == 1 && userInfo.stderr.contains("holds a user name or password"), "\(userInfo.stderr)")
        #expect(!userInfo.stderr.contains("pw@"))
        // The service's own origin still works, relative or absolute.
        #expect(try echoed(try cli.run("invoke", "keyed_one", "\(base)/v1/x")).headers["x-api-key"] == "SECRET-KEY")
    }

    @Test func allowedHostsOpenAnotherOrigin() throws {
        let cli = try keyed(allowedHosts: "allowed_hosts: [\"\(otherBase)\"]")
        let arrived = try echoed(try cli.run("invoke", "keyed_one", "\(otherBase)/declared"))
        #expect(arrived.headers["x-api-key"] == "SECRET-KEY")
        #expect(try cli.run("invoke", "keyed_one", "http://localhost:\(port)/x").status == 1)
    }

    @Test func plainHTTPIsAllowedOnlyForLoopbackHosts() throws {
        let cli = CLI()
        let file = cli.home.url.appendingPathComponent("s.yaml")
        try FileManager.default.createDirectory(at: cli.home.url, withIntermediateDirectories: true)
        try "name: S\nlink_name: s\nauth: basic\napi_base: \(base)\nallowed_hosts: [\"http://api.example.com\"]\n".write(
            to: file, atomically: false, encoding: .utf8)
        let result = try cli.run("service", "import", file.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains(":5: allowed_hosts[0]: Allowed host 'http://api.example.com' is plain http"), "\(result.stderr)")
    }

    @Test func scopeMatchesOriginsAndWildcards() throws {
        var service = Service(
            name: "Shop", linkName: "shop", auth: .basic, apiBase: "https://{shop}.myshopify.com/admin", parameters: ["shop"])
        service.allowedHosts = ["*.cdn.example.com", "https://files.example.com:8443"]
        let connection = Connection(name: "A", linkName: "a", serviceLinkName: "shop", parameters: [KeyValue("shop", "acme")])
        let scope = CredentialScope(service: service, connection: connection)
        for good in ["https://acme.myshopify.com/x", "https://img.cdn.example.com/y", "https://files.example.com:8443/z"] {
            #expect(throws: Never.self, "\(good)") { try scope.check(URL(string: good)!) }
        }
        for bad in [
            "https://other.myshopify.com/x", "https://cdn.example.com/y", "https://files.example.com/z", "http://acme.myshopify.com/x",
            "https://acme.myshopify.com.evil.test/x",
        ] {
            #expect(throws: InvokeError.self, "\(bad)") { try scope.check(URL(string: bad)!) }
        }
    }

    /// A 302 to another origin is followed without anything the connection added; within the origin, with it.
    @Test(arguments: [302, 307])
    func redirectsToAnotherOriginCarryNoCredential(status: Int) throws {
        let cli = try keyed()
        let target = "\(otherBase)/landed".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let post = try cli.run(
            "invoke", "keyed_one", "/redirect?status=\(status)&to=\(target)", "-X", "POST", "-p", "q=1", "-H", "X-Mine: kept")
        let arrived = try echoed(post)
        #expect(arrived.path == "/landed")
        #expect(arrived.headers["x-api-key"] == nil && arrived.headers["x-mine"] == "kept", "\(arrived.headers)")
        #expect(!post.stdout.contains("SECRET"), "no credential reached the other origin: \(post.stdout)")
        if status == 307 {
            #expect(arrived.method == "POST" && arrived.form == [["q", "1"]], "the body went on without the form credential")
        } else {
            #expect(arrived.method == "GET")
        }

        let same = try echoed(try cli.run("invoke", "keyed_one", "/redirect?status=\(status)&to=%2Fv1%2Fhere"))
        #expect(same.path == "/v1/here" && same.headers["x-api-key"] == "SECRET-KEY")
        #expect(same.query.contains(["account", "SECRET-ACCOUNT"]) == false, "a redirect's own URL is used as it is")
    }

    /// Credentials the user adds as headers stay home too, as curl and the Fetch standard keep them.
    @Test func headersTheUserAddsDoNotCrossOrigins() throws {
        let cli = try keyed()
        let target = "\(otherBase)/landed".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let headers = ["Authorization: Bearer MINE", "Cookie: session=MINE", "Proxy-Authorization: Basic MINE", "X-Mine: kept"]
        let away = try cli.run(["invoke", "keyed_one", "/redirect?to=\(target)"] + headers.flatMap { ["-H", $0] })
        let arrived = try echoed(away)
        #expect(arrived.path == "/landed" && arrived.headers["x-mine"] == "kept")
        for name in ["authorization", "cookie", "proxy-authorization"] { #expect(arrived.headers[name] == nil, "\(name) crossed") }
        #expect(!away.stdout.contains("MINE"))

        let home = try echoed(try cli.run(["invoke", "keyed_one", "/redirect?to=%2Fv1%2Fhere"] + headers.flatMap { ["-H", $0] }))
        #expect(home.headers["authorization"] == "Bearer MINE" && home.headers["cookie"] == "session=MINE")
    }

    @Test func anOAuthTokenInACustomHeaderStaysHome() throws {
        let server = try OAuth2TestServer.shared.get()
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(
                link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials",
                extra: "  token_parameter: X-Shopify-Access-Token\n  token_prefix: \"\"", allowedHosts: [base]))
        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.ok("connect", "test_one")
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        let target = "\(otherBase)/landed".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let home = try echoed(try cli.run("invoke", "test_one", "\(base)/redirect?to=\(base)%2Fstill-home"))
        #expect(home.headers["x-shopify-access-token"] == token)
        let away = try cli.run("invoke", "test_one", "\(base)/redirect?to=\(target)")
        #expect(try echoed(away).headers["x-shopify-access-token"] == nil)
        #expect(!away.stdout.contains(token))
    }

    /// A token stored by an older version with a line break in it: no header is sent, and no message shows it.
    @Test func aTokenNeverAppearsInAnError() throws {
        let server = try OAuth2TestServer.shared.get()
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        try cli.home.store().saveAuthorization(
            "test_one", tokens: TokenSet(accessToken: Secret("AT-crlf\r\nX-Injected: yes"), expiresAt: Date().addingTimeInterval(3600)),
            status: .connected)
        let result = try cli.run("invoke", "test_one", "/api/me")
        #expect(result.status == 1)
        #expect(result.stderr.contains("The header Authorization holds a line break"), "\(result.stderr)")
        #expect(!result.stderr.contains("AT-crlf") && !result.stderr.contains("Injected"), "\(result.stderr)")
        let printed = try cli.run("token", "test_one")
        #expect(printed.status != 0 && printed.stdout.isEmpty, "such a token is not printed either")
        #expect(!printed.stderr.contains("AT-crlf"))
    }

    @Test func libraryErrorsBecomeOurWords() async throws {
        let url = try #require(URL(string: "\(base)/bytes"))
        var request = HTTPRequest(method: "GET", url: url)
        request.maximumBody = 100
        await #expect(throws: HTTPError.failed(host: "127.0.0.1:\(port)", reason: "the answer is larger than 100 bytes")) {
            try await HTTPClient().send(request)
        }
    }
}
