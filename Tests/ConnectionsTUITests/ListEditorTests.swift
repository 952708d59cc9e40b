import ConnectionsCore
import Testing
@testable import ConnectionsTUI

@Suite struct ListEditorTests {
    var keymap = Keymap.standard

    func press(_ list: inout ListEditor, _ keys: Key...) {
        for key in keys { _ = handle(&list, key) }
    }

    func handle(_ list: inout ListEditor, _ key: Key) -> Bool {
        list.handle(key, command: ListEditor.command(for: key, keymap))
    }

    func type(_ list: inout ListEditor, _ text: String) {
        for character in text { _ = handle(&list, .character(character)) }
    }

    @Test func addOneByOneReorderAndDelete() {
        var list = ListEditor(items: [])
        type(&list, "read write")
        press(&list, .enter)
        type(&list, "admin")
        press(&list, .enter)
        #expect(list.items == ["read", "write", "admin"] && list.selected == 2)
        press(&list, .character("<"), .character("<"))
        #expect(list.items == ["admin", "read", "write"] && list.selected == 0)
        press(&list, .right, .delete)
        #expect(list.items == ["admin", "write"])
        let tookEnter = handle(&list, .enter)
        #expect(!tookEnter, "Enter with nothing typed moves on to the next field")
        type(&list, "write")
        press(&list, .enter)
        #expect(list.items == ["admin", "write"], "no duplicates")
    }

    @Test func checklistKeepsKnownScopesAndTakesOthers() {
        var list = ListEditor(items: ["openid", "email", "drive"], checked: [true, true, true])
        press(&list, .right, .character(" "))
        #expect(list.values == ["openid", "drive"])
        type(&list, "calendar")
        #expect(list.values == ["openid", "drive", "calendar"], "what is typed counts even before Enter")
        press(&list, .enter)
        #expect(list.items.last == "calendar" && list.checked?.last == true)
    }

    @Test func pairsKeepSpacesInValues() {
        var list = ListEditor(items: ["access_type=offline"], kind: .pair)
        type(&list, "prompt=select account")
        press(&list, .enter)
        type(&list, "flag")
        press(&list, .enter)
        #expect(list.items == ["access_type=offline", "prompt=select account", "flag="])
    }

    @Test func newConnectionScopesAreAChecklist() async throws {
        let harness = try Harness()
        await harness.newConnection(to: "google", named: "Work")
        await harness.focus("scopes")
        await harness.press("right", "space")
        await harness.type("https://www.googleapis.com/auth/calendar")
        await harness.press("enter")
        Golden.check(harness.screen, "new_connection_scopes")
        guard case .newConnection(let new) = harness.state.screen else { Issue.record("no form"); return }
        let draft = ConnectionForms.draft(from: new.form, service: new.service)
        let known = new.service.auth.oauth2?.scopes ?? []
        #expect(draft.scopes == known.filter { $0 != "email" } + ["https://www.googleapis.com/auth/calendar"])
    }
}
