import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// The page while a connection waits for its browser or device code: what it shows, and what c, u, p and Esc do.
@Suite struct ConnectWaitTests {
    static let signIn = URL(
        string:
            "https://accounts.example.test/o/authorize?client_id=app&state=s1&code_challenge=abc"
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A53134%2Fcallback"
    )!

    static func waiting(width: Int = 100, height: Int = 30) throws -> AppState {
        var state = try ScreenTests.sampleState(width: width, height: height)
        let service = try #require(try Catalog.bundled().service("google"))
        let connection = Connection(
            name: "Work Google", linkName: "work_google", serviceLinkName: "google", scopes: ["openid"], storedStatus: .notConnected)
        state.screen = .detail(DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service)))
        _ = update(&state, .input(.key(.character("C"))))
        return state
    }

    static func wait(_ state: AppState) -> ConnectWait? {
        if case .detail(let detail) = state.screen { detail.connecting } else { nil }
    }

    @Test func connectStartsOnceAndShowsTheURLWithoutABrowser() throws {
        var state = try Self.waiting()
        #expect(Self.wait(state)?.message == "Starting…")
        #expect(update(&state, .input(.key(.character("C")))).isEmpty, "a second C while connecting starts nothing")
        _ = update(
            &state,
            .authorization(
                link: "work_google", .openURL(Self.signIn, launched: nil, notLaunched: "no display (DISPLAY and WAYLAND_DISPLAY are unset)")
            ))
        let screen = render(state).lines.joined(separator: "\n")
        Golden.check(screen, "detail_connecting_paste")
        // The long URL is wrapped whole across rows, so that it can be selected by hand too.
        let joined = render(state).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(joined.contains(Self.signIn.absoluteString))
    }

    @Test func eventsForAnotherConnectionAreIgnored() throws {
        var state = try Self.waiting()
        _ = update(&state, .authorization(link: "other_link", .openURL(Self.signIn, launched: "xdg-open", notLaunched: nil)))
        #expect(Self.wait(state)?.url == nil)
    }

    @Test func cCopiesTheURLAndEscCancels() throws {
        var state = try Self.waiting()
        _ = update(&state, .authorization(link: "work_google", .openURL(Self.signIn, launched: "xdg-open", notLaunched: nil)))
        #expect(update(&state, .input(.key(.character("c")))) == [.copy(Self.signIn.absoluteString, what: "sign-in URL")])
        #expect(update(&state, .input(.key(.escape))) == [.cancelConnect("work_google")])
        #expect(Self.wait(state)?.message == "Cancelling…")
        guard case .detail = state.screen else { Issue.record("Esc while connecting must not leave the page"); return }
        _ = update(&state, .connectFinished(nil, message: "Connecting work_google was cancelled; nothing changed.", isError: false))
        #expect(Self.wait(state) == nil)
        #expect(update(&state, .input(.key(.escape))) == [] && state.screen == .main, "once finished, Esc goes back again")
    }

    @Test func pTypedOrPastedRedirectIsSentToTheWaitingFlow() throws {
        var state = try Self.waiting()
        _ = update(&state, .authorization(link: "work_google", .openURL(Self.signIn, launched: nil, notLaunched: "--no-browser was given")))
        _ = update(&state, .input(.key(.character("p"))))
        for character in "http://127.0.0.1/cb?code=1" { _ = update(&state, .input(.key(.character(character)))) }
        #expect(Self.wait(state)?.paste?.text == "http://127.0.0.1/cb?code=1")
        _ = update(&state, .input(.key(.escape)))
        #expect(Self.wait(state)?.paste == nil && Self.wait(state)?.url != nil, "Esc in the field closes only the field")
        // A bracketed paste opens the field by itself.
        _ = update(&state, .input(.paste("http://127.0.0.1:53134/callback?code=abc&state=s1\n")))
        #expect(Self.wait(state)?.paste?.text == "http://127.0.0.1:53134/callback?code=abc&state=s1")
        Golden.check(render(state).lines.joined(separator: "\n"), "detail_connecting_paste_field")
        #expect(
            update(&state, .input(.key(.enter))) == [
                .pasteRedirect("work_google", text: "http://127.0.0.1:53134/callback?code=abc&state=s1")
            ])
        #expect(Self.wait(state)?.message == "Checking the pasted redirect…")
        _ = update(&state, .authorization(link: "work_google", .pasteRejected("That is not the address this sign-in ends on.")))
        #expect(Self.wait(state)?.message == "That is not the address this sign-in ends on. Press p to paste again.")
    }

    @Test func deviceCodeScreen() throws {
        var state = try Self.waiting()
        let device = DeviceAuthorization(
            deviceCode: "dev-code", userCode: "WDJB-MJHT", verificationURI: "https://example.test/device", verificationURIComplete: nil,
            expiresIn: 900, interval: 5)
        _ = update(&state, .authorization(link: "work_google", .deviceCode(device)))
        Golden.check(render(state).lines.joined(separator: "\n"), "detail_connecting_device")
        #expect(update(&state, .input(.key(.character("u")))) == [.copy("WDJB-MJHT", what: "user code")])
        #expect(update(&state, .input(.key(.character("c")))) == [.copy("https://example.test/device", what: "verification URL")])
        _ = update(&state, .input(.key(.character("p"))))
        #expect(Self.wait(state)?.paste == nil, "nothing to paste in the device flow")
    }

    @Test func narrowTerminalStillShowsTheKeys() throws {
        var state = try Self.waiting(width: 60, height: 15)
        _ = update(&state, .authorization(link: "work_google", .openURL(Self.signIn, launched: nil, notLaunched: "--no-browser was given")))
        let lines = render(state).lines
        #expect(lines.contains { $0.contains("[c] copy URL  [p] paste redirect  [esc] cancel") })
    }
}

/// The credentials form (API key, Basic) and the Try it answer on a connection's page.
@Suite struct DetailPanelTests {
    @Test func credentialsAreTypedMaskedAndStored() async throws {
        let harness = try Harness()
        try harness.workspace.saveService(
            Service(
                name: "Keyed", linkName: "keyed",
                auth: .apiKey([
                    APIKeyField(key: "X-Api-Key", label: "API key", placement: .header),
                    APIKeyField(key: "account", label: "Account ID", placement: .query),
                ]), apiBase: "https://keyed.test"), replace: false)
        _ = try harness.workspace.createConnection(ConnectionDraft(serviceLinkName: "keyed", name: "Keyed one"))
        await harness.load()
        await harness.press("enter")
        await harness.press("C")
        guard case .detail(let detail) = harness.state.screen, detail.credentials != nil else {
            Issue.record("no credentials form"); return
        }
        await harness.type("sk-live-123")
        await harness.press("ctrl+s")
        #expect(harness.screen.contains("Account ID is needed."), "an empty value stays in the form with its error")
        // The focus moved to the field that needs a value.
        await harness.type("acc-9")
        #expect(
            !harness.screen.contains("sk-live-123") && harness.screen.contains("•••••••••••"),
            "the key is masked")
        Golden.check(harness.screen, "detail_credentials")
        await harness.press("ctrl+s")
        let stored = try #require(try harness.workspace.store.connection("keyed_one"))
        #expect(stored.storedStatus == .connected)
        #expect(stored.credentials["X-Api-Key"]?.exposedValue == "sk-live-123" && stored.credentials["account"]?.exposedValue == "acc-9")
        guard case .detail(let after) = harness.state.screen else { Issue.record("left the page"); return }
        #expect(after.credentials == nil && harness.state.status?.text.hasPrefix("Connected keyed_one") == true)
    }

    @Test func tryItShowsTheAnswerScrollsAndCloses() throws {
        var state = try ConnectWaitTests.waiting()
        guard case .detail(var detail) = state.screen else { return }
        detail.enter(.connectEnded(succeeded: false))
        state.screen = .detail(detail)
        let effects = update(&state, .input(.key(.character("t"))))
        guard case .tryIt("work_google", let request)? = effects.first else { Issue.record("no request sent: \(effects)"); return }
        #expect(request.method == "GET" && request.timeout == APIRequest.defaultTimeout)
        #expect(render(state).lines.contains { $0.contains("Sending… (esc cancels)") })
        #expect(update(&state, .input(.key(.escape))) == [.cancelTryIt("work_google")])

        let body = [
            "{", "  \"files\" : [", "    {", "      \"id\" : 42,", "      \"name\" : \"report.pdf\",", "      \"shared\" : true", "    }",
            "  ]", "}",
        ]
        let response = TryItResponse(
            summary: "GET https://www.googleapis.com/drive/v3/files → HTTP 200 · 87 ms", isError: false,
            headers: ["Content-Type: application/json"], bodyLines: body, isJSON: true)
        _ = update(&state, .tryItFinished(link: "work_google", response))
        let grid = render(state)
        Golden.check(grid.lines.joined(separator: "\n"), "detail_try_it")
        let numberRow = try #require(grid.lines.firstIndex { $0.contains("\"id\" : 42") })
        let numberColumn = try #require(grid.lines[numberRow].range(of: "42")).lowerBound
        #expect(
            grid[grid.lines[numberRow].distance(from: grid.lines[numberRow].startIndex, to: numberColumn), numberRow].role == .codeNumber)
        _ = update(&state, .input(.key(.character("j"))))
        guard case .detail(let scrolled) = state.screen else { return }
        #expect(scrolled.tryIt?.scroll == 1)
        _ = update(&state, .input(.key(.escape)))
        guard case .detail(let closed) = state.screen else { Issue.record("esc left the page"); return }
        #expect(closed.tryIt == nil)
    }
}

@Suite struct TryItFormatterTests {
    @Test func emptyContainersStayOnOneLine() {
        #expect(
            TryItFormatter.compactEmptyContainers(["{", "  \"query\" : {", "", "  },", "  \"list\" : [", "", "  ]", "}"])
                == ["{", "  \"query\" : {},", "  \"list\" : []", "}"])
    }
}

/// The mouse on a connection's page: buttons, request fields, language names.
@Suite struct DetailMouseTests {
    func find(_ text: String, in state: AppState) throws -> (x: Int, y: Int) {
        let lines = render(state).lines
        let y = try #require(lines.firstIndex { $0.contains(text) }, "\(text) not on screen")
        let range = try #require(lines[y].range(of: text))
        return (DisplayWidth.of(String(lines[y][..<range.lowerBound])) + 1, y)
    }

    func click(_ state: inout AppState, _ text: String) throws -> [Effect] {
        let at = try find(text, in: state)
        return update(&state, .input(.mouse(x: at.x, y: at.y, button: .left)))
    }

    func detail(_ state: AppState) -> DetailState? {
        if case .detail(let detail) = state.screen { detail } else { nil }
    }

    @Test func buttonsFieldsAndLanguagesTakeClicks() throws {
        var state = try ConnectWaitTests.waiting()
        guard var page = detail(state) else { return }
        page.enter(.connectEnded(succeeded: false))
        state.screen = .detail(page)

        _ = try click(&state, "Python")
        #expect(detail(state)?.language == .python)
        _ = try click(&state, "Parameters")
        #expect(detail(state)?.editing == true && detail(state)?.request.focused?.id == "parameters")
        // A button works even while a request field has the keys.
        let effects = try click(&state, "[t try it]")
        guard case .tryIt("work_google", _)? = effects.first else { Issue.record("no request: \(effects)"); return }
        #expect(detail(state)?.editing == false)
        _ = update(&state, .tryItFinished(link: "work_google", TryItResponse(summary: "HTTP 204", isError: false)))
        _ = try click(&state, "[D delete]")
        #expect(detail(state)?.confirming == .delete)
    }
}

/// Keys rebound in the config: hints, buttons and clicks follow the keymap.
@Suite struct ReboundKeyTests {
    @Test func aReboundConnectKeyIsWhatTheButtonAndTheBarSayAndAClickConnects() throws {
        var state = try ConnectWaitTests.waiting()
        state.keymap = Keymap.standard.overriding(["connect": ["c"], "detail.revoke": ["ctrl+x"]])
        guard var page = DetailMouseTests().detail(state) else { return }
        page.enter(.connectEnded(succeeded: false))
        page.connection.tokens = TokenSet(accessToken: Secret("ya29.t"))
        state.screen = .detail(page)
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("[c connect]") && screen.contains("[ctrl+x revoke]"), "\(screen)")
        #expect(!screen.contains("[C connect]"))
        #expect(Chrome.hints(state).contains("c connect") && Chrome.hints(state).contains("ctrl+x revoke"), "\(Chrome.hints(state))")
        let effects = try DetailMouseTests().click(&state, "[c connect]")
        #expect(effects == [.connect("work_google")], "\(effects)")
        // The old key does nothing now.
        page.enter(.connectEnded(succeeded: false))
        state.screen = .detail(page)
        #expect(update(&state, .input(.key(.character("C")))).isEmpty)
    }

    @Test func aContextOverrideLeavesOtherContextsAlone() {
        let keymap = Keymap.standard.overriding(["list.nextTab": ["n"]])
        #expect(keymap.command(for: .character("n"), in: [.list]) == .nextTab)
        #expect(keymap.command(for: .tab, in: [.list]) == nil)
        #expect(keymap.command(for: .tab, in: [.form]) == .nextField, "Tab in forms stays")
        #expect(keymap.command(for: .control("n"), in: [.global]) == .nextTab, "the global binding stays")
    }

    @Test func listEditorHintsNameTheReboundKeys() {
        var keymap = Keymap.standard.overriding(["removeItem": ["ctrl+d"], "moveItemUp": ["u"]])
        var state = AppState(width: 100, height: 30)
        state.keymap = keymap
        let hints = ListEditorView.hints(ListEditor(items: ["a", "b"]), keymap)
        #expect(hints.contains("ctrl+d removes") && hints.contains("u > move"), "\(hints)")
        var list = ListEditor(items: ["a", "b"], checked: nil)
        list.selected = 1
        _ = list.handle(.character("u"), command: keymap.command(for: .character("u"), in: [.listEditor]))
        #expect(list.items == ["b", "a"])
        keymap = .standard
        #expect(ListEditorView.hints(ListEditor(items: []), keymap).contains("delete removes"))
    }
}

/// Deleting a connection that the provider can revoke says so, and offers to keep the grant there.
@Suite struct DeletePromptTests {
    func page(tokens: TokenSet?) throws -> AppState {
        var state = try ScreenTests.sampleState(width: 120, height: 30)
        let service = try #require(try Catalog.bundled().service("google"))
        let connection = Connection(
            name: "Work Google", linkName: "work_google", serviceLinkName: "google", storedStatus: .connected, tokens: tokens)
        state.screen = .detail(DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service)))
        return state
    }

    @Test func aRevocableConnectionAsksHowToDelete() throws {
        var state = try page(tokens: TokenSet(accessToken: Secret("at")))
        #expect(update(&state, .input(.key(.character("D")))).isEmpty)
        #expect(
            state.status?.text.contains("It is revoked at Google first. y: revoke and delete · k: delete, keep the grant there") == true,
            "\(String(describing: state.status))")
        let effects = update(&state, .input(.key(.character("k"))))
        guard case .deleteConnection("work_google", keepRemote: true)? = effects.first else { Issue.record("\(effects)"); return }
        _ = update(&state, .input(.key(.character("D"))))
        guard case .deleteConnection("work_google", keepRemote: false)? = update(&state, .input(.key(.character("y")))).first else {
            Issue.record("no delete"); return
        }
    }

    @Test func withoutTokensThereIsNothingToRevoke() throws {
        var state = try page(tokens: nil)
        _ = update(&state, .input(.key(.character("D"))))
        #expect(state.status?.text == "Delete work_google and its tokens? y to confirm, any other key to keep it.")
        #expect(update(&state, .input(.key(.character("k")))).isEmpty, "k keeps it")
    }
}

/// Actions that end something ask first; the redirect URI's copy key works where its hint says.
@Suite struct ConfirmationTests {
    @Test func ctrlCWhileConnectingAsks() throws {
        var state = try ConnectWaitTests.waiting()
        #expect(update(&state, .input(.key(.control("c")))).isEmpty)
        #expect(!state.quitting)
        #expect(state.status?.text.hasPrefix("Quit while work_google is connecting?") == true, "\(String(describing: state.status))")
        _ = update(&state, .input(.key(.character("n"))))
        #expect(!state.quitting && ConnectWaitTests.wait(state) != nil, "still waiting")
        _ = update(&state, .input(.key(.control("c"))))
        #expect(update(&state, .input(.key(.character("y")))) == [.cancelConnect("work_google"), .quit])
        #expect(state.quitting)
    }

    @Test func revokeAsks() throws {
        var state = try ConnectWaitTests.waiting()
        guard case .detail(var page) = state.screen else { return }
        page.enter(.connectEnded(succeeded: false))
        page.connection.tokens = TokenSet(accessToken: Secret("ya29.t"))
        state.screen = .detail(page)
        #expect(update(&state, .input(.key(.character("R")))).isEmpty)
        #expect(state.status?.text.hasPrefix("Revoke work_google?") == true)
        #expect(update(&state, .input(.key(.character("x")))).isEmpty)
        #expect(state.status?.text == "Not revoked.")
        _ = update(&state, .input(.key(.character("R"))))
        #expect(update(&state, .input(.key(.character("y")))) == [.revoke("work_google")])
    }

    /// The new connection form for Google, with `focus` focused.
    func newConnectionForm(focus: String) throws -> AppState {
        var state = try ScreenTests.sampleState(width: 120, height: 40)
        let service = try #require(try Catalog.bundled().service("google"))
        var new = NewConnectionState(service: service, form: ConnectionForms.newConnection(for: service, suggestedLink: ""))
        new.form.focus = try #require(new.form.index(of: focus))
        state.screen = .newConnection(new)
        return state
    }

    @Test func aBadLinkNameIsReportedOnLeavingTheField() throws {
        var state = try newConnectionForm(focus: "link_name")
        for character in "Work-Mail" { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.tab)))
        guard case .newConnection(let after) = state.screen else { return }
        let error = after.form.fields.first { $0.id == "link_name" }?.error
        #expect(error == "Link name must start with a lowercase letter (a-z); 'W' does not.", "\(String(describing: error))")
    }

    @Test func theRequestBuilderIsKeptPerConnection() throws {
        var state = try ConnectWaitTests.waiting()
        guard case .detail(var page) = state.screen else { return }
        page.enter(.connectEnded(succeeded: false))
        state.screen = .detail(page)
        let (connection, service) = (page.connection, page.service)
        _ = update(&state, .input(.key(.tab)))
        for character in "/drive/v3/files" { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.escape)))
        _ = update(&state, .input(.key(.character("L"))))
        _ = update(&state, .input(.key(.escape)))
        #expect(state.screen == .main)
        let other = Connection(name: "Other", linkName: "other", serviceLinkName: "google")
        _ = update(&state, .detailLoaded(other, service))
        guard case .detail(let otherPage) = state.screen else { return }
        #expect(otherPage.request.value("url").isEmpty, "another connection starts empty")
        _ = update(&state, .input(.key(.escape)))
        _ = update(&state, .detailLoaded(connection, service))
        guard case .detail(let back) = state.screen else { return }
        #expect(back.request.value("url") == "/drive/v3/files" && back.language == .curl)
    }

    @Test func yCopiesTheRedirectURIInTheNewConnectionForm() throws {
        var state = try newConnectionForm(focus: "redirect_uri")
        let effects = update(&state, .input(.key(.character("y"))))
        #expect(effects == [.copy("http://127.0.0.1:53134/callback", what: "redirect URI")], "\(effects)")
    }
}
