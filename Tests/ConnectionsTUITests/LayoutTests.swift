import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// Every screen and mode at 60x15, 80x24, 120x40 and 200x50, with and without a message: the regions (tabs, body,
/// message area, status bar) keep to their rows, and no text is cut without "…". The grid records any drawing
/// outside the region being drawn and any text cut at an edge.
@Suite struct LayoutTests {
    static let sizes = [(60, 15), (80, 24), (120, 40), (200, 50)]

    static let message =
        "Revoke work_google? Its tokens are removed here and, where Google allows, at the provider. y revokes, any other key keeps it."

    @Test(arguments: sizes)
    func regionsKeepToTheirRowsAndNothingIsCutSilently(_ width: Int, _ height: Int) throws {
        for (name, make) in try Self.screens() {
            for withMessage in [false, true] {
                var state = try SizeTests.state(width: width, height: height)
                try make(&state)
                if withMessage, state.status == nil { state.status = StatusLine(text: Self.message, isError: true) }
                check(state, "\(name)\(withMessage ? " with a message" : "") at \(width)x\(height)")
            }
        }
    }

    private func check(_ state: AppState, _ what: String) {
        let grid = render(state)
        let screen = grid.lines.joined(separator: "\n")
        #expect(grid.faults.isEmpty, "\(what): \(grid.faults.joined(separator: "\n"))\n\(screen)")
        let message = MessageArea.lines(state)
        let statusRow = Layout.statusRow(height: state.height)
        let top = statusRow - message.count
        for (offset, line) in message.enumerated() {
            #expect(grid.lines[top + offset] == " " + line, "\(what): message row \(offset) is drawn over")
            let role: StyleRole = state.status?.isError == true ? .statusBarError : .statusBar
            #expect((0..<state.width).allSatisfy { grid[$0, top + offset].role == role }, "\(what): message row \(offset)'s style")
        }
        let hints = Chrome.fitted(Chrome.hints(state), width: state.width - 2)
        #expect(grid.lines[statusRow] == " " + hints, "\(what): the status bar shows its hints")
        if let status = state.status {
            let shown = message.joined(separator: " ")
            let whole = WordWrap.lines(status.text, width: state.width - 2).joined(separator: " ")
            #expect(shown.hasSuffix("…") || shown == whole, "\(what)")
        }
    }

    typealias Make = (inout AppState) throws -> Void

    /// Each screen and mode, made as a user gets there.
    static func screens() throws -> [(String, Make)] {
        func keys(_ names: String...) -> Make {
            { state in for name in names { _ = update(&state, .input(.key(Harness.key(name)))) } }
        }
        func typing(_ text: String) -> Make {
            { state in for character in text { _ = update(&state, .input(.key(.character(character)))) } }
        }
        func then(_ steps: Make...) -> Make {
            { state in for step in steps { try step(&state) } }
        }
        func newConnection(_ service: String) -> Make {
            { state in
                let found = try #require(state.services.first { $0.linkName == service })
                state.tab = .pickService
                state.screen = .newConnection(
                    NewConnectionState(service: found, form: ConnectionForms.newConnection(for: found, suggestedLink: "")))
            }
        }
        func detail(_ change: @escaping (inout DetailState) -> Void = { _ in }) -> Make {
            { state in
                try SizeTests.detail(&state)
                guard case .detail(var page) = state.screen else { return }
                change(&page)
                state.screen = .detail(page)
            }
        }
        let answer = TryItResponse(
            summary: "HTTP 200 OK · 120 ms", isError: false, headers: ["content-type: application/json", "x-request-id: abc"],
            bodyLines: ["{", "  \"files\": [", "    {\"name\": \"" + String(repeating: "report ", count: 40) + "\"}", "  ]", "}"],
            isJSON: true)
        return [
            ("My Connections", { _ in }),
            ("the empty list", { state in _ = update(&state, .loaded(connections: [], services: state.services)) }),
            ("the list filtered", keys("/", "s", "h")),
            ("the list filtered to nothing", keys("/", "z", "z", "z")),
            ("Pick Your Service", keys("]")),
            ("Pick Your Service, crm", keys("]", "c", "c")),
            ("Custom Service", keys("]", "]")),
            ("Custom Service, API key", then(keys("]", "]"), { state in try Self.focus("auth", &state) }, keys("right", "right"))),
            (
                "Custom Service, errors",
                then(
                    keys("]", "]"), typing("x"), { state in try Self.focus("oauth2.authorize_url", &state) },
                    typing("not a url"), keys("tab", "tab"))
            ),
            ("Custom Service, discard question", then(keys("]", "]"), typing("Acme"), keys("esc"))),
            ("new connection, HubSpot", newConnection("hubspot")),
            ("new connection, Auth0", newConnection("auth0")),
            ("new connection, Google Ads", newConnection("google_ads")),
            ("a connection's page", detail()),
            ("editing the request", detail { $0.enter(.editRequest) }),
            ("Try it sending", detail { $0.enter(.answer(TryItState())) }),
            ("Try it's answer", detail { $0.enter(.answer(TryItState(running: false, response: answer))) }),
            ("connecting", detail { $0.enter(.connecting(ConnectWait(message: "Waiting for the browser…", url: Self.signInURL))) }),
            (
                "connecting, device code",
                detail {
                    $0.enter(
                        .connecting(
                            ConnectWait(
                                message: "Enter the code at the verification URL.", url: "https://www.google.com/device",
                                userCode: "ABCD-EFGH")))
                }
            ),
            (
                "connecting, pasting",
                detail { page in
                    var wait = ConnectWait(message: "Waiting for the browser…", url: Self.signInURL)
                    wait.paste = TextField("http://127.0.0.1:8765/callback?code=")
                    page.enter(.connecting(wait))
                }
            ),
            ("credentials", detail { $0.enter(.credentials(CredentialsForm.make(for: $0.service))) }),
            ("the revoke question", then(detail(), keys("R"))),
            ("the delete question", then(detail(), keys("D"))),
            ("help", keys("?")),
            ("help, scrolled", keys("?", "down", "down", "down")),
            ("help on a page", then(detail(), keys("f1"))),
        ]
    }

    static let signInURL =
        "https://accounts.google.com/o/oauth2/v2/auth?client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&scope=openid"

    static func focus(_ id: String, _ state: inout AppState) throws {
        state.serviceForm.focus = try #require(state.serviceForm.index(of: id))
    }
}

/// A message belongs to the screen and the moment it was made; the status bar keeps its hints beside it.
@Suite struct MessageLifetimeTests {
    @Test func aMessageGoesWithTheNextKeyAndStaysOnItsScreen() async throws {
        let harness = try Harness(width: 80, height: 24)
        await harness.load()
        await harness.press("]", "]")
        await harness.type("Bad Name")
        await harness.type("X", into: "link_name")
        await harness.press("ctrl+s")
        #expect(harness.state.status?.text.contains("field(s) need attention") == true, "\(String(describing: harness.state.status))")
        #expect(harness.screen.contains("need attention") && harness.screen.contains("ctrl+s save"), "the hints stay:\n\(harness.screen)")
        await harness.press("ctrl+p")
        #expect(harness.state.status == nil && !harness.screen.contains("need attention"), "not on another tab")
        await harness.press("ctrl+n")
        #expect(!harness.screen.contains("need attention"), "nor later on its own")
    }

    @Test func anAnswerToAQuestionLastsUntilTheNextKey() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        for key in ["D", "n"] { _ = update(&state, .input(.key(Harness.key(key)))) }
        #expect(state.status?.text == "Not deleted.")
        _ = update(&state, .input(.key(.character("e"))))
        #expect(state.status == nil, "not on the form it opens")
        #expect(!render(state).lines.joined().contains("Not deleted."))
    }

    @Test func anOldResultIsGoneWhenTheNextConnectStarts() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        _ = update(&state, .connectFinished(nil, message: "Connected work_google.", isError: false))
        #expect(render(state).lines.joined().contains("Connected work_google."))
        _ = update(&state, .input(.key(.character("C"))))
        #expect(!render(state).lines.joined().contains("Connected work_google."))
    }

    @Test func aMessageMadeOnAPageIsNotShownElsewhere() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        state.status = StatusLine(text: "Copied the Python snippet.", isError: false)
        state.screen = .main
        #expect(state.status == nil && !render(state).lines.joined().contains("Copied"))
        _ = update(&state, .deleted("work_google", message: "Deleted work_google."))
        #expect(state.status?.text == "Deleted work_google.", "a result that changes the screen shows on the new one")
    }
}

@Suite struct TryItAnswerTests {
    /// At 80x24 the answer's body shows, not only its headers (they follow it, reached by scrolling).
    @Test func theBodyShowsBeforeTheHeaders() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        guard case .detail(var page) = state.screen else { return }
        page.connection.scopes = ["openid"]
        page.connection.tokens?.grantedScopes = nil
        let headers = ["content-type: application/json", "date: Fri, 04 Dec 2026 20:00:00 GMT", "server: ESF", "vary: Origin"]
        page.enter(
            .answer(
                TryItState(
                    running: false,
                    response: TryItResponse(
                        summary: "HTTP 200 · 80 ms", isError: false, headers: headers,
                        bodyLines: ["{", "  \"kind\" : \"drive#fileList\"", "}"],
                        isJSON: true))))
        state.screen = .detail(page)
        let lines = render(state).lines
        let body = lines.firstIndex { $0.contains("\"kind\" : \"drive#fileList\"") }
        let header = lines.firstIndex { $0.contains("server: ESF") }
        #expect(body != nil && (header == nil || header! > body!), "\(lines.joined(separator: "\n"))")
    }
}

@Suite struct HelpOverlayEdgeTests {
    /// Wider than the overlay, nothing of the screen below shows beside it, and every key name is whole.
    @Test func noOldTextAtTheEdgesAndNoKeyNameCut() throws {
        var state = try SizeTests.state(width: 200, height: 50)
        try SizeTests.detail(&state)
        _ = update(&state, .input(.key(.character("?"))))
        let grid = render(state)
        let left = (200 - 100) / 2
        for y in Layout.tabRow...Layout.contentBottom(height: 50) {
            let outside = (0..<left).map { grid[$0, y].text } + (left + 100..<200).map { grid[$0, y].text }
            #expect(outside.allSatisfy { $0 == " " }, "row \(y): \(grid.lines[y])")
        }
        var seen = ""
        for _ in 0..<80 {
            seen += render(state).lines.joined(separator: "\n")
            _ = update(&state, .input(.key(.down)))
        }
        for row in state.keymap.helpRows { #expect(seen.contains(row.keys), "\(row.keys)") }
    }
}
