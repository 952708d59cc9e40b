import Foundation
import Testing
@testable import ConnectionsCore

/// A service from one URL against django-oauth-toolkit 3.4 on 127.0.0.1: RFC 9728 resource metadata (from a 401 or
/// by probing), RFC 8414 metadata, RFC 7591 registration, then a real sign-in, token and refresh.
@Suite struct DiscoveryTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    func discovered(_ cli: CLI, _ arguments: String...) throws -> [String: Any] {
        let result = try cli.run(["service", "discover"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func fromTheIssuerRegisterConnectAndRefresh() throws {
        let cli = CLI()
        let found = try discovered(cli, server.base + "/o", "--name", "Local DOT", "--scope", "read")
        #expect(found["issuer"] as? String == server.base + "/o" && found["registered"] as? Bool == true, "\(found)")
        let stored = try #require(try cli.home.store().customService("local_dot")?.auth.oauth2)
        #expect(!stored.clientID.isEmpty && stored.tokenURL == server.base + "/o/token/")
        #expect(stored.registrationEndpoint == server.base + "/o/register/" && stored.registrationAccessToken != nil)
        #expect(stored.pkce && stored.issuer == server.base + "/o")
        let exported = try cli.ok("service", "export", "local_dot")
        #expect(!exported.contains(stored.registrationAccessToken?.exposedValue ?? "-") && exported.contains("issuer: "))
        _ = try cli.ok("new", "local_dot", "--name", "Mine")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let token = try cli.ok("token", "mine").trimmingCharacters(in: .newlines)
        let me = try server.me(token: token)
        #expect(me.status == 200, "\(me.body)")
        let renewed = try cli.ok("token", "mine", "--refresh").trimmingCharacters(in: .newlines)
        let renewedStatus = try server.me(token: renewed).status
        #expect(renewed != token && renewedStatus == 200)
        // The server said it names itself in its answers (RFC 9207): the sign-in above was checked against it.
        #expect(stored.issuerInResponses == true)
        // RFC 7592: deleting the service deletes the client at the server, not while a connection uses it.
        #expect(try cli.run("service", "delete", "local_dot").status == 1)
        _ = try cli.ok("delete", "mine", "--keep-remote")
        let deleted = try cli.ok("service", "delete", "local_dot")
        #expect(deleted.contains("Deleted the client registration at \(stored.registrationClientURI ?? "?")"), "\(deleted)")
        let gone = try ChildProcess.run(
            "/usr/bin/curl",
            [
                "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                "Authorization: Bearer \(stored.registrationAccessToken?.exposedValue ?? "")", stored.registrationClientURI ?? "",
            ])
        #expect(gone.stdout != "200", "the registration is gone at the server: HTTP \(gone.stdout)")
    }

    /// RFC 9207 §2.4: an `iss` that is not the stored issuer is refused, and so is none from a server that sends it.
    @Test func theCallbacksIssuerMustBeTheStoredOne() throws {
        var settings = OAuth2Settings()
        settings.clientID = "app"
        settings.authorizeURL = "https://as.test/authorize"
        settings.tokenURL = "https://as.test/token"
        settings.issuer = "https://as.test"
        let service = Service(name: "AS", linkName: "as", auth: .oauth2(settings))
        let client = try OAuth2Client(service: service, connection: Connection(name: "A", linkName: "a", serviceLinkName: "as"))
        let request = try AuthorizationRequest(client: client, redirectURI: "http://127.0.0.1/callback", state: "s1")
        #expect(try request.code(fromQuery: ["state": "s1", "code": "c", "iss": "https://as.test"]) == "c")
        #expect(try request.code(fromQuery: ["state": "s1", "code": "c"]) == "c", "without the metadata's promise, iss may be absent")
        #expect(throws: ConnectError.issuerMismatch(expected: "https://as.test", got: "https://evil.test")) {
            try request.code(fromQuery: ["state": "s1", "code": "c", "iss": "https://evil.test"])
        }
        settings.issuerInResponses = true
        let strict = try AuthorizationRequest(
            client: try OAuth2Client(
                service: Service(name: "AS", linkName: "as", auth: .oauth2(settings)),
                connection: Connection(name: "A", linkName: "a", serviceLinkName: "as")),
            redirectURI: "http://127.0.0.1/callback", state: "s1")
        #expect(throws: ConnectError.issuerMismatch(expected: "https://as.test", got: "none")) {
            try strict.code(fromQuery: ["state": "s1", "code": "c"])
        }
    }

    @Test func fromTheProtectedEndpointsChallenge() throws {
        let cli = CLI()
        let found = try discovered(cli, server.base + "/api/me", "--name", "Me API")
        #expect(found["resource"] as? String == server.base + "/api/me", "\(found)")
        let steps = found["steps"] as? [String] ?? []
        #expect(steps.first?.contains("answered 401 naming its resource metadata") == true, "\(steps)")
        let stored = try #require(try cli.home.store().customService("me_api")?.auth.oauth2)
        #expect(stored.resource == server.base + "/api/me")
        _ = try cli.ok("new", "me_api", "--name", "Me")
        #expect(try cli.run(["connect", "me"], environment: try CLI.browser()).status == 0)
        let me = try server.me(token: try cli.ok("token", "me").trimmingCharacters(in: .newlines))
        #expect(
            me.status == 200 && me.body["resource"] as? [String] == [server.base + "/api/me"], "the token is for the resource: \(me.body)")
    }

    @Test func byProbingTheWellKnownAddress() throws {
        let cli = CLI()
        let found = try discovered(cli, server.base + "/test/stats", "--name", "Probed", "--no-register")
        let steps = found["steps"] as? [String] ?? []
        #expect(steps.contains { $0.contains("/.well-known/oauth-protected-resource/test/stats") }, "\(steps)")
        #expect(found["registered"] as? Bool == false)
        let refused = try cli.run("new", "probed", "--name", "P")
        #expect(refused.status == 1 && refused.stderr.contains("--client-id"), "without registration each connection brings its client")
        _ = try cli.ok("new", "probed", "--name", "P", "--client-id", "confidential-app")
        // --update: discover again, show what changed, then save (a hand edit of the token URL is put right).
        let edited = try cli.ok("service", "export", "probed").replacingOccurrences(of: "/o/token/", with: "/o/old-token/")
        let file = cli.home.url.appendingPathComponent("probed.yaml")
        try edited.write(to: file, atomically: false, encoding: .utf8)
        _ = try cli.ok("service", "import", file.path, "--replace")
        let url = server.base + "/test/stats"
        let shown = try cli.ok("service", "discover", url, "--update", "probed", "--dry-run")
        #expect(
            shown.contains("oauth2.token_url: \(server.base)/o/old-token/ -> \(server.base)/o/token/") && shown.contains("Not saved"),
            "\(shown)")
        #expect(try cli.home.store().customService("probed")?.auth.oauth2?.tokenURL == server.base + "/o/old-token/")
        #expect(try cli.ok("service", "discover", url, "--update", "probed").contains("Updated service probed (1 change)."))
        #expect(try cli.home.store().customService("probed")?.auth.oauth2?.tokenURL == server.base + "/o/token/")
        #expect(try cli.ok("service", "discover", url, "--update", "probed").contains("No changes"))
    }

    /// An OpenID Connect provider without registration: OIDC discovery (the appended form) fills the service, and each
    /// connection must bring its client, as the messages say.
    @Test func anOpenIDProviderWithoutRegistration() throws {
        let oidc = try OAuth2TestServer(oidcOnly: true)
        let cli = CLI()
        let result = try cli.run("service", "discover", oidc.base + "/o", "--name", "OIDC only")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("\(oidc.base)/o/.well-known/openid-configuration: authorization server \(oidc.base)/o"),
            "\(result.stdout)")
        #expect(result.stdout.contains("No client was registered: give one to each connection"))
        let stored = try #require(try cli.home.store().customService("oidc_only")?.auth.oauth2)
        #expect(stored.clientID.isEmpty && stored.registrationEndpoint == nil && stored.tokenURL == oidc.base + "/o/token/")
        let refused = try cli.run("new", "oidc_only", "--name", "Mine")
        #expect(refused.status == 1 && refused.stderr.contains("--client-id"), "\(refused.stderr)")
        _ = try cli.ok("new", "oidc_only", "--name", "Mine", "--client-id", "confidential-app")
        let connected = try cli.run(
            ["edit", "mine", "--client-secret-stdin"], input: "confidential-secret\n")
        #expect(connected.status == 0, "\(connected.stderr)")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let withDocument = try cli.run(
            "service", "discover", oidc.base + "/o", "--name", "Doc", "--client-metadata-url", "https://client.connections.test/c.json")
        #expect(
            withDocument.status != 0 && withDocument.stderr.contains("does not accept Client ID Metadata Documents"),
            "\(withDocument.stderr)")
    }

    /// Client ID Metadata Documents: the user's https URL is the client ID, and DOT fetches the printed document from
    /// it (through the tests' stand-in for that host); no registration, no secret, PKCE.
    @Test func aClientIDMetadataDocumentInsteadOfRegistration() throws {
        let cli = CLI()
        let url = "https://client.connections.test/\(UUID().uuidString)/client.json"
        let found = try discovered(cli, server.base + "/o", "--name", "By document", "--client-metadata-url", url)
        #expect(found["registered"] as? Bool == false)
        let document = try #require(found["client_metadata"] as? String)
        let stored = try #require(try cli.home.store().customService("by_document")?.auth.oauth2)
        #expect(stored.clientID == url && stored.clientSecret == nil && stored.registrationClientURI == nil)
        let published = try ChildProcess.curl(["--data-binary", document, server.base + "/test/cimd"])
        #expect(published.status == 200, "\(published.body)")
        _ = try cli.ok("new", "by_document", "--name", "Doc")
        let connect = try cli.run(["connect", "doc"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let me = try server.me(token: try cli.ok("token", "doc").trimmingCharacters(in: .newlines))
        #expect(me.status == 200 && me.body["client_id"] as? String == url, "\(me.body)")
        let renewed = try cli.ok("token", "doc", "--refresh").trimmingCharacters(in: .newlines)
        #expect(try server.me(token: renewed).status == 200)
        for bad in ["http://client.connections.test/c.json", "https://client.connections.test/", "https://a.test/c.json#x"] {
            let refused = try cli.run("service", "discover", server.base + "/o", "--link", "bad", "--client-metadata-url", bad)
            #expect(refused.status != 0 && refused.stderr.contains("cannot be a client ID"), "\(bad): \(refused.stderr)")
        }
    }

    @Test func onlyHTTPSOrLoopback() async throws {
        await #expect(throws: DiscoveryError.self) { try await Discovery().discover("http://example.com/.well-known/x") }
        #expect(throws: DiscoveryError.self) { try Discovery.allowed("ftp://127.0.0.1/x") }
        #expect(try Discovery.allowed("http://127.0.0.1:8080/o").host == "127.0.0.1")
        #expect(
            Discovery.resourceMetadataURL(#"Bearer error="invalid_token", resource_metadata="https://a.test/.well-known/x""#)
                == "https://a.test/.well-known/x")
        let challenge =
            #"Bearer error="insufficient_scope", xscope="no", scope="files:read files:write", resource_metadata="https://a.test/m""#
        #expect(Discovery.challengeParameter("scope", in: challenge) == "files:read files:write")
        #expect(Discovery.challengeParameter("scope", in: #"Bearer realm="x""#) == nil)
        #expect(
            Discovery.wellKnown("oauth-protected-resource", for: URL(string: "https://a.test/mcp?x=1")!).map(\.absoluteString)
                == ["https://a.test/.well-known/oauth-protected-resource/mcp", "https://a.test/.well-known/oauth-protected-resource"])
    }
}

/// Discovery against answers no honest server gives (the echo server plays them): nothing is stored, and the
/// message says why.
@Suite struct HostileDiscoveryTests {
    func refusal(_ path: String, in echo: BackgroundServer) throws -> String {
        let cli = CLI()
        let result = try cli.run("service", "discover", "http://127.0.0.1:\(echo.readyLine)/\(path)", "--no-register")
        #expect(result.status == 1, "\(path): \(result.stdout)")
        #expect(try cli.ok("services", "--json").contains("\"origin\": \"custom\"") == false, "nothing was stored")
        return result.stderr
    }

    @Test func mismatchedIssuerNoS256HugeDocumentsOtherOriginsAndSilence() async throws {
        let echo = try BackgroundServer.echo()
        #expect(try refusal("mismatch", in: echo).contains("says its issuer is https://evil.test"))
        #expect(try refusal("nos256", in: echo).contains("does not offer PKCE with S256 (it lists plain)"))
        let big = try refusal("big", in: echo)
        #expect(big.contains("larger than") || big.contains("No authorization server metadata"), "\(big)")
        // A redirect to another origin (localhost is not 127.0.0.1) is not followed: its 302 is all there is.
        let other = "http://localhost:\(echo.readyLine)/.well-known/oauth-authorization-server/elsewhere"
        let redirected = try refusal("redirect?status=302&to=" + other, in: echo)
        #expect(redirected.contains("answered 302") && !redirected.contains("elsewhere: authorization server"), "\(redirected)")
        // A server that never answers: each document has a deadline (10 s; 1 s here), and the error says so.
        let silent = "http://127.0.0.1:\(echo.readyLine)/silent"
        await #expect(throws: HTTPError.timedOut(host: "127.0.0.1:\(echo.readyLine)", seconds: 1)) {
            try await Discovery(documentTimeout: 1).discover(silent)
        }
        let plain = try CLI().run("service", "discover", "http://example.com/o")
        #expect(plain.status == 1 && plain.stderr.contains("plain http only for 127.0.0.1"), "\(plain.stderr)")
    }

    /// What the echo server was asked so far, as "METHOD HOST PATH".
    static func requests(_ echo: BackgroundServer) throws -> [String] {
        let answer = try ChildProcess.curl(["http://127.0.0.1:\(echo.readyLine)/requests"])
        return try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String] ?? []
    }

    /// RFC 9728 §3.3: the resource metadata speaks for the URL it was fetched for, not for another origin.
    @Test func resourceMetadataForAnotherResource() throws {
        let echo = try BackgroundServer.echo()
        let refused = try refusal("other-resource", in: echo)
        #expect(
            refused.contains("names the resource https://evil.test/api, not http://127.0.0.1:\(echo.readyLine)/other-resource"),
            "\(refused)")
    }

    /// The registration answer is checked before anything is stored: management only on the registration endpoint's
    /// origin, a client ID on one line and of a size a service file holds.
    @Test func registrationAnswersThatCannotBeKept() throws {
        let echo = try BackgroundServer.echo()
        let base = "http://127.0.0.1:\(echo.readyLine)"
        for (name, reason) in [
            ("elsewhere", "its registration_client_uri http://localhost:\(echo.readyLine)/admin/delete-everything is not on \(base)"),
            ("crlf", "its client_id holds a line break or another control character"),
            ("huge", "its client_id is 256000 characters long; at most 2048 are kept"),
        ] {
            let cli = CLI()
            let result = try cli.run("service", "discover", "\(base)/\(name)", "--link", name)
            #expect(result.status == 1 && result.stderr.contains(reason), "\(name): \(result.stderr)")
            #expect(result.stderr.utf8.count < 2000, "\(name): the message does not carry the client ID")
            let lines = (result.stdout + result.stderr).split(whereSeparator: \.isNewline)
            #expect(!lines.contains { $0.hasPrefix("Registered a client (admin)") }, "\(name): no forged line")
            #expect(try cli.home.store().customService(name) == nil, "\(name): nothing stored")
        }
        let requests = try Self.requests(echo)
        #expect(!requests.contains { $0.contains("/admin/") }, "\(requests)")
        #expect(
            requests.contains("DELETE 127.0.0.1:\(echo.readyLine) /register/crlf/client"),
            "a client that cannot be kept is deleted where the server said: \(requests)")
    }

    /// A service the validator would refuse is refused before a client is registered for it at the server.
    @Test func aServiceThatCannotBeStoredIsNotRegistered() throws {
        let echo = try BackgroundServer.echo()
        let cli = CLI()
        let result = try cli.run("service", "discover", "http://127.0.0.1:\(echo.readyLine)/javascript-endpoint", "--link", "js")
        #expect(result.status == 1 && result.stderr.contains("oauth2.authorize_url: Authorize URL is not a valid URL"), "\(result.stderr)")
        #expect(try cli.home.store().customService("js") == nil)
        let requests = try Self.requests(echo)
        #expect(!requests.contains { $0.hasPrefix("POST") }, "\(requests)")
    }

    /// A document from another machine cannot point discovery, or the registration, at this one. Tests reach only
    /// 127.0.0.1, so here `localhost` plays another machine (the echo server answers on both names) and only 127.0.0.1
    /// counts as this machine; the user's own loopback URL may still name loopback addresses.
    @Test func anotherMachinesDocumentCannotPointAtThisOne() async throws {
        let echo = try BackgroundServer.echo()
        let port = echo.readyLine
        let discovery = Discovery(isThisMachine: { $0.host == "127.0.0.1" })
        for (path, named) in [
            ("loopback-pointer", "http://127.0.0.1:\(port)/internal/admin?drop=all"),
            ("loopback-servers", "http://127.0.0.1:\(port)/honest"),
            ("loopback-registration", "http://127.0.0.1:\(port)/register/ok"),
        ] {
            let url = "http://localhost:\(port)/\(path)"
            await #expect(throws: DiscoveryError.pointsAtThisMachine(url: named, from: url), "\(path)") {
                try await discovery.discover(url)
            }
        }
        let requests = try Self.requests(echo)
        #expect(!requests.contains { $0.contains("/internal/admin") || $0.contains("/honest") }, "\(requests)")
        let local = try await Discovery().discover("http://127.0.0.1:\(port)/loopback-servers")
        #expect(local.server.issuer == "http://127.0.0.1:\(port)/honest", "a loopback URL may lead to loopback")
    }
}
