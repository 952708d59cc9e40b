import Foundation
import Testing
@testable import ConnectionsCore

/// Which account a connection is signed in as and whether it works now, against the real servers: django-oauth-toolkit
/// answering a whoami (`/api/me` names the token's user), and the echo server's Basic endpoint as a verify request.
@Suite struct StatusTests {
    @Test func signingInRecordsTheAccountAndStatusChecksIt() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.withWhoami(server, accountFields: "[nobody, user]")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        let user = try #require(try server.me(token: token).body["user"] as? String)
        #expect(connect.stdout.contains("Connected test_one, signed in as \(user)."), "\(connect.stdout)")
        #expect(try cli.ok("show", "test_one").contains("Signed in as     \(user)"))
        #expect(try cli.ok("list").contains(" \(user) "), "the ACCOUNT column")
        let shown = try cli.json("show", "test_one")
        #expect(shown["account"] as? String == user)
        #expect((shown["health"] as? [String: Any])?["last_refresh_at"] is String)

        let status = try cli.run("status", "--json")
        #expect(status.status == 0, "\(status.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        #expect(reports.count == 1 && reports[0]["passed"] as? Bool == true && reports[0]["account"] as? String == user, "\(reports)")
        #expect((reports[0]["health"] as? [String: Any])?["last_verification_passed"] as? Bool == true)

        // A second connection signed in to the same account says so.
        _ = try cli.ok("new", "test", "--name", "Test two")
        let twin = try cli.run(["connect", "test_two"], environment: try CLI.browser())
        #expect(twin.stderr.contains("test_two is signed in as \(user), as test_one already is"), "\(twin.stderr)")
    }

    @Test func aVerifyRequestThatFailsMakesStatusFail() throws {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(echo)/basic\nverify: {url: /me}\n")
        _ = try cli.ok("new", "plain", "--name", "Right")
        _ = try cli.ok("new", "plain", "--name", "Wrong")
        _ = try cli.run("connect", "right", "--username", "alice", "--password-stdin", input: "wonderland\n")
        _ = try cli.run("connect", "wrong", "--username", "alice", "--password-stdin", input: "mistaken\n")

        let right = try cli.run("status", "right")
        #expect(right.status == 0 && right.stdout.contains("✓ works"), "\(right.stdout) \(right.stderr)")
        let both = try cli.run("status")
        #expect(both.status == 1, "one failed")
        #expect(both.stdout.contains("✗ failed at verify: GET \(echo)/basic/me answered HTTP 401"), "\(both.stdout)")
        let shown = try cli.json("show", "wrong")
        let health = try #require(shown["health"] as? [String: Any])
        #expect(health["last_verification_passed"] as? Bool == false && health["consecutive_failures"] as? Int == 1, "\(health)")
        #expect(try cli.ok("list").contains("the last attempt failed"), "the list marks it")
        #expect(try cli.run("status", "right").status == 0, "one that works is not marked")
    }

    /// `hooks:` in the config: a check that starts failing runs on_failure, one that works again on_recovery, each
    /// with the event as JSON on stdin; nothing runs while it stays as it was, and no secret is in an event.
    @Test func hooksHearOfFailureAndRecovery() throws {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        let events = try HookEvents(in: cli.home.url)
        try events.config.write(to: cli.home.url.appendingPathComponent("config.yaml"), atomically: false, encoding: .utf8)
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(echo)/basic\nverify: {url: /me}\n")
        _ = try cli.ok("new", "plain", "--name", "Plain one")
        func connect(_ password: String) throws {
            _ = try cli.run("connect", "plain_one", "--username", "alice", "--password-stdin", input: password + "\n")
        }
        try connect("wonderland")
        #expect(try cli.run("status").status == 0)
        try connect("mistaken")
        #expect(try cli.run("status").status == 1)
        let failure = try events.next()
        #expect(
            failure?["event"] as? String == "failure" && failure?["link_name"] as? String == "plain_one", "\(String(describing: failure))")
        #expect(failure?["step"] as? String == "verify" && (failure?["message"] as? String)?.contains("HTTP 401") == true)
        #expect(try cli.run("status").status == 1, "still failing: no second failure event")
        try connect("wonderland")
        #expect(try cli.run("status").status == 0)
        let recovery = try events.next()
        #expect(recovery?["event"] as? String == "recovery", "the next event after the failure: \(String(describing: recovery))")
        #expect(try cli.run("status").status == 0, "still working: no second recovery event")
        let text = "\(String(describing: failure))\(String(describing: recovery))"
        #expect(!text.contains("mistaken") && !text.contains("wonderland"), "no secret in an event")
    }

    /// A hook that takes its time does not hold up the command that noticed the failure.
    @Test func aSlowHookDoesNotHoldTheCommand() throws {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        let events = try HookEvents(in: cli.home.url)
        // The hook waits for the test to read the FIFO first: while the test has not, the hook cannot have ended.
        try """
        hooks:
          on_failure: [/bin/sh, -c, 'cat > "$0"', \(events.path)]
        """.write(to: cli.home.url.appendingPathComponent("config.yaml"), atomically: false, encoding: .utf8)
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(echo)/basic\nverify: {url: /me}\n")
        _ = try cli.ok("new", "plain", "--name", "Plain one")
        _ = try cli.run("connect", "plain_one", "--username", "alice", "--password-stdin", input: "mistaken\n")
        #expect(try cli.run("status").status == 1, "ended while its hook still waits to write")
        #expect(try events.next()?["event"] as? String == "failure")
    }
}
