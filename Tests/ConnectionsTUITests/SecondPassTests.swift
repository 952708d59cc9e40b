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
}
