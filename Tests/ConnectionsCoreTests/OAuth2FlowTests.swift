import Foundation
import Testing
@testable import ConnectionsCore

/// Create and Connect against a real authorization server (django-oauth-toolkit on 127.0.0.1), through the
/// built binary, with a scripted person at the browser.
@Suite struct OAuth2FlowTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    /// A home with one service for `clientID` and one connection `test_one` to it.
    func connection(clientID: String, secret: String?, grant: String = "authorization_code", extra: String = "") throws -> CLI {
        let cli = CLI()
        try cli.importService(server.serviceYAML(link: "test", clientID: clientID, secret: secret, grant: grant, extra: extra))
        _ = try cli.ok("new", "test", "--name", "Test one")
        return cli
    }

    func status(_ cli: CLI) throws -> String {
        let json = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "test_one", "--json").utf8)) as? [String: Any]
        return json?["status"] as? String ?? ""
    }

    @Test(arguments: ["body", "basic"])
    func codeFlowWithPKCEForAConfidentialClient(clientAuth: String) throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret", extra: "  client_auth: \(clientAuth)")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(connect.stdout.contains("Connected test_one."))
        #expect(connect.stderr.contains("code_challenge_method=S256"))
        #expect(connect.stderr.contains("state="))
        #expect(try status(cli) == "connected")
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        let me = try server.me(token: token)
        #expect(me.status == 200)
        #expect(me.body["user"] as? String == "alice")
        #expect(me.body["client_id"] as? String == "confidential-app")
        #expect(me.body["scope"] as? String == "read write")
    }

    @Test func publicClientNeedsPKCEAndGetsIt() throws {
        let cli = try connection(clientID: "public-pkce", secret: nil)
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(try server.me(token: try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)).status == 200)

        let withoutPKCE = try connection(clientID: "public-pkce", secret: nil, extra: "  pkce: false")
        let refused = try withoutPKCE.run(["connect", "test_one", "--timeout", "20"], environment: try CLI.browser())
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Authorization was not granted: invalid_request"), "\(refused.stderr)")
        #expect(try status(withoutPKCE) == "not_connected")
    }

    @Test func clientCredentialsNeedNoBrowser() throws {
        let cli = try connection(clientID: "machine-app", secret: "machine-secret", grant: "client_credentials")
        let connect = try cli.run(["connect", "test_one"])
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(!connect.stderr.contains("Open this URL"))
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(try server.me(token: token).body["client_id"] as? String == "machine-app")
        // No refresh token: an expired token is renewed with the same grant.
        let renewed = try cli.ok("token", "test_one", "--refresh").trimmingCharacters(in: .newlines)
        #expect(renewed != token)
        #expect(try server.me(token: renewed).status == 200)
    }

    @Test func deviceFlowShowsTheCodeAndPollsUntilApproved() async throws {
        let cli = try connection(clientID: "device-app", secret: nil, grant: "device_code")
        let running = try cli.start(["connect", "test_one"])
        let codeLine = await running.stderrLine { $0.hasPrefix("  ") && !$0.contains("http") }
        let uriLine = await running.stderrLine { $0.hasPrefix("To authorize, open ") }
        let userCode = try #require(codeLine).trimmingCharacters(in: .whitespaces)
        let uri = try #require(uriLine?.components(separatedBy: " ")[3])
        #expect(uri == server.base + "/o/device/")
        let approve = try ChildProcess.run(
            try SnippetExecutionTests.python(),
            [OAuth2TestServer.directory.appendingPathComponent("device_approve.py").path, uri, userCode])
        #expect(approve.status == 0, "\(approve.stdout) \(approve.stderr)")
        let result = running.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try status(cli) == "connected")
        #expect(
            try server.me(token: try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)).body["client_id"] as? String
                == "device-app")
    }

    @Test func deniedDeviceRequestIsReportedInWords() async throws {
        let cli = try connection(clientID: "device-app", secret: nil, grant: "device_code")
        let running = try cli.start(["connect", "test_one"])
        let userCode = try #require(await running.stderrLine { $0.hasPrefix("  ") && !$0.contains("http") }).trimmingCharacters(
            in: .whitespaces)
        _ = try ChildProcess.run(
            try SnippetExecutionTests.python(),
            [OAuth2TestServer.directory.appendingPathComponent("device_approve.py").path, server.base + "/o/device/", userCode, "deny"])
        let result = running.wait()
        #expect(result.status == 1)
        #expect(result.stderr.contains("Authorization was not granted"), "\(result.stderr)")
    }

    @Test func refreshRotatesAndTheOldRefreshTokenDies() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let before = try #require(try cli.home.store().connection("test_one")?.tokens)
        let token = try cli.ok("token", "test_one", "--refresh").trimmingCharacters(in: .newlines)
        let after = try #require(try cli.home.store().connection("test_one")?.tokens)
        #expect(token == after.accessToken.exposedValue)
        #expect(token != before.accessToken.exposedValue)
        #expect(after.refreshToken != before.refreshToken)
        #expect(try server.me(token: token).status == 200)
        let replay = try server.postToken([
            "grant_type": "refresh_token", "refresh_token": before.refreshToken!.exposedValue,
            "client_id": "confidential-app", "client_secret": "confidential-secret",
        ])
        #expect(replay.status == 400)
        #expect(replay.body.contains("invalid_grant"))
        // A valid token is handed out as is.
        #expect(try cli.ok("token", "test_one").trimmingCharacters(in: .newlines) == token)
    }

    @Test func invalidGrantMeansNeedsReconnectAndLosesNothingElse() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let stored = try #require(try cli.home.store().connection("test_one"))
        // Someone else uses the refresh token: rotation kills the stored one.
        _ = try server.postToken([
            "grant_type": "refresh_token", "refresh_token": stored.tokens!.refreshToken!.exposedValue,
            "client_id": "confidential-app", "client_secret": "confidential-secret",
        ])
        let refused = try cli.run("token", "test_one", "--refresh")
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("needs to be connected again (invalid_grant"), "\(refused.stderr)")
        #expect(refused.stderr.contains("connections connect test_one"))
        #expect(try status(cli) == "needs_reconnect")
        let after = try #require(try cli.home.store().connection("test_one"))
        #expect(after.name == stored.name && after.scopes == stored.scopes && after.tokens == stored.tokens)
        #expect(try cli.run("connect", "test_one", environment: try CLI.browser()).status == 0)
        #expect(try status(cli) == "connected")
    }

    @Test func revokeEndsTheTokenAtTheServer() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(try server.me(token: token).status == 200)
        let revoked = try cli.ok("revoke", "test_one")
        #expect(revoked.contains("Revoked test_one at the provider; status Disconnected."))
        #expect(try server.me(token: token).status == 401)
        #expect(try status(cli) == "disconnected")
        #expect(try cli.home.store().connection("test_one")?.tokens == nil)
        #expect(try cli.run("token", "test_one").stderr.contains("is Disconnected. Run `connections connect test_one`."))
    }

    @Test func revokeWithoutAnEndpointSaysSo() throws {
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials")
                .replacingOccurrences(of: "  revoke_url: \(server.base)/o/revoke_token/\n", with: ""))
        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.ok("connect", "test_one")
        let revoked = try cli.run("revoke", "test_one")
        #expect(revoked.status == 0)
        #expect(revoked.stderr.contains("has no revocation endpoint; the tokens were removed here"))
    }

    /// A browser that kept our listening socket would hold the redirect port after the sign-in ended.
    @Test func theBrowserInheritsNoDescriptorOfOurs() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let script = cli.home.url.appendingPathComponent("fd-browser")
        let listing = cli.home.url.appendingPathComponent("fds")
        try "#!/bin/sh\nls -l /proc/$$/fd > \(listing.path)\n".write(to: script, atomically: false, encoding: .utf8)
        chmod(script.path, 0o755)
        let connect = try cli.run(
            ["connect", "test_one", "--timeout", "1"], environment: ["BROWSER": script.path + " %s", "DISPLAY": ":0"])
        #expect(connect.stderr.contains("Connecting took longer than 1 s"), "\(connect.stderr)")
        let fds = try String(contentsOf: listing, encoding: .utf8)
        #expect(fds.contains(" 1 -> "), "the listing was written: \(fds)")
        #expect(!fds.contains("socket:") && !fds.contains(".sqlite") && !fds.contains("key"), "\(fds)")
    }

    /// A callback with another state is refused with a page and reported; it does not end the wait, and the
    /// real redirect that follows connects.
    @Test func aForgedStateIsRefusedAndTheWaitGoesOn() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let log = cli.home.url.appendingPathComponent("browser.log")
        let connect = try cli.run(
            ["connect", "test_one"], environment: try CLI.browser(["BROWSER_FORGE_FIRST": "1", "BROWSER_LOG": log.path]))
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(
            connect.stderr.contains("Refused a redirect that was not this sign-in's (its state differs; 1 so far)"), "\(connect.stderr)")
        #expect(try String(contentsOf: log, encoding: .utf8).contains("forged -> 400"))
        #expect(try status(cli) == "connected")
    }

    /// A redirect may fill only what the service says comes from it (QuickBooks' realmId), never a token-response field:
    /// a callback carrying instance_url does not move where invoke sends the token.
    @Test func aCallbackCannotOverrideTheTokenResponse() throws {
        let home = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let other = "http://127.0.0.1:" + (try CredentialScopeTests.other.get().readyLine)
        let answer =
            "\(server.base)/quirks/instance-url/token?instance_url=" + home.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let cli = CLI()
        try cli.importService(
            """
            name: Instance
            link_name: instance
            auth: oauth2
            api_base: "{instance_url}"
            token_fields: [instance_url]
            callback_fields: [realmId]
            allowed_hosts: ["\(home)", "\(other)"]
            oauth2:
              client_id: confidential-app
              client_secret: confidential-secret
              authorize_url: \(server.base)/o/authorize/
              token_url: "\(answer)"
              scopes: [read]
              redirect_port: 0
            """)
        _ = try cli.ok("new", "instance", "--name", "I")
        let forged = "instance_url=\(other)&realmId=4620816365"
        let connect = try cli.run(["connect", "i"], environment: try CLI.browser(["BROWSER_ADD_QUERY": forged]))
        #expect(connect.status == 0, "\(connect.stderr)")
        let shown = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "i", "--json").utf8)) as? [String: Any]
        #expect(
            shown?["token_fields"] as? [String: String] == ["instance_url": home, "realmId": "4620816365"], "\(String(describing: shown))")
        let arrived = try JSONDecoder().decode(InvokeTests.Echo.self, from: Data(try cli.ok("invoke", "i", "/x").utf8))
        #expect(arrived.headers["host"] == home.replacingOccurrences(of: "http://", with: ""), "the token went to \(arrived.headers)")
    }

    @Test func onlyForgedStatesTimeOutAndStoreNothing() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let connect = try cli.run(["connect", "test_one", "--timeout", "3"], environment: try CLI.browser(["BROWSER_STATE": "forged"]))
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Refused a redirect that was not this sign-in's"), "\(connect.stderr)")
        #expect(try status(cli) == "not_connected")
    }

    @Test func deniedConsentIsReportedInWords() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser(["BROWSER_ACTION": "deny"]))
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Authorization was not granted: access_denied"), "\(connect.stderr)")
    }

    @Test func pastingTheRedirectWorksWithoutABrowser() async throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let running = try cli.start(["connect", "test_one", "--no-browser"])
        let urlLine = try #require(await running.stderrLine { $0.hasPrefix("  http") })
        #expect(await running.stderrLine { $0.contains("No browser was launched (--no-browser was given)") } != nil)
        let copied = cli.home.url.appendingPathComponent("copied-url")
        let person = try ChildProcess.run(
            try SnippetExecutionTests.python(),
            [OAuth2TestServer.directory.appendingPathComponent("browser.py").path, urlLine.trimmingCharacters(in: .whitespaces)],
            environment: ProcessInfo.processInfo.environment.merging(["BROWSER_STOP_AT": copied.path]) { $1 })
        #expect(person.status == 0)
        running.write("http://127.0.0.1:1/callback?code=stolen&state=another-sign-in\n")
        #expect(await running.stderrLine { $0.contains("That is not the address this sign-in ends on") } != nil)
        running.write(try String(contentsOf: copied, encoding: .utf8) + "\n")
        let result = running.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try status(cli) == "connected")
    }

    @Test func aProviderThatIsDownIsNamed() throws {
        let cli = CLI()
        let closedPort = try Self.closedPort()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials")
                .replacingOccurrences(of: "\(server.base)/o/token/", with: "http://127.0.0.1:\(closedPort)/o/token/"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        let connect = try cli.run("connect", "test_one")
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Cannot reach 127.0.0.1:\(closedPort): connection refused"), "\(connect.stderr)")
    }

    @Test func aBusyRedirectPortIsNamed() throws {
        let holder = try LoopbackHolder()
        let cli = try connection(
            clientID: "confidential-app", secret: "confidential-secret", extra: "")
        let file = cli.home.url.appendingPathComponent("busy.yaml")
        try server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret")
            .replacingOccurrences(of: "redirect_port: 0", with: "redirect_port: \(holder.port)").write(
                to: file, atomically: false, encoding: .utf8)
        _ = try cli.ok("service", "import", file.path, "--replace")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Port \(holder.port) on 127.0.0.1 is in use"), "\(connect.stderr)")
    }

    /// A browser command that fails ends the wait at once with the reason, instead of after the whole timeout.
    @Test func aFailingBrowserStopsTheWaitAtOnce() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let connect = try cli.run(["connect", "test_one", "--timeout", "600"], environment: ["BROWSER": "/bin/false"])
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("The browser command /bin/false failed (exit status 1)"), "\(connect.stderr)")
        #expect(connect.stderr.contains("--no-browser"))
        #expect(try status(cli) == "not_connected")
    }

    @Test func theListenerGivesUpAfterItsTimeout() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        let connect = try cli.run(["connect", "test_one", "--timeout", "1"], environment: ["BROWSER": "/bin/true"])
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Connecting took longer than 1 s"), "\(connect.stderr)")
    }

    /// `delete` revokes a connected connection at the provider first; `--keep-remote` skips that; a revocation
    /// that fails deletes nothing.
    @Test func deleteRevokesAtTheProviderFirst() throws {
        let cli = try connection(clientID: "confidential-app", secret: "confidential-secret")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(try cli.ok("delete", "test_one") == "Revoked test_one at the provider and deleted it.\n")
        #expect(try server.me(token: token).status == 401, "the grant ended at the provider")

        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let kept = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(try cli.ok("delete", "test_one", "--keep-remote") == "Deleted connection test_one.\n")
        #expect(try server.me(token: kept).status == 200, "--keep-remote leaves the grant")
    }

    @Test func aFailedRevocationDeletesNothing() throws {
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret")
                .replacingOccurrences(of: "\(server.base)/o/revoke_token/", with: "http://127.0.0.1:\(try Self.closedPort())/revoke"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let refused = try cli.run("delete", "test_one")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("test_one was not deleted: revoking it at the provider first failed"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--keep-remote"))
        #expect(try status(cli) == "connected")
    }

    /// A port on 127.0.0.1 that nothing listens on.
    static func closedPort() throws -> Int {
        let holder = try LoopbackHolder()
        return holder.port
    }
}

/// Holds a listening TCP socket on 127.0.0.1 for as long as it lives.
final class LoopbackHolder {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { throw SnippetExecutionTests.SetupError("cannot bind a test socket") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

/// RFC 8707: a service's `resource` goes with the sign-in, the code exchange and the refresh, and the real server
/// restricts the tokens to it.
@Suite struct ResourceIndicatorTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    func connected(resource: String) throws -> CLI {
        let cli = try OAuth2FlowTests().connection(
            clientID: "confidential-app", secret: "confidential-secret", extra: "  resource: \(resource)")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        return cli
    }

    @Test func theTokensAreForTheNamedResourceThroughARefresh() throws {
        let cli = try connected(resource: server.base + "/api/")
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        let me = try server.me(token: token)
        #expect(me.status == 200 && me.body["resource"] as? [String] == [server.base + "/api/"], "\(me.body)")
        let renewed = try cli.ok("token", "test_one", "--refresh").trimmingCharacters(in: .newlines)
        #expect(renewed != token)
        let after = try server.me(token: renewed)
        #expect(
            after.status == 200 && after.body["resource"] as? [String] == [server.base + "/api/"], "the refresh named it too: \(after.body)"
        )
    }

    @Test func aTokenForAnotherResourceIsRefusedHere() throws {
        let cli = try connected(resource: server.base + "/elsewhere/")
        let token = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(try server.me(token: token).status == 401, "the server restricted the token to /elsewhere/")
    }
}
