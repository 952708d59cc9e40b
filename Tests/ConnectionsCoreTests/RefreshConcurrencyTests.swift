import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct RefreshConcurrencyTests {
    /// Twenty processes ask for the token of one expired connection at once: exactly one refresh reaches the
    /// server, and all twenty print the same valid token.
    @Test func twentyProcessesOneRefresh() async throws {
        let server = try OAuth2TestServer()
        let cli = CLI()
        try cli.importService(server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        // Time passes: the stored token is now past its expiry (the server's copy has an hour left, unused).
        try await cli.home.store().database.write { db in
            try db.execute(sql: "UPDATE connections SET expires_at = ? WHERE link_name = 'test_one'", arguments: [Date().timeIntervalSince1970 - 10])
        }
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
}
