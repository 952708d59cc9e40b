import ConnectionsCore
import Testing

@testable import ConnectionsTUI

/// A failure carries what to do as data; the terminal UI words it as the keys the keymap binds, never as the
/// command-line flags and commands the CLI names.
@Suite struct RemedyWordsTests {
    static let remedies: [Remedy] = [
        .connect(linkName: "shop"), .setParameter(linkName: "shop", name: "region"), .giveClient(linkName: "shop"), .allowMoreTime,
        .pasteRedirect, .deleteKeepingRemote(linkName: "shop"), .giveClientOrSkipRegistration, .pickAnotherLinkName,
        .allowHost(serviceLinkName: "shop_api", host: "https://cdn.example.com", isCatalog: false),
        .allowHost(serviceLinkName: "shopify", host: "https://cdn.example.com", isCatalog: true),
        .recreate(kind: "connection", linkName: "shop"), .recreate(kind: "service", linkName: "shop_api"),
        .replaceService(linkName: "shop_api"), .listAll(kind: "connection"), .listAll(kind: "service"),
    ]

    @Test(arguments: remedies)
    func aRemedyNamesNoFlagOrCommand(_ remedy: Remedy) {
        for text in [TUIMessage.words(remedy, keymap: .standard), remedy.plainWords] {
            #expect(!text.contains("--") && !text.contains("connections ") && !text.contains("`"), "\(text)")
        }
    }

    @Test func aRefusedOriginSaysHowToAllowItOnThisScreen() {
        let refused = InvokeError.originNotAllowed(
            url: "https://cdn.example.com", linkName: "shop", allowed: "https://api.example.com", serviceLinkName: "shop_api",
            isCatalog: false)
        let rebound = Keymap.standard.overriding(["edit": ["E"]])
        #expect(
            TUIMessage.describe(refused, keymap: rebound)
                == "Not sent to https://cdn.example.com: connection shop sends its credentials only to https://api.example.com. "
                + "To allow https://cdn.example.com, press E on shop_api in Pick Your Service and add it under "
                + "'Other hosts for credentials'.")
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
