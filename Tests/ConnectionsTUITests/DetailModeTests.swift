import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// A connection page's mode: what the bar offers is what the keys do, and an answer survives a sign-in.
@Suite struct DetailModeTests {
    static func page(_ state: AppState) -> DetailState? {
        if case .detail(let detail) = state.screen { detail } else { nil }
    }

    static func key(_ state: inout AppState, _ key: Key) -> [Effect] {
        update(&state, .input(.key(key)))
    }

    /// The hint naming `key` on the status bar, e.g. "esc cancel".
    static func hint(for key: String, _ state: AppState) -> String? {
        Chrome.hints(state).components(separatedBy: " · ").first { $0.hasPrefix(key + " ") }
    }

    /// The page with Try it's answer open, then C: the sign-in starts above the answer.
    static func signingInOverAnAnswer() throws -> AppState {
        var state = try ConnectWaitTests.waiting()
        _ = update(&state, .connectFinished(nil, message: "Connecting work_google was cancelled; nothing changed.", isError: false))
        guard case .tryIt("work_google", _)? = key(&state, .character("t")).first else { throw DetailModeError.noRequest }
        _ = update(&state, .tryItFinished(link: "work_google", TryItResponse(summary: "HTTP 401", isError: true)))
        #expect(key(&state, .character("C")) == [.connect("work_google")])
        return state
    }

    enum DetailModeError: Error { case noRequest }

    @Test func escDuringASignInOverAnAnswerIsWhatTheBarOffers() throws {
        var state = try Self.signingInOverAnAnswer()
        #expect(Self.hint(for: "esc", state) == "esc cancel", "\(Chrome.hints(state))")
        #expect(Self.key(&state, .escape) == [.cancelConnect("work_google")])
        #expect(Self.page(state)?.tryIt?.response?.summary == "HTTP 401", "the answer stays while the sign-in ends")
    }

    @Test func theAnswerComesBackWhenTheSignInEnds() throws {
        var state = try Self.signingInOverAnAnswer()
        _ = update(&state, .connectFinished(nil, message: "Connected work_google.", isError: false))
        #expect(
            Self.page(state)?.mode == .page(answer: TryItState(running: false, response: TryItResponse(summary: "HTTP 401", isError: true)))
        )
        #expect(Self.hint(for: "esc", state) == "esc close (or cancel)", "\(Chrome.hints(state))")
        #expect(Self.key(&state, .escape).isEmpty && Self.page(state)?.mode == .page(answer: nil))
    }

    @Test func anAnswerArrivingDuringASignInWaitsUnderIt() throws {
        var state = try ConnectWaitTests.waiting()
        _ = update(&state, .connectFinished(nil, message: "cancelled", isError: false))
        _ = Self.key(&state, .character("t"))
        _ = Self.key(&state, .character("C"))
        _ = update(&state, .tryItFinished(link: "work_google", TryItResponse(summary: "HTTP 200", isError: false)))
        #expect(Self.page(state)?.connecting != nil && Self.page(state)?.tryIt?.response?.summary == "HTTP 200")
    }

    @Test func theRedirectFieldsKeysAreTheKeymapsOnTheBarAndThePanel() throws {
        var state = try ConnectWaitTests.waiting()
        state.keymap = Keymap.standard.overriding(["redirect.back": ["ctrl+g"]])
        _ = update(&state, .authorization(link: "work_google", .openURL(ConnectWaitTests.signIn, launched: "xdg-open", notLaunched: nil)))
        _ = Self.key(&state, .character("p"))
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("[enter] submit  [ctrl+g] close the field"), "\(screen)")
        #expect(Self.hint(for: "ctrl+g", state) == "ctrl+g close the field", "\(Chrome.hints(state))")
        #expect(Self.key(&state, .escape).isEmpty && Self.page(state)?.connecting?.paste != nil, "esc is no longer the field's key")
        _ = Self.key(&state, .control("g"))
        #expect(Self.page(state)?.connecting?.paste == nil)
    }

    @Test func aQuestionsAnswersComeFromTheKeymap() throws {
        var state = try SizeTests.state(width: 100, height: 30)
        try SizeTests.detail(&state)
        state.keymap = Keymap.standard.overriding(["confirm": ["o"]])
        _ = Self.key(&state, .character("R"))
        #expect(state.status?.text.contains("o revokes, any other key keeps it.") == true, "\(String(describing: state.status))")
        #expect(Self.hint(for: "o", state) == "o yes", "\(Chrome.hints(state))")
        #expect(Self.key(&state, .character("o")) == [.revoke("work_google")])
        _ = Self.key(&state, .character("R"))
        #expect(Self.key(&state, .character("y")).isEmpty && state.status?.text == "Not revoked.")
    }
}

/// The wheel and clicks run commands, whatever keys the commands are bound to.
@Suite struct MouseCommandTests {
    static let rebound = Keymap.standard.overriding(["down": ["n"], "up": ["m"], "open": ["o"]])

    @Test func theWheelMovesAndAClickOnTheSelectedRowOpensWithDownAndOpenRebound() throws {
        var state = try ScreenTests.sampleState()
        state.keymap = Self.rebound
        _ = update(&state, .input(.mouse(x: 5, y: Layout.listTop + 3, button: .wheelDown)))
        #expect(state.connectionList.selected == 1)
        _ = update(&state, .input(.mouse(x: 5, y: Layout.listTop + 3, button: .wheelUp)))
        #expect(state.connectionList.selected == 0)
        let effects = update(&state, .input(.mouse(x: 5, y: Layout.listTop, button: .left)))
        #expect(effects == [.loadDetail(state.visibleConnections[0].linkName)], "\(effects)")
    }

    @Test func theWheelScrollsAPagesCodeWithDownRebound() throws {
        var state = try SizeTests.state(width: 80, height: 24)
        try SizeTests.detail(&state)
        state.keymap = Self.rebound
        _ = update(&state, .input(.mouse(x: 5, y: 20, button: .wheelDown)))
        #expect(DetailModeTests.page(state)?.codeScroll == 1)
    }
}
