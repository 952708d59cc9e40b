import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct ServiceFileTests {
    static let mailchimp = """
        name: MailChimp
        link_name: mailchimp_custom
        auth: oauth2
        oauth2:
          grant: authorization_code
          client_id: "abc123"
          client_secret: "s3cr3t-value"
          authorize_url: https://login.mailchimp.com/oauth2/authorize
          token_url: https://login.mailchimp.com/oauth2/token
          refresh_url: https://login.mailchimp.com/oauth2/token
          scopes: []
          scope_delimiter: space
          token_placement: header
          client_auth: body
          pkce: true
          authorize_params: {access_type: offline}
        api_base: https://{dc}.api.mailchimp.com/3.0
        parameters: [dc]

        """

    @Test func parsesTheDocumentedExample() throws {
        let service = try ServiceFile.parse(Self.mailchimp, file: "mailchimp.yaml")
        let settings = try #require(service.auth.oauth2)
        #expect(service.name == "MailChimp")
        #expect(service.parameters == ["dc"])
        #expect(settings.clientSecret?.exposedValue == "s3cr3t-value")
        #expect(settings.authorizeParams == [KeyValue("access_type", "offline")])
        #expect(settings.tokenParameter == "Authorization")
        #expect(settings.tokenPrefix == "Bearer")
    }

    @Test(arguments: [
        ("oauth2:\n  tokn_url: x", 5, "oauth2.tokn_url", "unknown key"),
        ("pkce: maybe", 15, "oauth2.pkce", "expected true or false"),
        ("scope_delimiter: semicolon", 12, "oauth2.scope_delimiter", "'semicolon' is not one of: space, comma, plus"),
        ("scopes: read", 11, "oauth2.scopes", "expected a list"),
        ("redirect_port: high", 8, "oauth2.redirect_port", "expected a whole number"),
        ("authorize_url: http://login.mailchimp.com/oauth2/authorize", 8, "oauth2.authorize_url", "must be https"),
        ("token_url: ftp://x", 9, "oauth2.token_url", "must start with https://"),
    ])
    func namesFileLineAndKey(replacement: String, line: Int, key: String, message: String) throws {
        let text = Self.edit(Self.mailchimp, replacement)
        do {
            _ = try ServiceFile.parse(text, file: "mailchimp.yaml")
            Issue.record("parsed a broken file")
        } catch {
            #expect(error.file == "mailchimp.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.key == key)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// Replaces the line whose key matches, or inserts after `oauth2:` when the key is new there.
    static func edit(_ text: String, _ replacement: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if replacement.hasPrefix("oauth2:") {
            let extra = replacement.components(separatedBy: "\n")[1]
            lines.insert(extra, at: 4)
            return lines.joined(separator: "\n")
        }
        let key = replacement.components(separatedBy: ":")[0]
        if let index = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + ":") }) {
            lines[index] = "  " + replacement
        } else {
            lines.insert("  " + replacement, at: 7)
        }
        return lines.joined(separator: "\n")
    }

    @Test func reportsTopLevelProblems() {
        #expect(throws: ServiceFileError.self) { try ServiceFile.parse("", file: "empty.yaml") }
        do {
            _ = try ServiceFile.parse("name: X\nlink_name: x\nauth: oauth2\n", file: "a.yaml")
        } catch {
            #expect(error.description == "a.yaml:3: auth: auth is oauth2 but there is no oauth2: section")
        }
        do {
            _ = try ServiceFile.parse("name: X\nlink_name: x\nauth: basic\nlink_name: y\n", file: "b.yaml")
        } catch {
            #expect(error.line == 4)
        }
        do {
            _ = try ServiceFile.parse("name: [unclosed\n", file: "c.yaml")
        } catch {
            #expect(error.description.hasPrefix("c.yaml:"))
            #expect(error.message.hasPrefix("not valid YAML"))
        }
        do {
            _ = try ServiceFile.parse(
                Self.mailchimp.replacingOccurrences(of: "link_name: mailchimp_custom", with: "link_name: Mail-Chimp"), file: "d.yaml")
        } catch {
            #expect(error.key == "link_name")
            #expect(error.line == 2)
            #expect(error.message.contains("must start with a lowercase letter"))
        }
    }

    @Test func exportRoundTripsEveryAuthType() throws {
        var tricky = Fixtures.oauth2Service()
        tricky.name = "Acme: \"quoted\" #1"
        tricky.notes = "yes"
        tricky.apiHeaders = [KeyValue("X-Version", "2022-06-28"), KeyValue("X-Flag", "true")]
        var settings = tricky.auth.oauth2!
        settings.scopes = ["null", "123", "a:b"]
        settings.tokenParams = [KeyValue("audience", "api.acme.test")]
        settings.redirectPort = 8765
        settings.pkce = false
        tricky.auth = .oauth2(settings)
        for service in [tricky, Fixtures.oauth1Service(), Fixtures.apiKeyService(), Fixtures.basicService] {
            let text = ServiceFile.export(service, secrets: .include)
            let back = try ServiceFile.parse(text, file: "export.yaml")
            #expect(back == service, "\(text)")
        }
    }

    @Test func exportKeepsSecretsOutUnlessAsked() throws {
        let service = try ServiceFile.parse(Self.mailchimp, file: "m.yaml")
        #expect(!ServiceFile.export(service).contains("s3cr3t-value"))
        #expect(!ServiceFile.export(service).contains("client_secret"))
        #expect(ServiceFile.export(service, secrets: .mask).contains("client_secret: \"********\""))
        #expect(ServiceFile.export(service, secrets: .include).contains("s3cr3t-value"))
    }

    @Test func importStoresNothingOnError() throws {
        let home = TemporaryDirectory()
        let workspace = try home.workspace()
        let broken = Self.edit(Self.mailchimp, "pkce: maybe")
        #expect(throws: ServiceFileError.self) { try workspace.importService(yaml: broken, file: "m.yaml", replace: false) }
        #expect(try workspace.store.customServices().isEmpty)
        let stored = try workspace.importService(yaml: Self.mailchimp, file: "m.yaml", replace: false)
        #expect(try workspace.service("mailchimp_custom") == stored)
        #expect(throws: StoreError.duplicate(kind: "service", linkName: "mailchimp_custom")) {
            try workspace.importService(yaml: Self.mailchimp, file: "m.yaml", replace: false)
        }
        _ = try workspace.importService(
            yaml: Self.mailchimp.replacingOccurrences(of: "name: MailChimp", with: "name: Chimp 2"), file: "m.yaml", replace: true)
        #expect(try workspace.service("mailchimp_custom").name == "Chimp 2")
    }

    @Test func customServicesCannotTakeACatalogLinkName() throws {
        let home = TemporaryDirectory()
        let workspace = try home.workspace()
        let clash = Self.mailchimp.replacingOccurrences(of: "link_name: mailchimp_custom", with: "link_name: mailchimp")
        #expect(throws: StoreError.catalogService(linkName: "mailchimp")) {
            try workspace.importService(yaml: clash, file: "m.yaml", replace: true)
        }
    }

    @Test func headersWithLineBreaksAreRefusedAtImport() {
        for header in ["api_headers:\n  X-Fine: yes\n  X-A: \"one\\r\\nX-Injected: yes\"", "api_headers:\n  X-Fine: yes\n  Bad Name: v"] {
            let text = Self.mailchimp + header + "\n"
            #expect(throws: ServiceFileError.self, "\(header)") { try ServiceFile.parse(text, file: "h.yaml") }
            do {
                _ = try ServiceFile.parse(text, file: "h.yaml")
            } catch {
                #expect(error.line == 21 && error.key == "api_headers[1]", "\(error)")
                #expect(error.message.contains("cannot hold line breaks"))
            }
        }
    }

    @Test func allowedHostsRoundTrip() throws {
        let text = Self.mailchimp + "allowed_hosts: [\"login.mailchimp.com\", \"*.api.mailchimp.com\"]\n"
        let service = try ServiceFile.parse(text, file: "a.yaml")
        #expect(service.allowedHosts == ["login.mailchimp.com", "*.api.mailchimp.com"])
        #expect(try ServiceFile.parse(ServiceFile.export(service, secrets: .include), file: "b.yaml") == service)
        let bad = Self.mailchimp + "allowed_hosts: [ok.example.com, \"https://x.example.com/path\"]\n"
        #expect(
            throws: ServiceFileError(
                file: "a.yaml", line: 19, key: "allowed_hosts[1]",
                message:
                    "Allowed host 'https://x.example.com/path' is not a host: give e.g. api.example.com, *.example.com or "
                    + "https://api.example.com:8443."
            )
        ) {
            try ServiceFile.parse(bad, file: "a.yaml")
        }
    }
}
