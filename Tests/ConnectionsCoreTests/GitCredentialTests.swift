import Foundation
import Testing
@testable import ConnectionsCore

/// `connections git-credential LINK get|store|erase`: git's credential helper protocol, with the real git against a
/// smart-HTTP server that takes only the OAuth 2 test server's tokens.
@Suite struct GitCredentialTests {
    /// git with only this helper configured for the git server.
    static func git(_ arguments: [String], cli: CLI, server: GitTestServer) throws -> ChildProcess.Result {
        let helper = "!\(CLI.binary) git-credential test_one"
        return try GitTestServer.run(
            ["-c", "credential.helper=", "-c", "credential.\(server.origin).helper=\(helper)"] + arguments,
            environment: ["CONNECTIONS_HOME": cli.home.url.path])
    }

    /// The helper's answer to `text` on its stdin.
    static func helper(_ cli: CLI, _ link: String, _ action: String, _ text: String) throws -> ChildProcess.Result {
        try cli.run("git-credential", link, action, input: text)
    }

    @Test func cloneAndPushAcrossAnExpiryAndARefusal() async throws {
        let oauth = try OAuth2TestServer()
        let server = try GitTestServer(oauth: oauth)
        let cli = CLI()
        try cli.importService(
            oauth.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret", allowedHosts: [server.origin]))
        _ = try cli.ok("new", "test", "--name", "Test one")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        try #require(connect.status == 0, "\(connect.stderr)")
        let work = TemporaryDirectory()
        let clone = work.url.appendingPathComponent("clone").path

        let cloned = try Self.git(["clone", "-q", server.repository, clone], cli: cli, server: server)
        try #require(cloned.status == 0, "\(cloned.stderr)")
        // A git with the authtype capability sends the token as a bearer token; an older one as Basic's password.
        let sent = try server.log().filter(\.ok)
        if GitTestServer.offersAuthtype {
            #expect(!sent.isEmpty && sent.allSatisfy { $0.scheme == "bearer" }, "\(sent)")
        } else {
            #expect(!sent.isEmpty && sent.allSatisfy { $0.scheme == "basic" && $0.user == GitCredentialHelper.defaultUsername }, "\(sent)")
        }
        let first = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)

        // The token expires between clone and push: the helper refreshes it first.
        _ = try ChildProcess.run("/usr/bin/curl", ["-sS", "-d", "token=\(first)", oauth.base + "/test/expire"])
        try await cli.expireStoredToken("test_one")
        try GitTestServer.git(["-C", clone, "commit", "-q", "--allow-empty", "-m", "second"])
        let pushed = try Self.git(["-C", clone, "push", "-q", "origin", "main"], cli: cli, server: server)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try oauth.tokenRequests()["refresh_token"] == 1)
        let second = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(second != first)

        // The server refuses a token we still think valid: that push fails, git erases it, and the next push refreshes.
        _ = try ChildProcess.run("/usr/bin/curl", ["-sS", "-d", "token=\(second)", oauth.base + "/test/expire"])
        try GitTestServer.git(["-C", clone, "commit", "-q", "--allow-empty", "-m", "third"])
        let refused = try Self.git(["-C", clone, "push", "-q", "origin", "main"], cli: cli, server: server)
        #expect(refused.status != 0 && refused.stderr.contains("Authentication failed"), "\(refused.stderr)")
        #expect(try oauth.tokenRequests()["refresh_token"] == 1, "erase refreshes nothing itself")
        let again = try Self.git(["-C", clone, "push", "-q", "origin", "main"], cli: cli, server: server)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try oauth.tokenRequests()["refresh_token"] == 2)
        let bare = server.root.url.appendingPathComponent("repo.git").path
        #expect(try GitTestServer.git(["-C", bare, "rev-list", "--count", "main"]) == "3\n")
        for result in [cloned, pushed, refused, again] {
            #expect(!result.stderr.contains(first) && !result.stderr.contains(second))
        }
    }

    @Test func theProtocolAnswers() async throws {
        let oauth = try OAuth2TestServer.shared.get()
        let cli = try CLI.signedIn(to: oauth)
        let host = "host=127.0.0.1:\(oauth.port)\n"
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)

        let plain = try Self.helper(cli, "test_one", "get", "protocol=http\n\(host)path=repo.git\nwwwauth[]=Basic realm=\"x\"\n\n")
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["username=oauth2", "password=\(token)"], "\(lines)")
        let expiry = lines.last.flatMap { $0.hasPrefix("password_expiry_utc=") ? Double($0.dropFirst(20)) : nil }
        #expect(expiry.map { $0 > Date().timeIntervalSince1970 } == true, "\(lines)")

        // A git that offers the authtype capability (2.46+) gets the bearer credential itself.
        let bearer = try Self.helper(cli, "test_one", "get", "capability[]=authtype\nprotocol=http\n\(host)\n")
        #expect(
            bearer.stdout.split(separator: "\n").prefix(4) == [
                "capability[]=authtype", "authtype=Bearer", "credential=\(token)", "ephemeral=1",
            ],
            "\(bearer.stdout)")

        for foreign in [
            "protocol=https\nhost=example.com\n", "protocol=http\nhost=127.0.0.1:1\n", "protocol=http\nhost=localhost:\(oauth.port)\n",
        ] {
            let refused = try Self.helper(cli, "test_one", "get", foreign + "\n")
            #expect(refused.stdout.isEmpty && refused.status != 0, "\(foreign): \(refused.stdout)")
            #expect(refused.stderr.contains("Nothing answered: Not sent to"), "\(refused.stderr)")
        }
        let noHost = try Self.helper(cli, "test_one", "get", "protocol=http\n\n")
        #expect(noHost.stdout.isEmpty && noHost.stderr.contains("no protocol and host"))

        #expect(try Self.helper(cli, "test_one", "store", "protocol=http\n\(host)username=oauth2\npassword=\(token)\n\n").stdout.isEmpty)
        // An erase of another token changes nothing; an erase of the current one makes the next get refresh first.
        _ = try Self.helper(cli, "test_one", "erase", "protocol=http\n\(host)username=oauth2\npassword=not-the-token\n\n")
        #expect(try cli.ok("token", "test_one").trimmingCharacters(in: .newlines) == token)
        let erased = try Self.helper(cli, "test_one", "erase", "protocol=http\n\(host)username=oauth2\npassword=\(token)\n\n")
        #expect(erased.status == 0 && erased.stdout.isEmpty && !erased.stderr.contains(token), "\(erased.stderr)")
        let renewed = try Self.helper(cli, "test_one", "get", "protocol=http\n\(host)\n")
        let password = renewed.stdout.split(separator: "\n").first { $0.hasPrefix("password=") }.map { String($0.dropFirst(9)) }
        #expect(password != nil && password != token, "\(renewed.stdout)")
        #expect(try oauth.me(token: password ?? "").status == 200)
        #expect(try cli.ok("list").contains("Test one"), "the connection is never deleted")
    }

    @Test func aServiceNamesItsGitUserNameAndKeysAndBasicAnswerToo() throws {
        let cli = try CLI.withKeyedConnection(
            """
            name: Forge
            link_name: forge
            auth: api_key
            api_base: http://127.0.0.1:9
            git_username: x-access-token
            api_key:
              - {key: Authorization, label: Token, placement: header, prefix: "token "}
            """, service: "forge", name: "Forge", keys: ["key-123"])
        let answer = try Self.helper(cli, "forge", "get", "protocol=http\nhost=127.0.0.1:9\n\n")
        #expect(answer.stdout == "username=x-access-token\npassword=key-123\n", "\(answer.stderr)")
        #expect(try cli.ok("service", "export", "forge").contains("git_username: x-access-token"))

        try cli.importService(
            """
            name: Plain
            link_name: plain
            auth: basic
            api_base: http://127.0.0.1:9
            """)
        _ = try cli.ok("new", "plain", "--name", "Plain")
        _ = try cli.run("connect", "plain", "--username", "alice", "--password-stdin", input: "wonderland\n")
        let basic = try Self.helper(cli, "plain", "get", "capability[]=authtype\nprotocol=http\nhost=127.0.0.1:9\n\n")
        #expect(basic.stdout == "username=alice\npassword=wonderland\n", "\(basic.stderr)")

        let unknown = try Self.helper(cli, "nope", "get", "protocol=http\nhost=127.0.0.1:9\n\n")
        #expect(unknown.status == 1 && unknown.stdout.isEmpty && unknown.stderr.contains("No connection with link name 'nope'"))
    }

    @Test(arguments: StoreBackend.allCases)
    func anEraseMarksOnlyTheTokenGitWasGiven(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let connection = Fixtures.connectedConnection()
        try store.insertConnection(connection)
        let workspace = Workspace(store: store, location: TemporaryDirectory().location)
        #expect(try !workspace.markRefused("acme_main", accessToken: "another-token"))
        #expect(try store.connection("acme_main")?.tokens == connection.tokens)
        let token = try #require(connection.tokens?.accessToken.exposedValue)
        #expect(try workspace.markRefused("acme_main", accessToken: token))
        let marked = try #require(try place.open().connection("acme_main"))
        #expect(marked.tokens?.expiresAt.map { $0 < Date() } == true && marked.tokens?.refreshToken == connection.tokens?.refreshToken)
    }

    @Test func requestsAreReadAsGitWritesThem() {
        let request = GitCredentialRequest(
            parsing: "capability[]=authtype\r\nprotocol=https\nhost=git.example.com:8443\nwwwauth[]=Basic\n\nhost=late\n")
        #expect(request.capabilities == ["authtype"])
        #expect(request.attributes == ["protocol": "https", "host": "git.example.com:8443"])
        #expect(request.origin?.absoluteString == "https://git.example.com:8443/")
    }
}
