import ConnectionsCore
import Testing

@testable import ConnectionsTUI

/// A failure carries what to do as data; the terminal UI words it as the keys the keymap binds, never as the
/// command-line flags and commands the CLI names.
@Suite struct RemedyWordsTests {
    static let remedies: [Remedy] = [
        .connect(linkName: "shop"), .setParameter(linkName: "shop", name: "region"), .giveClient(linkName: "shop"), .allowMoreTime,
        .pasteRedirect, .deleteKeepingRemote(linkName: "shop"), .giveClientOrSkipRegistration, .pickAnotherLinkName,
    ]

    @Test(arguments: remedies)
    func aRemedyNamesNoFlagOrCommand(_ remedy: Remedy) {
        for text in [TUIMessage.words(remedy, keymap: .standard), remedy.plainWords] {
            #expect(!text.contains("--") && !text.contains("connections ") && !text.contains("`"), "\(text)")
        }
    }

    @Test func theKeysComeFromTheKeymap() {
        let rebound = Keymap.standard.overriding(["connect": ["K"], "edit": ["E"]])
        #expect(TUIMessage.words(.connect(linkName: "shop"), keymap: rebound).contains("Press K"))
        #expect(TUIMessage.words(.setParameter(linkName: "shop", name: "region"), keymap: rebound).contains("Press E"))
        let error = ConnectError.needsReconnect(linkName: "shop", reason: "invalid_grant")
        #expect(
            TUIMessage.describe(error, keymap: rebound) == "Connection shop needs to be connected again (invalid_grant). "
                + "Press K on the page of shop to connect it.")
    }
}
