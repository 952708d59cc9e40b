import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// Keys are named only from the keymap: rebinding one changes every place that names it.
@Suite struct KeyTextTests {
    static let rebound = Keymap.standard.overriding(["reveal": ["ctrl+e"], "confirm": ["o"], "submit": ["ctrl+w"]])

    @Test func theCoresFieldTableNamesNoKey() {
        #expect(ServiceFields.all.allSatisfy { !($0.help ?? "").contains("ctrl+") }, "the TUI words what a secret field does")
    }

    @Test func aSecretFieldsHintNamesTheRevealKeyAsBound() throws {
        var state = try ScreenTests.sampleState()
        state.keymap = Self.rebound
        state.tab = .customService
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("Client secret") && screen.contains("ctrl+e reveals") && !screen.contains("ctrl+r"), "\(screen)")
    }

    @Test func theDiscardAndQuitQuestionsNameTheYesKeyAsBound() throws {
        var state = try ScreenTests.sampleState()
        state.keymap = Self.rebound
        state.tab = .customService
        for character in "Acme" { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.escape)))
        #expect(state.status?.text == "Discard what you typed in this form? o discards it, any other key keeps it.")
        #expect(Chrome.hints(state) == "o yes · any other key: no")
        _ = update(&state, .input(.key(.character("o"))))
        #expect(state.status?.text == "Discarded the form; this is a new service.")
        for character in "Acme" { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.control("c"))))
        #expect(state.status?.text.hasSuffix("o quits, any other key stays.") == true, "\(String(describing: state.status))")
        #expect(update(&state, .input(.key(.character("o")))) == [.quit])
    }

    @Test func theHelpsHowToNamesKeysAsBound() {
        let text = HelpOverlay.lines(Self.rebound, width: 100).map(\.text).joined(separator: "\n")
        #expect(text.contains("ctrl+w saves") && text.contains("ctrl+w creates it"), "\(text)")
    }
}

/// The form field's own keys (buttons, choices, a list's typed item) come from the keymap too.
@Suite struct FieldKeyTests {
    static let rebound = Keymap.standard.overriding(["activate": ["ctrl+g"], "field.nextItem": ["ctrl+l"]])

    @Test func theFieldKeysAreNamedAndDispatchedAsBound() throws {
        var state = try ScreenTests.sampleState(width: 160, height: 60)
        state.keymap = Self.rebound
        state.tab = .customService
        #expect(Chrome.hints(state).contains("←ctrl+l choose"), "\(Chrome.hints(state))")
        let screen = render(state).lines.joined(separator: "\n")
        #expect(screen.contains("an issuer, API or MCP URL; ctrl+g fills the form from its metadata"), "\(screen)")
        state.serviceForm.focus = try #require(state.serviceForm.index(of: "auth"))
        _ = update(&state, .input(.key(.right)))
        #expect(state.serviceForm.value("auth") == AuthType.oauth2.displayName, "right is no longer the choice's key")
        _ = update(&state, .input(.key(.control("l"))))
        #expect(state.serviceForm.value("auth") != AuthType.oauth2.displayName)
    }

    @Test func aClickOnAFormButtonPressesItWhateverKeyActivates() throws {
        var state = try ScreenTests.sampleState(width: 160, height: 60)
        state.keymap = Self.rebound
        state.tab = .customService
        let lines = render(state).lines
        let y = try #require(lines.firstIndex { $0.contains("Save and create connection") })
        let x = try #require(lines[y].range(of: "Save and create connection")).lowerBound.utf16Offset(in: lines[y])
        _ = update(&state, .input(.mouse(x: x + 1, y: y, button: .left)))
        #expect(state.status?.isError == true && state.serviceForm.fields.contains { $0.error != nil }, "the empty form was checked")
    }
}
