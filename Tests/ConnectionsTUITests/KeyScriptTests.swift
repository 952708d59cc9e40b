import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

@Suite struct KeyScriptTests {
    @Test func typeACustomServiceAndSaveIt() async throws {
        let harness = try Harness()
        await harness.load()
        await harness.press("]", "]")
        #expect(harness.state.tab == .customService)
        await harness.type("Acme CRM")
        #expect(harness.state.serviceForm.value("link_name") == "acme_crm")
        await harness.type("acme-client", into: "oauth2.client_id")
        await harness.press("tab")
        await harness.type("s3cret")
        #expect(!harness.screen.contains("s3cret"))
        await harness.press("ctrl+r")
        #expect(harness.screen.contains("s3cret"))
        await harness.type("https://acme.test/oauth/authorize", into: "oauth2.authorize_url")
        await harness.press("tab")
        await harness.type("https://acme.test/oauth/token")
        await harness.type("contacts.read deals.write", into: "oauth2.scopes")
        await harness.press("ctrl+s")
        #expect(harness.state.status?.text == "Saved service Acme CRM (acme_crm).", "\(String(describing: harness.state.status))")
        let stored = try #require(try harness.workspace.store.customService("acme_crm"))
        #expect(stored.auth.oauth2?.clientSecret?.exposedValue == "s3cret")
        #expect(stored.auth.oauth2?.scopes == ["contacts.read", "deals.write"])
        #expect(harness.state.services.contains { $0.linkName == "acme_crm" })
    }

    /// Esc never wipes typed work without asking; with nothing typed it goes back; the form survives tab switches.
    @Test func escAsksBeforeDiscardingTheServiceForm() async throws {
        let harness = try Harness()
        await harness.press("]", "]")
        await harness.type("Zed Service")
        await harness.press("esc")
        #expect(harness.state.confirmingDiscard)
        #expect(harness.state.status?.text == "Discard what you typed in this form? y discards it, any other key keeps it.")
        await harness.press("n")
        #expect(harness.state.serviceForm.value("name") == "Zed Service" && harness.state.status?.text == "Kept the form.")
        await harness.press("ctrl+p")
        #expect(harness.state.tab == .pickService)
        await harness.press("ctrl+n")
        #expect(harness.state.tab == .customService && harness.state.serviceForm.value("name") == "Zed Service", "kept across tabs")
        await harness.press("esc")
        await harness.press("y")
        #expect(
            harness.state.serviceForm.value("name").isEmpty && harness.state.status?.text == "Discarded the form; this is a new service.")
        await harness.press("esc")
        #expect(harness.state.tab == .myConnections, "an empty form: Esc goes back")
    }

    /// The link name follows the whole name (deletions and edits in the middle too) until it is edited itself.
    @Test func theLinkNameFollowsTheWholeName() async throws {
        let harness = try Harness()
        await harness.press("]", "]")
        await harness.type("Zed Servicee")
        await harness.press("backspace")
        #expect(harness.state.serviceForm.value("link_name") == "zed_service")
        await harness.press("home")
        await harness.type("My ")
        #expect(harness.state.serviceForm.value("name") == "My Zed Service")
        #expect(harness.state.serviceForm.value("link_name") == "my_zed_service")
        await harness.press("end")
        for _ in 0..<14 { await harness.press("backspace") }
        #expect(harness.state.serviceForm.value("name").isEmpty && harness.state.serviceForm.value("link_name").isEmpty)
        await harness.type("Acme")
        await harness.type("_crm", into: "link_name")
        await harness.type(" Inc", into: "name")
        #expect(harness.state.serviceForm.value("link_name") == "acme_crm", "an edited link name stays")
    }

    @Test func switchingAuthTypeKeepsWhatWasTyped() async throws {
        let harness = try Harness()
        await harness.press("]", "]")
        await harness.type("Keyed")
        await harness.focus("auth")
        await harness.press("right", "right")
        #expect(ServiceForm.authType(of: harness.state.serviceForm) == .apiKey)
        #expect(harness.state.serviceForm.value("name") == "Keyed")
        #expect(harness.state.serviceForm.index(of: "api_key[0].key") != nil)
        #expect(harness.state.serviceForm.index(of: "oauth2.client_id") == nil)
        await harness.press("ctrl+s")
        #expect(
            harness.state.serviceForm.fields.first { $0.id == "api_key[0].key" }?.error?.contains("Add at least one API key row") == true)
        #expect(harness.screen.contains("↳ Add at least one API key row"))
    }

    @Test func pickAServiceCreateAConnectionAndSeeItsSnippet() async throws {
        let harness = try Harness()
        await harness.load()
        await harness.press("tab")
        #expect(harness.state.tab == .pickService)
        await harness.press("/")
        await harness.type("twil")
        await harness.press("enter", "enter")
        guard case .newConnection(let new) = harness.state.screen else { Issue.record("no form"); return }
        #expect(new.service.linkName == "twilio")
        await harness.type("SMS alerts")
        #expect(harness.currentForm?.value("link_name") == "sms_alerts")
        await harness.press("ctrl+s")
        guard case .detail(let detail) = harness.state.screen else { Issue.record("no detail: \(harness.state.status as Any)"); return }
        #expect(detail.connection.linkName == "sms_alerts")
        // Create and Connect on a Basic service asks for the username and password; Esc puts it off.
        #expect(detail.credentials?.fields.map(\.id) == ["username", "password", "save_credentials"])
        await harness.press("esc")
        #expect(try harness.workspace.store.connection("sms_alerts") != nil)
        await harness.press("tab")
        await harness.type("/Accounts.json")
        await harness.press("esc")
        #expect(harness.screen.contains("url: \"https://api.twilio.com/2010-04-01/Accounts.json\""))
        #expect(harness.screen.contains("connection: \"sms_alerts\""))
        await harness.press("L", "y")
        #expect(
            harness.state.status?.text
                == "Sent the curl snippet to the terminal's clipboard (OSC 52); if nothing arrives, your terminal does not allow it: "
                + "select the text instead."
        )
        let copied = try #require(harness.copied.last)
        let base64 = copied.dropFirst("\u{1B}]52;c;".count).dropLast()
        let text = String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        #expect(text.hasPrefix("curl -sS https://api.twilio.com/2010-04-01/Accounts.json"))
        #expect(text.contains("$(connections token sms_alerts)"))
        await harness.press("D", "y")
        #expect(try harness.workspace.store.connection("sms_alerts") == nil)
        #expect(harness.state.screen == .main)
    }

    @Test func linkNameStopsFollowingOnceEdited() async throws {
        let harness = try Harness()
        await harness.load()
        await harness.press("tab", "enter")
        await harness.type("First")
        await harness.press("tab", "backspace", "backspace")
        await harness.type("xx")
        await harness.press("shift+tab")
        await harness.type(" more")
        #expect(harness.currentForm?.value("link_name") == "firxx")
    }

    /// At start the whole list comes with your own services; the catalog, parsed after, never holds it up.
    @Test func theCatalogArrivesAfterTheWholeList() async throws {
        let harness = try Harness()
        let answers = await harness.perform(.initialLoad(firstPage: 100))
        let loaded = answers.firstIndex { if case .loaded = $0 { true } else { false } }
        let services = answers.firstIndex { if case .servicesLoaded = $0 { true } else { false } }
        #expect(loaded != nil && services != nil && loaded! < services!, "\(answers)")
        if case .loaded(_, let own)? = loaded.map({ answers[$0] }) { #expect(own.isEmpty, "only custom services come with the list") }
        #expect(harness.state.connectionsLoad == .complete && harness.state.services.count >= 150)
    }

    @Test func badInputInTheNewConnectionFormLandsOnTheField() async throws {
        let harness = try Harness()
        await harness.newConnection(to: "shopify", named: "Shop")
        await harness.press("ctrl+s")
        // A catalog service brings no client: that is said at the field, with where to get one, beside every other
        // problem of the form.
        let refused = try #require(harness.currentForm)
        #expect(
            refused.fields.first { $0.id == "client_id" }?.error?.hasPrefix(
                "Shopify needs the client ID of an app you register at https://partners.shopify.com, with the redirect URI "
                    + "http://127.0.0.1:53134/callback"
            ) == true)
        #expect(
            refused.fields.first { $0.id == "parameters.shop" }?.error == "Shopify needs a value for 'shop'.",
            "no command-line advice in the TUI")
        #expect(refused.focused?.id == "parameters.shop", "the first field in need is focused")
        #expect(
            harness.state.status?.text == "Not created: 2 fields need attention (see under each): Shopify needs a value for 'shop'.")
        #expect(harness.state.status?.isError == true)
    }

    @Test func mouseClicksTabsAndRows() async throws {
        let harness = try Harness()
        await harness.load()
        let pick = try #require(Layout.tabs().first { $0.tab == .pickService })
        await harness.dispatch(.input(.mouse(x: pick.x + 1, y: Layout.tabRow, button: .left)))
        #expect(harness.state.tab == .pickService)
        await harness.dispatch(.input(.mouse(x: 5, y: Layout.listTop + 2, button: .left)))
        #expect(harness.state.serviceList.selected == 2)
        await harness.dispatch(.input(.mouse(x: 5, y: Layout.listTop + 2, button: .left)))
        guard case .newConnection = harness.state.screen else { Issue.record("a second click did not open"); return }
        await harness.dispatch(.input(.resize(width: 61, height: 16)))
        #expect(harness.state.width == 61)
    }
}

@Suite struct EditTests {
    @Test func editACustomServiceKeepsWhatTheFormDoesNotShow() async throws {
        let harness = try Harness()
        var service = try ServiceFile.parse(
            """
            name: Shop API
            link_name: shop_api
            auth: oauth2
            api_base: https://{shop}.example.test/api
            parameters: [shop]
            token_fields: [account]
            notes: kept
            after_connect:
              - {url: "https://{shop}.example.test/me", fields: {account: id}}
            oauth2:
              client_id: abc
              client_secret: s3cret
              authorize_url: https://example.test/authorize
              token_url: https://example.test/token
              token_request_format: json
              scopes: [read]
            """, file: "shop.yaml")
        service.origin = .custom
        try harness.workspace.saveService(service, replace: false)
        await harness.load()
        await harness.press("tab", "/")
        await harness.type("shop")
        await harness.press("enter")
        await harness.press("e")
        #expect(harness.state.tab == .customService && harness.state.editingService == "shop_api")
        #expect(harness.screen.contains("Edit service shop_api"))
        await harness.type("write", into: "oauth2.scopes")
        await harness.press("enter", "ctrl+s")
        #expect(harness.state.status?.text == "Saved service Shop API (shop_api).", "\(String(describing: harness.state.status))")
        let stored = try #require(try harness.workspace.store.customService("shop_api"))
        #expect(stored.auth.oauth2?.scopes == ["read", "write"])
        #expect(stored.auth.oauth2?.tokenRequestFormat == .json && stored.auth.oauth2?.clientSecret?.exposedValue == "s3cret")
        #expect(stored.tokenFields == ["account"] && stored.afterConnect.count == 1 && stored.notes == "kept")
    }

    @Test func catalogServicesAreNotEdited() async throws {
        let harness = try Harness()
        await harness.load()
        await harness.press("tab", "e")
        #expect(harness.state.tab == .pickService && harness.state.status?.isError == true)
    }

    @Test func editAConnectionFromItsPage() async throws {
        let harness = try Harness()
        _ = try harness.workspace.createConnection(
            ConnectionDraft(serviceLinkName: "shopify", name: "Shop", parameters: [KeyValue("shop", "old-shop")], clientID: "id"))
        await harness.load()
        await harness.press("enter")
        await harness.press("tab")
        await harness.type("/orders.json")
        await harness.press("esc", "e")
        #expect(harness.screen.contains("Edit connection shop (Shopify)"))
        await harness.type(" renamed", into: "name")
        await harness.focus("parameters.shop")
        await harness.press("ctrl+u")
        await harness.type("new-shop")
        await harness.press("ctrl+s")
        let stored = try #require(try harness.workspace.store.connection("shop"))
        #expect(stored.name == "Shop renamed" && stored.parameter("shop") == "new-shop" && stored.clientID == "id")
        guard case .detail(let detail) = harness.state.screen else { Issue.record("not back on the page"); return }
        #expect(detail.request.value("url") == "/orders.json", "the request builder is as it was")
        #expect(harness.state.status?.text == "Saved shop.")
    }

    /// A change seen by the once-a-second check updates the list row and the open page.
    @Test func changesReachTheListAndThePage() throws {
        var state = try ScreenTests.sampleState(width: 120, height: 30)
        let service = try #require(try Catalog.bundled().service("google"))
        var connection = Connection(
            name: "Work Google", linkName: "work_google", serviceLinkName: "google", storedStatus: .connected,
            tokens: TokenSet(accessToken: Secret("old"), refreshToken: Secret("rt"), expiresAt: Date().addingTimeInterval(-3)))
        state.connections = [connection.summary]
        state.screen = .detail(DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service)))
        let mark = ChangeMark(stamp: "1.0", newest: 0, count: 1)
        #expect(update(&state, .tick(Date())).isEmpty, "no mark yet: nothing to check")
        _ = update(&state, .marked(mark))
        #expect(update(&state, .tick(Date())) == [.checkForChanges(mark, openLink: "work_google")])
        #expect(render(state).lines.joined().contains("Expired (will refresh)"))
        connection.tokens = TokenSet(accessToken: Secret("new"), refreshToken: Secret("rt"), expiresAt: Date().addingTimeInterval(3600))
        let next = ChangeMark(stamp: "2.0", newest: 1, count: 1)
        _ = update(&state, .changed(ConnectionChanges(mark: next, changed: [connection.summary]), detail: connection))
        #expect(state.changeMark == next)
        #expect(state.connections.first?.status(at: Date()) == .connected)
        let page = render(state).lines.joined(separator: "\n")
        #expect(page.contains("Connected") && !page.contains("Expired (will refresh)"), "\(page)")
    }
}

/// Typed work is never lost without a question: Esc on the new connection form, quitting with a form typed in, or
/// while Try it waits for its answer.
@Suite struct TypedWorkTests {
    func press(_ state: inout AppState, _ names: String...) -> [Effect] {
        names.flatMap { update(&state, .input(.key(Harness.key($0)))) }
    }

    @Test func escOnTheNewConnectionFormAsksOnceSomethingIsTyped() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        let hubspot = try #require(state.services.first { $0.linkName == "hubspot" })
        state.tab = .pickService
        state.screen = .newConnection(
            NewConnectionState(service: hubspot, form: ConnectionForms.newConnection(for: hubspot, suggestedLink: "")))
        guard case .newConnection(var new) = state.screen else { return }
        new.form.focus = try #require(new.form.index(of: "client_id"))
        state.screen = .newConnection(new)
        for character in "my-client" { _ = update(&state, .input(.key(.character(character)))) }
        _ = press(&state, "esc")
        #expect(state.status?.text.hasPrefix("Discard what you typed") == true, "\(String(describing: state.status))")
        _ = press(&state, "n")
        guard case .newConnection(let kept) = state.screen else {
            Issue.record("any other key keeps the form")
            return
        }
        #expect(kept.form.value("client_id") == "my-client" && state.status?.text == "Kept the form.")
        _ = press(&state, "esc", "y")
        #expect(state.screen == .main)
    }

    @Test func quittingWithTheServiceFormTypedInAsks() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        _ = press(&state, "]", "]")
        for character in "Acme" { _ = update(&state, .input(.key(.character(character)))) }
        #expect(press(&state, "ctrl+c").isEmpty && !state.quitting)
        #expect(state.status?.text == "Quit and lose what you typed in the Custom Service form? y quits, any other key stays.")
        #expect(press(&state, "n").isEmpty && !state.quitting && state.serviceForm.value("name") == "Acme")
        #expect(press(&state, "ctrl+p", "q", "y") == [.quit], "from another tab too: the form would be lost")
    }

    @Test func quittingWhileTryItSendsAsks() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        guard case .detail(var detail) = state.screen else { return }
        detail.enter(.answer(TryItState()))
        state.screen = .detail(detail)
        #expect(press(&state, "q").isEmpty && state.status?.text.contains("the answer Try it is waiting for") == true)
        #expect(press(&state, "y") == [.quit])
    }
}

@Suite struct RevokeTests {
    /// A connection that was never connected holds nothing to revoke: no button, no hint, and R says so.
    @Test func nothingToRevokeOnANeverConnectedConnection() throws {
        var state = try SizeTests.state(width: 100, height: 30)
        let service = try #require(state.services.first { $0.linkName == "google" })
        let connection = Connection(name: "New Google", linkName: "new_google", serviceLinkName: "google")
        state.screen = .detail(DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service)))
        #expect(!render(state).lines.joined().contains("revoke"))
        #expect(update(&state, .input(.key(.character("R")))).isEmpty)
        #expect(state.status?.text == "Nothing to revoke: new_google holds no tokens or credentials.")
    }
}
