import Foundation
import Testing
@testable import ConnectionsCore

/// Lifetimes no honest provider sends (`expires_in: 1e300`, "inf", 2^63 - 1) and dates no honest row holds: each is
/// refused or clamped where it arrives, and no stored value can make a later command trap.
@Suite struct LifetimeSafetyTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    /// A client-credentials service whose token endpoint is one of the test server's hostile answers.
    func hostile(_ name: String, grant: String = "client_credentials") throws -> CLI {
        let cli = CLI()
        let yaml = server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: grant)
            .replacingOccurrences(of: "\(server.base)/o/token/", with: "\(server.base)/hostile/\(name)/token")
            .replacingOccurrences(of: "\(server.base)/o/device-authorization/", with: "\(server.base)/hostile/\(name)/token")
        try cli.importService(yaml)
        _ = try cli.ok("new", "test", "--name", "Test one")
        return cli
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test(arguments: ["expiry-1e300", "expiry-digits", "expiry-int64", "expiry-ten-years-and-more"])
    func absurdLifetimesAreCutToTenYears(name: String) throws {
        let cli = try hostile(name)
        let connect = try cli.run("connect", "test_one")
        #expect(connect.status == 0, "\(connect.stderr)")
        let expiry = try #require(try cli.home.store().connection("test_one")?.tokens?.expiresAt)
        #expect(expiry.timeIntervalSinceNow <= Lifetime.longest + 60)
        #expect(expiry.timeIntervalSinceNow > Lifetime.longest - 60 || name == "expiry-ten-years-and-more")
        for command in [["list"], ["list", "--json"], ["show", "test_one"], ["show", "test_one", "--json"], ["token", "test_one"]] {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }

    @Test(arguments: [("expiry-inf", "inf"), ("expiry-negative", "-5")])
    func nonFiniteAndNegativeLifetimesAreRefused(name: String, shown: String) throws {
        let cli = try hostile(name)
        let connect = try cli.run("connect", "test_one")
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("gave expires_in = \(shown), which is not a number of seconds"), "\(connect.stderr)")
        #expect(connect.stderr.contains("Nothing was stored"))
        #expect(json(try cli.ok("show", "test_one", "--json"))["status"] as? String == "not_connected")
    }

    @Test func hostileDeviceLifetimesNeitherTrapNorHang() throws {
        let huge = try hostile("device-huge", grant: "device_code")
        let waited = try huge.run("connect", "test_one", "--timeout", "1")
        #expect(waited.status == 1)
        #expect(waited.stderr.contains("USER-1"), "the code was shown: \(waited.stderr)")
        #expect(waited.stderr.contains("took longer than 1 s"), "\(waited.stderr)")

        let infinite = try hostile("device-inf", grant: "device_code")
        let refused = try infinite.run("connect", "test_one", "--timeout", "5")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("gave expires_in = inf"), "\(refused.stderr)")
    }

    /// The worst a row can hold, written behind the program's back: every reader still answers.
    @Test func noStoredDateCrashesAReader() throws {
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials"))
        for (index, _) in SQLiteStore.worstSeconds.enumerated() {
            _ = try cli.ok("new", "test", "--name", "Worst \(index)", "--link", "worst_\(index)")
            try cli.home.store().saveAuthorization(
                "worst_\(index)", tokens: TokenSet(accessToken: Secret("AT-\(index)"), refreshToken: Secret("RT")), status: .connected)
        }
        try cli.home.store().writeWorstDates()
        for command in [
            ["list"], ["list", "--json"], ["show", "worst_0"], ["show", "worst_1", "--json"], ["show", "worst_2"], ["show", "worst_3"],
        ] {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok("list", "--json").utf8)) as? [[String: Any]])
        #expect(listed.count == SQLiteStore.worstSeconds.count)
        #expect(listed.compactMap { $0["expires_at"] as? String }.allSatisfy { $0.hasSuffix("Z") })
    }

    @Test func timestampsSaturate() {
        for seconds in [1e300, -1e300, .infinity, -.infinity, .nan, 9.3e18] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(!Timestamp.iso8601(date).isEmpty)
            #expect(!Timestamp.relative(date, now: Date()).isEmpty)
        }
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 1e300)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: -1e300)) == "0001-01-01T00:00:00Z")
        #expect(Date.saturating(secondsSince1970: .nan) == nil)
    }

    @Test func aTokenIsRefreshedAheadOfExpiryNoSoonerThanHalfItsLife() {
        let now = Date()
        let short = TokenSet(accessToken: Secret("a"), expiresAt: now.addingTimeInterval(6), obtainedAt: now)
        #expect(!short.wantsRefresh(at: now, margin: 60), "a 6 s token just obtained is not refreshed by a 60 s margin")
        #expect(short.wantsRefresh(at: now.addingTimeInterval(3.5), margin: 60))
        let long = TokenSet(accessToken: Secret("a"), expiresAt: now.addingTimeInterval(3600), obtainedAt: now)
        #expect(!long.wantsRefresh(at: now.addingTimeInterval(3500), margin: 60))
        #expect(long.wantsRefresh(at: now.addingTimeInterval(3550), margin: 60))
        let unknownStart = TokenSet(accessToken: Secret("a"), expiresAt: now.addingTimeInterval(30))
        #expect(unknownStart.wantsRefresh(at: now, margin: 60), "without the start, the margin holds as given")
    }
}
