import Testing
@testable import ConnectionsCore

@Suite struct NameRulesTests {
    @Test(arguments: ["mailchimp", "a", "mailchimp_conn_2", String(repeating: "a", count: 50)])
    func acceptsValidLinkNames(_ link: String) {
        #expect(NameRules.linkNameProblem(link) == nil)
    }

    @Test func rejectsEachBrokenRuleWithItsOwnMessage() {
        #expect(NameRules.linkNameProblem("") == "Link name is required.")
        #expect(NameRules.linkNameProblem("2fa")?.contains("must start with a lowercase letter") == true)
        #expect(NameRules.linkNameProblem("_x")?.contains("must start with a lowercase letter") == true)
        #expect(NameRules.linkNameProblem("Mail")?.contains("'M' does not") == true)
        #expect(NameRules.linkNameProblem("mail-chimp") == "Link name may contain only a-z, 0-9 and _ (a-z first, at most 50); not '-'.")
        #expect(NameRules.linkNameProblem("my Mail-chimp!")?.hasSuffix("not space, 'M', '-', '!'.") == true)
        #expect(NameRules.linkNameProblem(String(repeating: "a", count: 51))?.contains("51 characters; the limit is 50") == true)
    }

    @Test func derivesLinkNamesFromNames() {
        let none: (String) -> Bool = { _ in false }
        #expect(NameRules.deriveLinkName(from: "MailChimp marketing", fallback: "connection", taken: none) == "mailchimp_marketing")
        #expect(NameRules.deriveLinkName(from: "  Zoho -- CRM (EU)! ", fallback: "connection", taken: none) == "zoho_crm_eu")
        #expect(NameRules.deriveLinkName(from: "Café Müller", fallback: "connection", taken: none) == "cafe_muller")
        #expect(NameRules.deriveLinkName(from: "2nd account", fallback: "connection", taken: none) == "connection_2nd_account")
        #expect(
            NameRules.deriveLinkName(from: "日本", fallback: "connection", taken: none) == "ri_ben",
            "other scripts are transliterated")
        #expect(NameRules.deriveLinkName(from: "Shop Привет", fallback: "connection", taken: none) == "shop_privet")
        #expect(
            NameRules.deriveLinkName(from: "🎉🎉", fallback: "connection", taken: none) == "connection",
            "nothing to keep: the fallback")
        let long = NameRules.deriveLinkName(from: String(repeating: "word ", count: 20), fallback: "connection", taken: none)
        #expect(long.count == 50)
        #expect(NameRules.linkNameProblem(long) == nil)
    }

    @Test func addsTheFirstFreeSuffixWhenTaken() {
        let taken: Set = ["sales", "sales_2"]
        #expect(NameRules.deriveLinkName(from: "Sales", fallback: "connection", taken: taken.contains) == "sales_3")
        let fifty = String(repeating: "a", count: 50)
        let suffixed = NameRules.deriveLinkName(from: fifty, fallback: "connection", taken: { $0 == fifty })
        #expect(suffixed == String(repeating: "a", count: 48) + "_2")
    }

    @Test func namesAreLimitedToFiftyCharacters() {
        #expect(NameRules.nameProblem(String(repeating: "x", count: 50), kind: "Service") == nil)
        #expect(
            NameRules.nameProblem(String(repeating: "x", count: 51), kind: "Service") == "Service name is 51 characters; the limit is 50.")
        #expect(NameRules.nameProblem("   ", kind: "Connection") == "Connection name is required.")
    }
}
