import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// The TUI's second pass (issue 25): what a new user met, each with the test that holds it.
@Suite struct SecondPassTests {
    /// A connection to an OAuth 2 service whose token has expired; its token endpoint is a closed port, so a
    /// refresh, if one were tried, would fail.
    static func expiredConnection(_ harness: Harness) throws {
        _ = try harness.workspace.importService(
            yaml: """
                name: Expiring
                link_name: expiring
                auth: oauth2
                api_base: https://api.expiring.test
                oauth2: {client_id: app, authorize_url: "https://expiring.test/a", token_url: "http://127.0.0.1:9/token"}
                """, file: "expiring.yaml", replace: false)
        _ = try harness.workspace.createConnection(ConnectionDraft(serviceLinkName: "expiring", name: "Expiring one"))
        try harness.workspace.store.saveAuthorization(
            "expiring_one",
            tokens: TokenSet(accessToken: Secret("AT-old"), refreshToken: Secret("RT"), expiresAt: Date().addingTimeInterval(-60)),
            status: .connected)
    }

    /// Item 14: a Try it refused before sending ("Not sent to …") refreshes nothing.
    @Test func aRefusedTryItRefreshesNothing() async throws {
        let harness = try Harness()
        try Self.expiredConnection(harness)
        await harness.load()
        await harness.press("enter")
        guard case .detail = harness.state.screen else { Issue.record("no page"); return }
        await harness.press("tab")
        await harness.type("https://elsewhere.test/x")
        await harness.press("esc", "t")
        guard case .detail(let detail) = harness.state.screen else { Issue.record("no page"); return }
        let summary = try #require(detail.tryIt?.response?.summary)
        #expect(summary.hasPrefix("Not sent to https://elsewhere.test"), "\(summary)")
        let stored = try harness.workspace.connection("expiring_one")
        #expect(stored.tokens?.accessToken.exposedValue == "AT-old" && stored.storedStatus == .connected, "\(stored.storedStatus)")
    }

    /// A connection's page on a catalog service, its request builder untouched.
    static func page(width: Int = 100, height: Int = 30, connected: Bool = false) throws -> AppState {
        var state = try ScreenTests.sampleState(width: width, height: height)
        let service = try #require(try Catalog.bundled().service("twilio"))
        var connection = Connection(name: "Twilio SMS", linkName: "twilio_sms", serviceLinkName: "twilio", storedStatus: .notConnected)
        if connected {
            connection.credentials = ["username": Secret("AC1"), "password": Secret("pw")]
            connection.storedStatus = .connected
        }
        state.screen = .detail(DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service)))
        return state
    }

    static func detail(_ state: AppState) -> DetailState? {
        if case .detail(let detail) = state.screen { detail } else { nil }
    }

    /// Item 12: in the request URL field `t` types; the bar says that enter leaves the field and which key tries it
    /// from there; enter leaves and says what the page's keys do now.
    @Test func theRequestFieldSaysHowToLeaveAndTryIt() throws {
        var state = try Self.page(connected: true)
        _ = update(&state, .input(.key(.tab)))
        _ = update(&state, .input(.key(.character("t"))))
        #expect(Self.detail(state)?.request.value("url") == "t" && Self.detail(state)?.tryIt == nil)
        let bar = render(state).lines.last ?? ""
        #expect(bar.contains("enter leaves the field · ctrl+t try it"), "\(bar)")
        let effects = update(&state, .input(.key(.control("t"))))
        #expect(effects.count == 1 && Self.detail(state)?.tryIt?.running == true, "\(effects)")
        #expect(Self.detail(state)?.editing == true, "ctrl+t tries it without leaving the field")
        _ = update(&state, .input(.key(.escape)))
        _ = update(&state, .tryItFinished(link: "twilio_sms", TryItResponse(summary: "Cancelled", isError: true)))
        _ = update(&state, .input(.key(.tab)))
        _ = update(&state, .input(.key(.enter)))
        #expect(Self.detail(state)?.editing == false)
        #expect(state.status?.text.contains("t tries the request") == true, "\(String(describing: state.status))")
        #expect(render(state).lines.contains { $0.contains("t tries the request") })
    }

    static func newConnection(_ link: String, width: Int = 100, height: Int = 30) throws -> AppState {
        var state = try ScreenTests.sampleState(width: width, height: height)
        let service = try #require(try Catalog.bundled().service(link))
        state.tab = .pickService
        state.screen = .newConnection(
            NewConnectionState(service: service, form: ConnectionForms.newConnection(for: service, suggestedLink: "")))
        return state
    }

    static func errors(_ state: AppState) -> [String: String] {
        guard case .newConnection(let new) = state.screen else { return [:] }
        return Dictionary(uniqueKeysWithValues: new.form.fields.compactMap { field in field.error.map { (field.id, $0) } })
    }

    /// Item 6: HubSpot with everything empty says at once that it needs a name, a link name and a client ID;
    /// Auth0's empty subdomain is flagged with them.
    @Test func everythingWrongIsSaidAtOnce() throws {
        var state = try Self.newConnection("hubspot")
        #expect(update(&state, .input(.key(.control("s")))).isEmpty)
        #expect(Set(Self.errors(state).keys) == ["name", "link_name", "client_id"], "\(Self.errors(state))")
        #expect(state.status?.text.hasPrefix("Not created: 3 fields need attention") == true, "\(String(describing: state.status))")
        #expect(Self.errors(state)["client_id"]?.contains("(y copies it)") == true, "the copy key as the keymap binds it")

        state = try Self.newConnection("auth0")
        for character in "Tenant" { _ = update(&state, .input(.key(.character(character)))) }
        #expect(update(&state, .input(.key(.control("s")))).isEmpty)
        #expect(Set(Self.errors(state).keys) == ["parameters.subdomain", "client_id"], "\(Self.errors(state))")
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("↳ Auth0 needs a value for 'subdomain'."), "\(screen)")
    }

    /// Item 15: at 80x24 Try it's answer shows its body under a summary that wraps (the request builder steps back to
    /// its URL row while an answer is open), not only the rows of its headers.
    @Test func tryItsAnswerHasRoomAt80x24() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        guard case .detail(var page) = state.screen else { return }
        let headers = ["content-type: application/json", "date: Fri, 04 Dec 2026 20:00:00 GMT", "server: ESF", "vary: Origin"]
        let body = ["{", "  \"files\" : [", "    \"a.txt\",", "    \"b.txt\"", "  ],", "  \"kind\" : \"drive#fileList\"", "}"]
        page.enter(
            .answer(
                TryItState(
                    running: false,
                    response: TryItResponse(
                        summary: "GET https://www.googleapis.com/drive/v3/files → HTTP 200 · 80 ms · token refreshed after a 401",
                        isError: false, headers: headers, bodyLines: body, isJSON: true))))
        state.screen = .detail(page)
        let lines = render(state).lines
        let shown = body.filter { line in lines.contains { $0.contains(line.trimmingCharacters(in: .whitespaces)) } }
        #expect(shown.count >= 5, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("/drive/v3/files") && $0.contains("URL") }, "the request's URL stays in sight")
        state.keymap = Keymap.standard.overriding(["back": ["ctrl+g"]])
        #expect(render(state).lines.contains { $0.contains("ctrl+g closes") }, "the answer names the keys as bound")
    }

    /// Item 5: `c` offers "custom" once there are services of your own, and `C` steps back; a letter that is no key
    /// starts the filter (`g` is a key and jumps to the top).
    @Test func categoriesStepBothWaysAndOfferCustom() throws {
        var state = try ScreenTests.sampleState()
        var own = Service(name: "Acme CRM", linkName: "acme_crm", auth: .basic, apiBase: "https://acme.test")
        own.origin = .custom
        state.services.append(own)
        state.tab = .pickService
        _ = update(&state, .input(.key(.character("c"))))
        #expect(state.serviceKinds.category == "custom" && state.visibleServices.map(\.linkName) == ["acme_crm"])
        _ = update(&state, .input(.key(.character("C"))))
        #expect(state.serviceKinds.category == nil, "C steps back to all")
        _ = update(&state, .input(.key(.character("C"))))
        #expect(state.serviceKinds.category == ServiceFilter.categories(of: state.services).last)
        _ = update(&state, .input(.key(.character("c"))))
        _ = update(&state, .input(.key(.character("j"))))
        _ = update(&state, .input(.key(.character("g"))))
        #expect(state.serviceList.selected == 0 && !state.serviceList.filtering)
        _ = update(&state, .input(.key(.character("x"))))
        #expect(state.serviceList.filtering && state.serviceList.filter.text == "x")
    }

    /// Item 10: after "Save and create connection" and after ctrl+s then Esc the tab shows the same thing: the saved
    /// service, from its first field; ctrl+o starts a new one.
    @Test func theCustomServiceTabShowsWhatWasLeftThere() async throws {
        for saveAndConnect in [true, false] {
            let harness = try Harness()
            await harness.load()
            await harness.press("]", "]")
            await harness.type("Plain API")
            await harness.focus("auth")
            await harness.press("right", "right", "right")
            await harness.type("https://plain.test", into: "api_base")
            if saveAndConnect {
                await harness.focus("save_and_connect")
                await harness.press("enter")
                guard case .newConnection = harness.state.screen else { Issue.record("no new connection form"); return }
                await harness.press("esc", "]")
            } else {
                await harness.press("ctrl+s", "esc")
                #expect(harness.state.tab == .myConnections)
                await harness.press("[")
            }
            #expect(harness.state.tab == .customService)
            #expect(harness.screen.contains("Edit service plain_api · ctrl+o starts a new one"), "\(harness.screen)")
            #expect(harness.state.serviceForm.focused?.id == "name", "from its first field")
            await harness.press("ctrl+o")
            #expect(harness.screen.contains("New custom service") && harness.state.serviceForm.value("name").isEmpty)
        }
    }

    /// Item 10: `e` on Pick Your Service does not replace typed work in the Custom Service tab.
    @Test func editingAServiceKeepsTypedWork() throws {
        var state = try ScreenTests.sampleState()
        var own = Service(name: "Acme CRM", linkName: "acme_crm", auth: .basic, apiBase: "https://acme.test")
        own.origin = .custom
        state.services = [own]
        state.tab = .customService
        for character in "Half typed" { _ = update(&state, .input(.key(.character(character)))) }
        state.tab = .pickService
        _ = update(&state, .input(.key(.character("e"))))
        #expect(state.tab == .pickService && state.serviceForm.value("name") == "Half typed")
        #expect(state.status?.text.contains("save it there (ctrl+s) or start a new service (ctrl+o") == true, "\(state.status?.text ?? "")")
    }

    /// Item 11: a form taller than the screen says how many fields continue below (and, once scrolled, above), and
    /// the terminal cursor sits on the focused field's row (a list field's: the row where its next item is typed).
    @Test func aLongFormSaysWhatContinuesAndTheCursorIsOnTheField() throws {
        var state = try ScreenTests.sampleState(width: 100, height: 30)
        state.tab = .customService
        var lines = render(state).lines
        #expect(lines[lines.count - 2].contains("more fields below · tab goes down"), "\(lines.joined(separator: "\n"))")
        for _ in 0..<state.serviceForm.fields.count {
            _ = update(&state, .input(.key(.tab)))
            let grid = render(state)
            let bottom = Layout.contentBottom(height: Layout.pageHeight(state))
            let placement = Layout.formPlacement(
                state.serviceForm, top: Layout.contentTop + 1, bottom: bottom, width: state.width, keymap: state.keymap)
            let row = try #require(placement.rows.first { $0.field == state.serviceForm.focus }?.y, "the focused field is drawn")
            if let cursor = grid.cursor {
                let expected = state.serviceForm.focused?.list == nil ? row : row + 1
                #expect(cursor.y == expected, "\(state.serviceForm.focused?.id ?? ""): cursor \(cursor.y), field \(row)")
                // The cursor's row shows as the focused field's: a list's typing row has its "+" marked too.
                #expect(grid[FormView.valueX, cursor.y].role == .fieldFocused, "\(state.serviceForm.focused?.id ?? "")")
            }
            lines = grid.lines
            if placement.above > 0 { #expect(lines[Layout.contentTop + 1].contains("more field")) }
        }
        // From the name, two back: past "Discover from URL" to the last field.
        _ = update(&state, .input(.key(.backTab)))
        _ = update(&state, .input(.key(.backTab)))
        #expect(state.serviceForm.focused?.id == "save_and_connect")
        #expect(render(state).lines.contains { $0.contains("Save and create connection") }, "the last field can be reached")
        #expect(render(state).lines.contains { $0.contains("more fields above · shift+tab goes up") })
    }
}

/// The questions a page asks, as they look: the message area's rows and styles, and nothing drawn over them.
@Suite struct ConfirmationLookTests {
    @Test(arguments: ["D", "R"])
    func aQuestionHasTheMessageAreaAndItsStyle(_ key: String) throws {
        var state = try SecondPassTests.page(width: 80, height: 24, connected: true)
        _ = update(&state, .input(.key(.character(Character(key)))))
        #expect(SecondPassTests.detail(state)?.confirming != nil)
        let grid = render(state)
        #expect(grid.faults.isEmpty, "\(grid.faults)")
        Golden.check(grid.styledLines.joined(separator: "\n"), "confirmation_\(key == "D" ? "delete" : "revoke")_80x24_styles")
    }
}
