import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct RefreshConcurrencyTests {
    /// A home connected to `server` whose stored token has just expired (the server's copy is still unused).
    func expiredConnection(_ server: OAuth2TestServer) async throws -> CLI {
        let cli = try CLI.signedIn(to: server)
        try await cli.expireStoredToken("test_one")
        return cli
    }

    /// Twenty processes ask for the token of one expired connection at once: exactly one refresh reaches the
    /// server, and all twenty print the same valid token.
    @Test func twentyProcessesOneRefresh() async throws {
        let server = try OAuth2TestServer()
        let cli = try await expiredConnection(server)
        #expect(try cli.ok("show", "test_one").contains("Expired (will refresh)"))
        let before = try server.tokenRequests()["refresh_token", default: 0]

        let processes = try (0..<20).map { _ in try cli.start(["token", "test_one"]) }
        let results = processes.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map { $0.stdout.trimmingCharacters(in: .newlines) })
        #expect(tokens.count == 1)
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1)
        #expect(try server.me(token: try #require(tokens.first)).status == 200)
        #expect(try cli.home.store().connection("test_one")?.tokens?.accessToken.exposedValue == tokens.first)
    }

    /// Tokens that live 6 s, shorter than the 60 s margin: twenty racing processes cause one refresh, and a process
    /// that starts just after it uses the new token instead of refreshing again (which, with rotation and reuse
    /// protection, would revoke the token the others were just given).
    @Test func shortLivedTokensAreRefreshedOnceNotInACascade() async throws {
        let server = try OAuth2TestServer(accessTokenSeconds: 6)
        let cli = try await expiredConnection(server)
        let before = try server.tokenRequests()["refresh_token", default: 0]

        let processes = try (0..<20).map { _ in try cli.start(["token", "test_one"]) }
        let results = processes.map { $0.wait() } + [try cli.run("token", "test_one")]
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map { $0.stdout.trimmingCharacters(in: .newlines) })
        #expect(tokens.count == 1, "all 21 print the same token")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1)
        #expect(try server.me(token: try #require(tokens.first)).status == 200)
    }

    /// The token endpoint is down and the token in hand has 29 s left: it is handed out, with a warning.
    @Test func aFailedRefreshHandsOutAStillValidToken() throws {
        let server = try OAuth2TestServer.shared.get()
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let closed = try OAuth2FlowTests.closedPort()
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", allowedHosts: [echo])
                .replacingOccurrences(of: "\(server.base)/o/token/", with: "http://127.0.0.1:\(closed)/o/token/"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        func store(expiringIn seconds: TimeInterval) throws {
            try cli.home.store().saveAuthorization(
                "test_one",
                tokens: TokenSet(
                    accessToken: Secret("AT-still-valid"), refreshToken: Secret("RT"), expiresAt: Date().addingTimeInterval(seconds),
                    obtainedAt: Date().addingTimeInterval(seconds - 3600)), status: .connected)
        }
        try store(expiringIn: 29)
        let token = try cli.run("token", "test_one")
        #expect(token.status == 0 && token.stdout == "AT-still-valid\n", "\(token.stderr)")
        #expect(
            token.stderr.contains("Warning: could not refresh test_one: Cannot reach 127.0.0.1:\(closed): connection refused"),
            "\(token.stderr)")
        #expect(token.stderr.contains("Using the current token (it expires in "))
        let invoke = try cli.run("invoke", "test_one", "\(echo)/anything")
        #expect(invoke.status == 0, "\(invoke.stderr)")
        #expect(invoke.stdout.contains("Bearer AT-still-valid") && invoke.stderr.contains("Warning: could not refresh"))
        #expect(try cli.run("token", "test_one", "--refresh").status == 1, "an explicit refresh that fails fails")

        try store(expiringIn: -1)
        let expired = try cli.run("token", "test_one")
        #expect(expired.status == 1 && expired.stdout.isEmpty)
        #expect(expired.stderr.contains("connection refused"))
        let unreachable = try cli.run("invoke", "test_one", "\(echo)/anything")
        #expect(unreachable.status == 7, "an unreachable token endpoint is an unreachable host: \(unreachable.stderr)")
    }

    /// A token endpoint that hangs is cut at the command's --timeout, for `token` and `invoke` alike.
    @Test func aHungRefreshIsCutAtTheTimeout() throws {
        let server = try OAuth2TestServer.shared.get()
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(
                link: "test", clientID: "machine-app", secret: "machine-secret",
                extra: "  refresh_url: \(server.base)/quirks/slow/token?seconds=30",
                allowedHosts: [echo]))
        _ = try cli.ok("new", "test", "--name", "Test one")
        try cli.home.store().saveAuthorization(
            "test_one",
            tokens: TokenSet(accessToken: Secret("AT-old"), refreshToken: Secret("RT"), expiresAt: Date().addingTimeInterval(-5)),
            status: .connected)
        let token = try cli.run("token", "test_one", "--timeout", "1")
        #expect(token.status == 1 && token.stderr.contains("did not answer within 1 s"), "\(token.stderr)")
        let invoke = try cli.run("invoke", "test_one", "\(echo)/x", "--timeout", "1")
        #expect(invoke.status == 28 && invoke.stderr.contains("did not answer within 1 s"), "\(invoke.stderr)")
    }
}
