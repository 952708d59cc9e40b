import Foundation
import Testing
@testable import ConnectionsCore

/// `connections refresh --due` against django-oauth-toolkit: only a refresh token that could die before the run after
/// next is refreshed, and on a team store one machine does it for all.
@Suite struct KeepAliveTests {
    /// `show` says the refresh token dies in about a day (a second either side of it).
    static func aDayAhead(_ shown: String) -> Bool {
        ["in 23h 59m", "in 1d 0h"].contains { shown.contains("unused, the refresh token expires " + $0) }
    }

    @Test func onlyTheDueConnectionIsRefreshed() throws {
        let server = try OAuth2TestServer()
        let cli = CLI()
        // Refresh tokens of `idle` die after a day unused; those of `test` are not known to die.
        try cli.importService(
            server.serviceYAML(
                link: "idle", clientID: "confidential-app", secret: "confidential-secret", extra: "refresh_token_idle_days: 1"))
        try cli.importService(server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret"))
        for (service, name) in [("idle", "Idle one"), ("test", "Test one")] {
            _ = try cli.ok("new", service, "--name", name)
            let connect = try cli.run(
                ["connect", name.lowercased().replacingOccurrences(of: " ", with: "_")], environment: try CLI.browser())
            #expect(connect.status == 0, "\(connect.stderr)")
        }
        let shown = try cli.ok("show", "idle_one")
        #expect(Self.aDayAhead(shown), "\(shown)")
        let before = try server.tokenRequests()["refresh_token", default: 0]
        #expect(try cli.ok("refresh", "--due", "--every", "8h") == "Nothing was due.\n", "a day left: not due with runs 8 h apart")

        try cli.home.store().modifyConnection("idle_one") { $0.health.refreshTokenExpiresAt = Date().addingTimeInterval(3 * 3600) }
        #expect(try cli.ok("refresh", "--due", "--every", "8h") == "idle_one: refreshed\n")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1, "the due one alone")
        let again = try cli.ok("show", "idle_one")
        #expect(Self.aDayAhead(again), "a day ahead again: \(again)")
        #expect(try cli.ok("refresh", "--due", "--every", "8h") == "Nothing was due.\n")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1)
        let missing = try cli.run("refresh")
        #expect(missing.status != 0 && missing.stderr.contains("Say --due"), "\(missing.stderr)")
    }

    @Test func threeMachinesOnATeamStoreRefreshOnce() throws {
        let server = try OAuth2TestServer()
        let (url, machines) = try TeamStoreTests().connectedTeam(server, serviceExtra: "refresh_token_idle_days: 1")
        let store = try PostgresStore(
            address: try PostgresAddress(url), environment: ["CONNECTIONS_KEY": PostgresTestServer.teamKey], keyFile: nil)
        try store.modifyConnection("team_one") { $0.health.refreshTokenExpiresAt = Date().addingTimeInterval(3 * 3600) }
        let before = try server.tokenRequests()["refresh_token", default: 0]
        let runs = try machines.map { try $0.start("refresh", "--due", "--every", "8h", "--json") }.map { $0.wait() }
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1, "one refresh for the whole team")
        #expect(runs.filter { $0.stdout.contains("\"refreshed\"") }.count == 1, "\(runs.map(\.stdout))")
    }
}
