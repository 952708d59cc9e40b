import ConnectionsCore
import Foundation
import Testing

@Suite struct AccountNameTests {
    @Test func theSystemNamesTheAccountWhenUserAndLognameAreUnset() {
        let name = AccountName.current(environment: [:])
        #expect(!name.isEmpty && name != "someone" && !name.hasPrefix("uid "), "\(name)")
        #expect(MemberConfig().member(environment: [:]).hasPrefix(name + "@"))
        #expect(AccountName.current(environment: ["USER": "ada", "LOGNAME": "bob"]) == "ada")
        #expect(AccountName.current(environment: ["LOGNAME": "bob"]) == "bob")
    }
}
