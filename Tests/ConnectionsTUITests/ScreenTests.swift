import Foundation
import Testing
@testable import ConnectionsCore
@testable import ConnectionsTUI

@Suite struct ScreenTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func sampleState(width: Int = 100, height: Int = 30) throws -> AppState {
        var state = AppState(width: width, height: height)
        state.now = now
        state.connectionsLoad = .complete
        state.services = try Catalog.bundled().services
        func summary(
            _ name: String, _ link: String, _ service: String, _ status: ConnectionStatus, expires: TimeInterval? = nil,
            refresh: Bool = true
        ) -> ConnectionSummary {
            ConnectionSummary(
                name: name, linkName: link, serviceLinkName: service, storedStatus: status,
                expiresAt: expires.map { now.addingTimeInterval($0) },
                hasRefreshToken: refresh, scopes: [], grantedScopes: nil, createdAt: now, updatedAt: now)
        }
        state.connections = [
            summary("MailChimp marketing", "mailchimp_marketing", "mailchimp", .connected),
            summary("Work Google", "work_google", "google", .connected, expires: 3725),
            summary("Old Slack", "old_slack", "slack", .connected, expires: -30),
            summary("Shop 日本", "shop_jp", "shopify", .needsReconnect(reason: "invalid_grant")),
            summary("Twilio SMS", "twilio_sms", "twilio", .notConnected),
            summary("Box files", "box_files", "box", .disconnected),
        ]
        return state
    }

    @Test func emptyList() {
        var state = AppState(width: 100, height: 20)
        state.now = Self.now
        _ = update(&state, .loaded(connections: [], services: []))
        Golden.check(render(state).lines.joined(separator: "\n"), "my_connections_empty")
    }

    @Test func theFirstScreenfulIsDrawnWhileTheRestLoad() throws {
        let all = try Self.sampleState().connections
        var state = AppState(width: 100, height: 20)
        state.now = Self.now
        #expect(render(state).lines.contains { $0.contains("Loading connections…") })
        _ = update(&state, .firstConnections(Array(all.prefix(3)), total: 6))
        let firstFrame = render(state).lines.joined(separator: "\n")
        #expect(firstFrame.contains("6 connections · / to filter"))
        #expect(firstFrame.contains("old_slack") && !firstFrame.contains("shop_jp"))
        state.connectionList.filter = TextField("box")
        #expect(state.visibleConnections.isEmpty)
        #expect(render(state).lines.contains { $0.contains("0 of 6 connections (still loading)") })
        _ = update(&state, .loaded(connections: all, services: []))
        #expect(state.visibleConnections.map(\.linkName) == ["box_files"], "the filter runs again over the whole list")
        #expect(render(state).lines.contains { $0.contains("1 of 6 connections") && !$0.contains("loading") })
        // A first screenful that arrives late never replaces the whole list.
        _ = update(&state, .firstConnections(Array(all.prefix(1)), total: 6))
        #expect(state.connections.count == 6)
    }

    @Test func filledListWithStatusColours() throws {
        let state = try Self.sampleState()
        let grid = render(state)
        Golden.check(grid.lines.joined(separator: "\n"), "my_connections_filled")
        func roleOf(_ text: String) -> StyleRole? {
            for y in 0..<grid.height {
                let line = grid.lines[y]
                if let range = line.range(of: text) {
                    let x = DisplayWidth.of(String(line[..<range.lowerBound]))
                    return grid[x, y].role
                }
            }
            return nil
        }
        #expect(roleOf("Expired (will refresh)") == .statusExpired)
        #expect(roleOf("Needs reconnect") == .statusNeedsReconnect)
        #expect(roleOf("Disconnected") == .statusDisconnected)
        #expect(grid[1, Layout.listTop].role == .selection)
        #expect(grid[2, Layout.tabRow].role == .tabActive)
    }

    @Test func filterMatchesNameLinkAndServiceInAnyCase() throws {
        var state = try Self.sampleState()
        func shown(_ query: String) -> [String] {
            state.connectionList.filter = TextField(query)
            return state.visibleConnections.map(\.linkName)
        }
        #expect(shown("日本") == ["shop_jp"])
        #expect(shown("SHOP") == ["shop_jp"])
        #expect(shown("slack") == ["old_slack"])
        #expect(shown("zzz").isEmpty)
        #expect(shown("").count == 6)
    }

    @Test func searchKeysFindWithinARowNeverAcrossTwo() {
        let keys = SearchKeys(["aaab", "Shop 日本", "xy", "zab", "", "ab"])
        #expect(keys.matching("aab") == [0])
        #expect(keys.matching("AB") == [0, 3, 5])
        #expect(keys.matching("日本") == [1])
        #expect(keys.matching("yz").isEmpty, "the end of one row and the start of the next are not one text")
        #expect(keys.matching("bxy").isEmpty)
        #expect(keys.matching("b") == [0, 3, 5])
        #expect(keys.matching("").count == 6)
        #expect(keys.matching("a much longer query than everything").isEmpty)
        #expect(SearchKeys([String]()).matching("a").isEmpty)
    }

    @Test func filterActive() throws {
        var state = try Self.sampleState()
        state.connectionList.filtering = true
        state.connectionList.filter = TextField("go")
        Golden.check(render(state).lines.joined(separator: "\n"), "my_connections_filter")
        #expect(state.visibleConnections.map(\.linkName) == ["work_google"])
    }

    @Test func pickYourService() throws {
        var state = try Self.sampleState()
        state.tab = .pickService
        Golden.check(render(state).lines.joined(separator: "\n"), "pick_your_service")
    }

    @Test(arguments: [AuthType.oauth2, .oauth1, .apiKey, .basic])
    func customServiceFormForEachAuthType(_ auth: AuthType) throws {
        var state = try Self.sampleState(height: 40)
        state.tab = .customService
        state.serviceForm = ServiceForm.make(auth: auth)
        Golden.check(render(state).lines.joined(separator: "\n"), "custom_service_\(auth.rawValue)")
    }

    @Test func validationErrorsSitUnderTheirFields() throws {
        var state = try Self.sampleState(height: 40)
        state.tab = .customService
        state.serviceForm.setText("name", "Bad")
        state.serviceForm.setText("link_name", "Bad-Link")
        state.serviceForm.setText("oauth2.token_url", "http://example.com/token")
        _ = update(&state, .input(.key(.control("s"))))
        Golden.check(render(state).lines.joined(separator: "\n"), "custom_service_errors")
        #expect(state.status?.isError == true)
    }

    @Test func detailWithSnippet() throws {
        var state = try Self.sampleState()
        let service = try #require(try Catalog.bundled().service("google"))
        let connection = Connection(
            name: "Work Google", linkName: "work_google", serviceLinkName: "google", scopes: ["openid", "email"], storedStatus: .connected,
            tokens: TokenSet(
                accessToken: Secret("ya29.secret-token"), refreshToken: Secret("1//refresh"), expiresAt: Self.now.addingTimeInterval(125)))
        var detail = DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service))
        detail.request.setText("url", "/drive/v3/files")
        detail.request.setText("parameters", "pageSize=10")
        state.screen = .detail(detail)
        let text = render(state).lines.joined(separator: "\n")
        Golden.check(text, "detail_deluge")
        #expect(!text.contains("ya29.secret-token") && !text.contains("1//refresh"))
        detail.language = .python
        state.height = 44
        state.screen = .detail(detail)
        let grid = render(state)
        Golden.check(grid.lines.joined(separator: "\n"), "detail_python")
        let importRow = try #require(grid.lines.firstIndex { $0.hasPrefix("  import subprocess") })
        #expect(grid[2, importRow].role == .codeKeyword)
        let stringRow = try #require(grid.lines.firstIndex { $0.contains("\"GET\",") })
        #expect(grid[6, stringRow].role == .codeString)
    }

    @Test func helpOverlayComesFromTheKeymap() throws {
        var state = try Self.sampleState()
        state.showHelp = true
        let text = render(state).lines.joined(separator: "\n")
        Golden.check(text, "help_overlay")
        #expect(text.contains("How do I…") && text.contains("… move a connection to another machine?"))
    }

    /// At 60x15 every line of the help is reached by scrolling, none is cut, and scrolling stops at the end.
    @Test func helpScrollsAndWrapsAtTheSmallestSize() throws {
        var state = try Self.sampleState(width: 60, height: 15)
        _ = update(&state, .input(.key(.function(1))))
        var seen = render(state).lines.joined(separator: "\n")
        Golden.check(seen, "help_overlay_60x15")
        for _ in 0..<200 {
            _ = update(&state, .input(.key(.down)))
            seen += render(state).lines.joined(separator: "\n")
        }
        #expect(state.showHelp, "arrows scroll, they do not close")
        for binding in Keymap.standard.bindings {
            #expect(seen.contains(binding.help.split(separator: " ").prefix(2).joined(separator: " ")), "\(binding.help)")
        }
        #expect(state.helpScroll == HelpOverlay.maximumScroll(state.keymap, width: 60, pageHeight: 15))
        #expect(render(state).lines.joined().contains("↑ the start is above"))
        _ = update(&state, .input(.key(.character("x"))))
        #expect(!state.showHelp)
    }

    @Test func narrowAndTiny() throws {
        Golden.check(render(try Self.sampleState(width: 60, height: 15)).lines.joined(separator: "\n"), "narrow_60x15")
        Golden.check(render(try Self.sampleState(width: 40, height: 10)).lines.joined(separator: "\n"), "too_small_40x10")
        for (width, height) in [(1, 1), (0, 0), (2, 30), (200, 1)] {
            _ = render(try Self.sampleState(width: width, height: height))
        }
    }

    @Test func wideCharactersTakeTwoColumns() {
        var grid = Grid(width: 10, height: 1)
        let end = grid.write("日本x", x: 0, y: 0, role: .normal)
        #expect(end == 5)
        #expect(grid.lines == ["日本x"])
        #expect(grid[1, 0].text == "")
        let clipped = grid.write("日本", x: 9, y: 0, role: .normal)
        #expect(clipped == 9)
    }

    @Test func widthsOfLatinTextControlsAndMarks() {
        #expect(DisplayWidth.of("plain ascii") == 11)
        #expect(DisplayWidth.of("café") == 4)
        #expect(DisplayWidth.of("cafe\u{301}") == 4, "a combining accent takes no column")
        #expect(DisplayWidth.of("soft\u{AD}hyphen") == 10)
        #expect(DisplayWidth.of(Unicode.Scalar(0x85)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0xFF)!) == 1)
        #expect(DisplayWidth.of("한글") == 4)
        var grid = Grid(width: 6, height: 1)
        #expect(grid.write("abcdefgh", x: 2, y: 0, role: .label) == 6)
        #expect(grid.lines == ["  abcd"])
        #expect(grid[5, 0].role == .label && grid[1, 0].role == .normal)
        #expect(grid.write("xy", x: -1, y: 0, role: .normal) == 1)
        #expect(grid.lines == ["y abcd"])
    }

    @Test func secretFieldsMaskByWidthAndNeverPrint() {
        var field = TextField("sécrét日", secret: true)
        #expect(field.display == String(repeating: "•", count: 8))
        #expect(!"\(field)".contains("sécrét"))
        #expect(!String(reflecting: field).contains("sécrét"))
        field.revealed = true
        #expect(field.display == "sécrét日")
        _ = field.handle(.control("w"))
        #expect(field.text.isEmpty)
    }

    /// The one place the screen gets text: a C1 control (U+009B, CSI), ESC or a bidi override never reaches a cell.
    @Test func noControlCharacterReachesACell() {
        var grid = Grid(width: 40, height: 1)
        grid.write("scope \u{9B}2J \u{1B}]52 \u{202E}x 日本", x: 0, y: 0, role: .normal)
        let cells = grid.cells.map(\.text).joined()
        #expect(!cells.unicodeScalars.contains { $0 == "\u{9B}" || $0 == "\u{1B}" || $0 == "\u{202E}" }, "\(cells.debugDescription)")
        #expect(cells.hasPrefix("scope �2J �]52 �x 日本"))
    }

    /// What the form does not show (allowed hosts, after-connect lookups, token fields, notes) survives an edit.
    @Test func editingAServiceKeepsWhatTheFormDoesNotShow() throws {
        let service = try ServiceFile.parse(
            """
            name: Shop
            link_name: shop
            auth: api_key
            api_base: https://api.shop.test
            allowed_hosts: ["cdn.shop.test"]
            notes: kept
            api_key:
              - {key: X-Key, label: Key}
            """, file: "s.yaml")
        let form = ServiceForm.make(auth: service.auth.type, from: service)
        let saved = ServiceForm.service(from: form, base: service)
        #expect(saved.allowedHosts == ["cdn.shop.test"])
        #expect(saved.notes == "kept")
    }
}

/// Pick Your Service at scale: categories and auth types as filters, and a service's notes before connecting.
@Suite struct PickYourServiceTests {
    func picking(width: Int = 100, height: Int = 30) throws -> AppState {
        var state = try ScreenTests.sampleState(width: width, height: height)
        state.tab = .pickService
        return state
    }

    func press(_ state: inout AppState, _ keys: String...) {
        for key in keys { _ = update(&state, .input(.key(Harness.key(key)))) }
    }

    @Test func categoriesAndAuthTypesFilterTheList() throws {
        var state = try picking()
        let all = state.visibleServices.count
        #expect(all >= 150)
        let categories = ServiceFilter.categories(of: state.services)
        press(&state, "c")
        #expect(state.serviceKinds.category == categories.first)
        while state.serviceKinds.category != "crm" { press(&state, "c") }
        #expect(state.visibleServices.allSatisfy { $0.categories.contains("crm") })
        #expect(state.visibleServices.count == state.services.filter { $0.categories.contains("crm") }.count)
        Golden.check(render(state).lines.joined(separator: "\n"), "pick_service_crm")
        press(&state, "a")
        #expect(
            state.serviceKinds.auth == .apiKey || state.serviceKinds.auth == .basic || state.serviceKinds.auth == .oauth1
                || state.serviceKinds.auth == .oauth2)
        while state.serviceKinds.auth != .oauth2 { press(&state, "a") }
        #expect(state.visibleServices.allSatisfy { $0.auth.type == .oauth2 && $0.categories.contains("crm") })
        // Typing filters within the category.
        press(&state, "/", "z", "o", "h", "o", "enter")
        #expect(state.visibleServices.map(\.linkName) == ["zoho_crm"])
        var presses = 0
        while state.serviceKinds.category != nil, presses <= categories.count {
            press(&state, "c")
            presses += 1
        }
        #expect(
            state.serviceKinds.category == nil && presses == categories.count - categories.firstIndex(of: "crm")!,
            "after the last category comes all of them again")
    }

    @Test func aServicesNotesWhereToRegisterAndParametersBeforeConnecting() throws {
        var state = try picking()
        press(&state, "/", "g", "o", "o", "g", "l", "e", " ", "a", "d", "s", "enter", "enter")
        guard case .newConnection(let new) = state.screen else {
            Issue.record("Enter did not open the form")
            return
        }
        #expect(new.service.linkName == "google_ads")
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Where to register") && screen.contains("https://console.cloud.google.com/apis/credentials"))
        #expect(screen.contains("Parameter developer_token") && screen.contains("About Google Ads"))
        Golden.check(screen, "new_connection_google_ads")
        // The copy key on "Where to register" copies it.
        var form = new
        form.form.focus = try #require(form.form.index(of: "register_url"))
        state.screen = .newConnection(form)
        let effects = update(&state, .input(.key(.character("y"))))
        #expect(effects == [.copy("https://console.cloud.google.com/apis/credentials", what: "where to register")], "\(effects)")
    }
}

/// Every screen at 60x15, 80x24, 120x40 and 200x50: columns share the width by what they hold, long values wrap,
/// and nothing overwrites anything.
@Suite struct SizeTests {
    static let sizes = [(60, 15), (80, 24), (120, 40), (200, 50)]

    static func state(width: Int, height: Int) throws -> AppState {
        var state = try ScreenTests.sampleState(width: width, height: height)
        state.connections[2].expiresAt = ScreenTests.now.addingTimeInterval(-519)
        return state
    }

    static func detail(_ state: inout AppState) throws {
        let service = try #require(try Catalog.bundled().service("google"))
        let scopes = service.auth.oauth2?.scopes ?? []
        let connection = Connection(
            name: "Work Google", linkName: "work_google", serviceLinkName: "google", scopes: scopes, storedStatus: .connected,
            tokens: TokenSet(
                accessToken: Secret("ya29.secret-token"), refreshToken: Secret("1//refresh"),
                expiresAt: ScreenTests.now.addingTimeInterval(-519),
                grantedScopes: Array(scopes.prefix(3))))
        var detail = DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service))
        detail.request.setText("url", "/drive/v3/files")
        detail.language = .python
        state.screen = .detail(detail)
    }

    @Test(arguments: sizes)
    func theListKeepsEveryStatusAndExpiryWhole(_ width: Int, _ height: Int) throws {
        let state = try Self.state(width: width, height: height)
        let lines = render(state).lines
        Golden.check(lines.joined(separator: "\n"), "size_list_\(width)x\(height)")
        for row in state.connections.prefix(Layout.listHeight(bottom: Layout.contentBottom(height: height))) {
            let line = try #require(lines.first { $0.contains(String(row.name.prefix(3))) })
            // At 60 columns every column keeps a readable part; from 80 on, status and expiry are whole.
            let status = row.status(at: state.now).displayName
            #expect(line.contains(width >= 80 ? status : String(status.prefix(10))), "\(width)x\(height): \(line)")
        }
        #expect(lines.contains { $0.contains(width >= 80 ? "expired 8m 39s ago" : "expired 8") }, "\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func theDetailPageWrapsScopesAndKeepsTheLanguageNames(_ width: Int, _ height: Int) throws {
        var state = try Self.state(width: width, height: height)
        try Self.detail(&state)
        let lines = render(state).lines
        Golden.check(lines.joined(separator: "\n"), "size_detail_\(width)x\(height)")
        if let header = lines.first(where: { $0.contains("── Code:") }) {
            #expect(header.contains("Deluge curl [Python] JavaScript"), "\(width)x\(height): \(header)")
        }
        for action in ["reconnect]", "revoke]", "delete]", "try it]", "language]", "copy]"] {
            #expect(lines.contains { $0.contains(action) }, "\(width)x\(height): \(action) is not whole on screen")
        }
    }

    @Test(arguments: sizes)
    func pickYourServiceAtEverySize(_ width: Int, _ height: Int) throws {
        var state = try Self.state(width: width, height: height)
        state.tab = .pickService
        Golden.check(render(state).lines.joined(separator: "\n"), "size_pick_service_\(width)x\(height)")
    }
}

/// Messages longer than the status bar wrap into a message area instead of being cut, and name the TUI's keys.
@Suite struct MessageAreaTests {
    @Test func aLongMessageWrapsWhole() throws {
        var state = try ScreenTests.sampleState(width: 80, height: 24)
        let message =
            "Connection mailchimp_marketing has no value for 'dc': press e on its page to set it. The data centre is the "
            + "part of the API host before .api.mailchimp.com (us21 in https://us21.api.mailchimp.com/3.0), shown in your account."
        state.status = StatusLine(text: message, isError: true)
        let grid = render(state)
        let lines = grid.lines
        Golden.check(lines.joined(separator: "\n"), "message_area_80x24")
        Golden.check(grid.styledLines.joined(separator: "\n"), "message_area_80x24_styles")
        let shown = lines.suffix(4).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("press e on its page to set it") && shown.contains("shown in your account."), "\(shown)")
    }

    @Test func messagesNameTheReboundKeys() {
        let keymap = Keymap.standard.overriding(["connect": ["c"], "edit": ["E"]])
        let text = TUIMessage.describe(ConnectError.missingParameter(name: "dc", connection: "chimp"), keymap: keymap)
        #expect(text.contains("Press E on the page of chimp"), "\(text)")
        let failure = LookupFailure(
            linkName: "chimp", fields: ["dc"], url: "https://login.mailchimp.com/oauth2/metadata", reason: "HTTP 500.")
        let wait = ConnectWait.after(.lookupFailed(failure), previous: nil, keymap: keymap)
        #expect(
            wait.warning == "Connected, but dc could not be read from https://login.mailchimp.com/oauth2/metadata: HTTP 500. "
                + "Press c to connect again, or E to set dc by hand.", "\(wait.warning ?? "")")
        #expect(!(wait.warning ?? "").contains("connections edit"))
    }
}
