import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct SecretTests {
    @Test func neverPrintsItself() {
        let secret = Secret("hunter2-very-secret")
        let tokens = TokenSet(accessToken: secret, refreshToken: secret)
        let connection = Connection(
            name: "n", linkName: "n", serviceLinkName: "s", clientSecret: secret, tokens: tokens, credentials: ["k": secret])
        for text in [
            "\(secret)", String(reflecting: secret), "\(tokens)", String(reflecting: connection),
            "\(Fixtures.oauth2Service(secret: "hunter2-very-secret"))",
        ] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        var dumped = ""
        dump(connection, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }
}
