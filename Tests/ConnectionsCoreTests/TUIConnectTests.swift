import Foundation
import Testing
@testable import ConnectionsCore
@testable import ConnectionsTUI

/// The TUI's Create and Connect against the real authorization server: the effect runner waits for the browser,
/// takes a pasted redirect (rejecting one of another sign-in), and Esc cancels and frees the listener's port.
@Suite struct TUIConnectTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    /// Collects what the effect runner sends back to the UI, and waits for one of them.
    final class Inbox: @unchecked Sendable {
        private let stream: AsyncStream<Action>
        private let continuation: AsyncStream<Action>.Continuation
        private var iterator: AsyncStream<Action>.Iterator

        init() {
            (stream, continuation) = AsyncStream.makeStream(of: Action.self)
            iterator = stream.makeAsyncIterator()
            let continuation = self.continuation
            Task {
                try? await Task.sleep(for: .seconds(60))
                continuation.finish()
            }
        }

        func send(_ action: Action) { continuation.yield(action) }

        func next<T>(_ match: (Action) -> T?) async -> T? {
            while let action = await iterator.next() {
                if let value = match(action) { return value }
            }
            return nil
        }
    }

    static func runner(_ cli: CLI, _ inbox: Inbox) throws -> EffectRunner {
        EffectRunner(
            workspace: Workspace(store: try cli.home.store()), clipboard: Clipboard(environment: [:]),
            browser: BrowserLauncher(environment: ["PATH": "/nonexistent"]), sessions: ConnectSessions(),
            send: inbox.send, writeToTerminal: { _ in })
    }

    func newConnection() throws -> CLI {
        let cli = CLI()
        try cli.importService(server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        return cli
    }

    static func signInURL(_ action: Action) -> URL? {
        if case .authorization("test_one", .openURL(let url, nil, _)) = action { url } else { nil }
    }

    /// The Custom Service form's "Discover from URL": Enter fills the form from the server's metadata (its scopes as a
    /// checklist), and saving registers a client there (RFC 7591) before the service is stored.
    @Test func discoverFillsTheFormAndSavingRegisters() async throws {
        let cli = CLI()
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        var state = AppState(width: 100, height: 40)
        state.tab = .customService
        state.serviceForm.setText("discover", server.base + "/o")
        state.serviceForm.focus = try #require(state.serviceForm.index(of: "discover"))
        let effects = update(&state, .input(.key(.enter)))
        #expect(effects == [.discoverService(server.base + "/o")], "\(effects)")
        await runner.run(effects[0])
        let found = try #require(await inbox.next { if case .serviceDiscovered = $0 { $0 } else { nil } })
        _ = update(&state, found)
        #expect(state.serviceForm.value("oauth2.token_url") == server.base + "/o/token/")
        #expect(state.serviceForm.value("oauth2.issuer") == server.base + "/o")
        let scopes = try #require(state.serviceForm.fields.first { $0.id == "oauth2.scopes" }?.list)
        #expect(scopes.items == ["read", "write"] && scopes.checked == [false, false])
        let marked = Set(state.serviceForm.fields.filter { $0.label.hasPrefix("✓ ") }.map(\.id))
        #expect(marked.isSuperset(of: ["oauth2.token_url", "oauth2.authorize_url", "oauth2.issuer", "oauth2.scopes"]), "\(marked)")
        #expect(!marked.contains("name") && !marked.contains("oauth2.client_id"))
        // 127.0.0.1 is an address, not a name: the name is asked for, and no link name is made from it.
        #expect(state.serviceForm.value("name").isEmpty && state.serviceForm.value("link_name").isEmpty)
        #expect(state.serviceForm.focused?.id == "name")
        #expect(state.status?.text.contains("Name the service (its address names none).") == true, "\(state.status?.text ?? "")")
        // From an issuer no scope is checked, and the form says why.
        let scopeHint = state.serviceForm.fields.first { $0.id == "oauth2.scopes" }?.hint ?? ""
        #expect(scopeHint.contains("an issuer does not say which scopes an app needs"), "\(scopeHint)")
        #expect(state.status?.text.contains("Saving registers a client there") == true, "\(state.status?.text ?? "")")
        // Typed into the focused name field: the link name follows it.
        for character in "Found DOT" { _ = update(&state, .input(.key(.character(character)))) }
        #expect(state.serviceForm.value("link_name") == "found_dot")
        if let index = state.serviceForm.index(of: "oauth2.scopes"), case .list(var list) = state.serviceForm.fields[index].kind {
            list.checked = [true, false]
            state.serviceForm.fields[index].kind = .list(list)
        }
        let save = update(&state, .input(.key(.control("s"))))
        guard case .registerAndSaveService(let service, _, _)? = save.first else {
            Issue.record("saving did not register: \(save), \(state.status?.text ?? "")")
            return
        }
        #expect(service.auth.oauth2?.scopes == ["read"] && service.auth.oauth2?.registrationEndpoint == server.base + "/o/register/")
        await runner.run(save[0])
        #expect(await inbox.next { if case .serviceSaved = $0 { true } else { nil } } == true)
        let stored = try #require(try cli.home.store().customService(service.linkName)?.auth.oauth2)
        #expect(!stored.clientID.isEmpty && stored.registrationAccessToken != nil && stored.scopes == ["read"])
    }

    @Test func aPastedRedirectConnectsAndOneFromAnotherSignInIsRefused() async throws {
        let cli = try newConnection()
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        let connecting = Task { await runner.run(.connect("test_one")) }
        let url = try #require(await inbox.next(Self.signInURL))

        await runner.run(.pasteRedirect("test_one", text: "http://127.0.0.1:1/callback?code=stolen&state=someone-else"))
        let rejected = await inbox.next { action -> String? in
            if case .authorization("test_one", .pasteRejected(let reason)) = action { reason } else { nil }
        }
        #expect(rejected?.contains("not the address this sign-in ends on") == true)

        let copied = cli.home.url.appendingPathComponent("copied-url")
        let person = try ChildProcess.run(
            try SnippetExecutionTests.python(), [OAuth2TestServer.directory.appendingPathComponent("browser.py").path, url.absoluteString],
            environment: ProcessInfo.processInfo.environment.merging(["BROWSER_STOP_AT": copied.path]) { $1 })
        #expect(person.status == 0, "\(person.stderr)")
        await runner.run(.pasteRedirect("test_one", text: try String(contentsOf: copied, encoding: .utf8)))
        let finished = await inbox.next { action -> (Connection?, String, Bool)? in
            if case .connectFinished(let connection, let message, let isError) = action { (connection, message, isError) } else { nil }
        }
        await connecting.value
        #expect(finished?.2 == false, "\(finished?.1 ?? "no answer")")
        let token = try #require(try cli.home.store().connection("test_one")?.tokens?.accessToken.exposedValue)
        #expect(try server.me(token: token).status == 200)
        #expect(finished?.0?.storedStatus == .connected)
    }

    @Test func escCancelsTheWaitAndClosesTheListener() async throws {
        let cli = try newConnection()
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        let connecting = Task { await runner.run(.connect("test_one")) }
        let url = try #require(await inbox.next(Self.signInURL))
        let redirect = try #require(
            URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "redirect_uri" }?.value)
        let port = try #require(URL(string: redirect)?.port)
        #expect(Self.accepts(port: port))

        await runner.run(.connect("test_one"))
        #expect(
            await inbox.next { action -> String? in if case .failed(let message) = action { message } else { nil } }
                == "test_one is already being connected.")

        await runner.run(.cancelConnect("test_one"))
        let finished = await inbox.next { action -> (String, Bool)? in
            if case .connectFinished(_, let message, let isError) = action { (message, isError) } else { nil }
        }
        await connecting.value
        #expect(finished?.0 == "Connecting test_one was cancelled; nothing changed.")
        #expect(finished?.1 == false)
        let listening =
            (try? ChildProcess.run("/usr/bin/ss", ["-tlnp"]).stdout.split(separator: "\n").filter { $0.contains(":\(port) ") }) ?? []
        #expect(!Self.accepts(port: port), "the loopback listener is closed once cancelled: \(listening)")
        let json = try JSONSerialization.jsonObject(with: Data(try cli.ok("show", "test_one", "--json").utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "not_connected")
    }

    @Test func tryItSendsTheRequestOffTheUIAndEscCancelsIt() async throws {
        let (echo, cli) = try keyedConnection(key: "X-Api-Key", placement: "header", value: "sk-tui")
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        func answer() async -> TryItResponse? { await Self.tryItAnswer(inbox) }

        await runner.run(.tryIt("keyed_one", APIRequest(url: "/items", parameters: [KeyValue("page", "2")])))
        let response = try #require(await answer())
        #expect(response.summary.hasPrefix("GET \(echo)/v2/items?page=2 → HTTP 200 · "), "\(response.summary)")
        #expect(response.isJSON && !response.isError)
        #expect(response.bodyLines.contains("    \"x-api-key\" : \"sk-tui\""), "\(response.bodyLines)")
        #expect(response.bodyLines.contains { $0.contains("\"user-agent\" : \"connections/") })
        #expect(response.headers.contains("Content-Type: application/json"))

        let slow = Task { await runner.run(.tryIt("keyed_one", APIRequest(url: echo + "/silent"))) }
        // Cancel once the request is registered as running (a cancel before that would find nothing to cancel).
        let deadline = ContinuousClock.now + .seconds(10)
        while !runner.sessions.isRunning("try:keyed_one"), ContinuousClock.now < deadline { await Task.yield() }
        await runner.run(.cancelTryIt("keyed_one"))
        let cancelled = try #require(await answer())
        await slow.value
        #expect(cancelled.summary == "Cancelled; the request may still have reached the server.", "\(cancelled.summary)")
    }

    /// Try it follows invoke's rule (credentials only to the service's origins), and its summary never shows a
    /// credential that travels in the query.
    @Test func tryItKeepsCredentialsHome() async throws {
        let (echo, cli) = try keyedConnection(key: "key", placement: "query", value: "sk-secret-query")
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        func answer() async -> TryItResponse? { await Self.tryItAnswer(inbox) }
        await runner.run(.tryIt("keyed_one", APIRequest(url: "/items")))
        let sent = try #require(await answer())
        #expect(sent.summary.hasPrefix("GET \(echo)/v2/items → HTTP 200"), "\(sent.summary)")
        #expect(!sent.summary.contains("sk-secret-query"))
        await runner.run(.tryIt("keyed_one", APIRequest(url: "http://localhost:1/steal")))
        let refused = try #require(await answer())
        #expect(refused.isError && refused.summary.contains("Not sent to http://localhost:1"), "\(refused.summary)")
    }

    /// A refresh made by another process (`connections token`) reaches an open page and the list at the next
    /// check, without the list being read again.
    @Test func aRefreshElsewhereReachesTheOpenPage() async throws {
        let cli = try newConnection()
        _ = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        let store = try cli.home.store()
        try store.rewriteConnection(
            "test_one", "UPDATE connections SET expires_at = ? WHERE link_name = 'test_one'", [Date().timeIntervalSince1970 - 10])
        let before = try #require(try store.connection("test_one")?.tokens?.accessToken)
        let mark = try store.changeMark()
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        let refreshed = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(refreshed != before.exposedValue)
        await runner.run(.checkForChanges(mark, openLink: "test_one"))
        let seen = await inbox.next { action -> (ConnectionChanges, Connection?)? in
            if case .changed(let changes, let detail) = action { (changes, detail) } else { nil }
        }
        let summary = try #require(seen?.0.changed?.first { $0.linkName == "test_one" })
        #expect(summary.status(at: Date()) == .connected)
        #expect(seen?.1?.tokens?.accessToken.exposedValue == refreshed, "the open page gets the new token's connection")
    }

    /// Messages in the TUI name the TUI's keys, not a shell command.
    @Test func tuiMessagesNameTUIKeys() async throws {
        let cli = try newConnection()
        let inbox = Inbox()
        let runner = try Self.runner(cli, inbox)
        await runner.run(.tryIt("test_one", APIRequest(url: "/api/me")))
        let answer = await inbox.next { action -> TryItResponse? in
            if case .tryItFinished("test_one", let response) = action { response } else { nil }
        }
        let expected = "Connection test_one is Not connected. Press C on the page of test_one to connect it."
        #expect(answer?.summary == expected, "\(String(describing: answer))")
    }

    /// An API key connection `keyed_one` on the echo server, connected with `value`.
    func keyedConnection(key: String, placement: String, value: String) throws -> (echo: String, cli: CLI) {
        let echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        try cli.importService(
            "name: Keyed\nlink_name: keyed\nauth: api_key\napi_base: \(echo)/v2\napi_key:\n  - {key: \(key), label: API key, placement: "
                + "\(placement)}\n"
        )
        _ = try cli.ok("new", "keyed", "--name", "Keyed one")
        _ = try cli.run("connect", "keyed_one", "--key-stdin", input: value + "\n")
        return (echo, cli)
    }

    static func tryItAnswer(_ inbox: Inbox) async -> TryItResponse? {
        await inbox.next { action -> TryItResponse? in if case .tryItFinished("keyed_one", let response) = action { response } else { nil }
        }
    }

    /// True when something listens on 127.0.0.1:port.
    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// `v` on My Connections checks every connection against the real server, and each row shows its result as it comes;
/// `v` on a connection's page checks that one, and the page says who it is signed in as.
@Suite struct TUIVerifyTests {
    @Test func vChecksEveryConnectionAndEachRowShowsItsResult() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.withWhoami(server)
        _ = try cli.ok("new", "test", "--name", "Test two")
        #expect(try cli.run(["connect", "test_one"], environment: try CLI.browser()).status == 0)
        let inbox = TUIConnectTests.Inbox()
        let runner = try TUIConnectTests.runner(cli, inbox)
        var state = AppState(width: 100, height: 30)
        _ = update(&state, .loaded(connections: try cli.home.store().connectionSummaries(), services: []))
        let effects = update(&state, .input(.key(.character("v"))))
        #expect(effects == [.verify(["test_one", "test_two"])], "\(effects)")
        #expect(screenText(state).contains("checking…"), "\(screenText(state))")

        let verifying = Task { await runner.run(effects[0]) }
        for _ in 0..<2 {
            let report = try #require(await inbox.next { if case .verified = $0 { $0 } else { nil } })
            _ = update(&state, report)
        }
        await verifying.value
        let screen = screenText(state)
        let rows = screen.split(separator: "\n")
        #expect(rows.contains { $0.contains("test_one") && $0.contains("Connected ✓") }, "\(screen)")
        #expect(rows.contains { $0.contains("test_two") && $0.contains("✗ failing") }, "\(screen)")
        #expect(!screen.contains("checking…"))

        let detail = try #require(try cli.home.store().connection("test_one"))
        _ = update(&state, .detailLoaded(detail, try #require(try cli.home.store().customService("test"))))
        #expect(update(&state, .input(.key(.character("v")))) == [.verify(["test_one"])])
        await runner.run(.verify(["test_one"]))
        _ = update(&state, try #require(await inbox.next { if case .verified = $0 { $0 } else { nil } }))
        let page = screenText(state)
        #expect(page.contains("Signed in as") && page.contains("Last check       passed"), "\(page)")
        #expect(state.status?.text.contains("test_one works, signed in as") == true, "\(String(describing: state.status))")
    }

    /// Without a check this session, a row that needs attention (a refresh token about to die unused) says so.
    @Test func aRowThatNeedsAttentionIsMarked() {
        let now = Date()
        var summary = Connection(
            name: "A", linkName: "a", serviceLinkName: "s", storedStatus: .connected,
            tokens: TokenSet(accessToken: Secret("t"), refreshToken: Secret("r"), expiresAt: now.addingTimeInterval(3600))
        ).summary
        #expect(ConnectionListView.statusText(summary, check: nil, now: now) == "Connected")
        summary.health.refreshTokenExpiresAt = now.addingTimeInterval(3 * 86_400)
        #expect(ConnectionListView.statusText(summary, check: nil, now: now) == "Connected !")
        #expect(ConnectionListView.statusText(summary, check: .running, now: now) == "checking…")
    }

    func screenText(_ state: AppState) -> String { render(state).lines.joined(separator: "\n") }
}
