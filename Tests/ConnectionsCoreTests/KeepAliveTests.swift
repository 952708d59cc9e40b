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

    /// The token endpoint goes away and comes back: the failed refresh is tried again only after a wait that grows
    /// with each failure, a dead grant is never tried, and the hook hears of the failure and of the recovery.
    @Test func failuresBackOffAndHooksHearOfThem() throws {
        let server = try OAuth2TestServer()
        let cli = CLI()
        let events = try HookEvents(in: cli.home.url)
        try events.config.write(to: cli.home.url.appendingPathComponent("config.yaml"), atomically: false, encoding: .utf8)
        try cli.importService(
            server.serviceYAML(
                link: "idle", clientID: "confidential-app", secret: "confidential-secret", extra: "refresh_token_idle_days: 1"))
        _ = try cli.ok("new", "idle", "--name", "Idle one")
        #expect(try cli.run(["connect", "idle_one"], environment: try CLI.browser()).status == 0)
        let store = try cli.home.store()
        let working = try #require(try store.customService("idle"))
        func tokenURL(_ url: String) throws {
            guard case .oauth2(var settings) = working.auth else { return }
            settings.tokenURL = url
            var service = working
            service.auth = .oauth2(settings)
            try store.saveService(service, replace: true)
        }
        func due(_ change: (inout ConnectionHealth) -> Void = { _ in }) throws {
            try store.modifyConnection("idle_one") {
                $0.health.refreshTokenExpiresAt = Date().addingTimeInterval(3 * 3600)
                change(&$0.health)
            }
        }
        try tokenURL("http://127.0.0.1:1/o/token/")
        try due()
        let failed = try cli.run("refresh", "--due", "--every", "8h")
        #expect(failed.status == 1 && failed.stdout.contains("idle_one: not refreshed: Cannot reach 127.0.0.1:1"), "\(failed.stdout)")
        #expect(try events.next()?["event"] as? String == "failure")
        let waiting = try cli.run("refresh", "--due", "--every", "8h")
        #expect(waiting.stdout.contains("idle_one: left alone: failed 1 time(s) in a row"), "\(waiting.stdout)")
        #expect(try store.connection("idle_one")?.health.consecutiveFailures == 1, "nothing was tried")

        try tokenURL(working.auth.oauth2?.tokenURL ?? "")
        try due { $0.lastFailureAt = Date().addingTimeInterval(-16 * 60) }
        let before = try server.tokenRequests()["refresh_token", default: 0]
        #expect(try cli.ok("refresh", "--due", "--every", "8h") == "idle_one: refreshed\n")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1)
        #expect(try events.next()?["event"] as? String == "recovery")

        try due { _ in }
        try store.modifyConnection("idle_one") { $0.storedStatus = .needsReconnect(reason: "invalid_grant") }
        let dead = try cli.run("refresh", "--due", "--every", "8h")
        #expect(dead.stdout.contains("idle_one: left alone: its grant is gone; sign in again"), "\(dead.stdout)")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1, "a dead grant is not tried")
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
