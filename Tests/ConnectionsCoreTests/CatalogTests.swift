import Foundation
import Testing
@testable import ConnectionsCore

@Suite struct CatalogTests {
    /// The one-entry path that `token` and `invoke` use finds each service exactly as the whole catalog has it.
    @Test func eachServiceReadAloneEqualsTheFullCatalogs() throws {
        let catalog = try Catalog.bundled()
        for service in catalog.services {
            #expect(try Catalog.bundledService(service.linkName) == service, "\(service.linkName)")
        }
        #expect(try Catalog.bundledService("no_such_service") == nil)
        #expect(try Catalog.bundledService("goo") == nil, "a prefix is not a link name")
    }

    @Test func bundledCatalogLoadsAndEveryEntryValidates() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.services.count >= 25)
        #expect(Set(catalog.services.map(\.linkName)).count == catalog.services.count)
        for service in catalog.services {
            #expect(service.origin == .catalog)
            #expect(ServiceValidator.errors(in: service).isEmpty, "\(service.linkName)")
            #expect(!service.apiBase.isEmpty, "\(service.linkName) has no API base")
            if let settings = service.auth.oauth2 {
                #expect(settings.clientID.isEmpty && settings.clientSecret == nil, "\(service.linkName) ships credentials")
                #expect(settings.tokenURL.hasPrefix("https://"))
            }
        }
    }

    @Test func quirksAreData() throws {
        let catalog = try Catalog.bundled()
        let google = try #require(catalog.service("google")?.auth.oauth2)
        #expect(google.authorizeParams.contains(KeyValue("access_type", "offline")))
        #expect(google.authorizeParams.contains(KeyValue("prompt", "consent")))
        #expect(catalog.service("slack")?.auth.oauth2?.scopeDelimiter == .comma)
        #expect(catalog.service("zoom")?.auth.oauth2?.clientAuth == .basic)
        let shopify = try #require(catalog.service("shopify"))
        #expect(shopify.parameters == ["shop"])
        #expect(shopify.auth.oauth2?.tokenParameter == "X-Shopify-Access-Token")
        #expect(shopify.auth.oauth2?.tokenPrefix == "")
        #expect(catalog.service("salesforce")?.tokenFields == ["instance_url"])
        #expect(catalog.service("trello")?.auth.type == .oauth1)
        #expect(catalog.service("stripe")?.auth.apiKeyFields.first?.prefix == "Bearer ")
        #expect(catalog.service("twilio")?.auth == .basic)
    }

    @Test func rejectsADuplicateEntry() {
        let text = """
            services:
              - {name: A, link_name: dup, auth: basic}
              - {name: B, link_name: dup, auth: basic}
            """
        #expect(throws: ServiceFileError.self) { try Catalog.parse(text, file: "catalog.yaml") }
    }
}

/// The catalog at scale: every entry strict, round-tripping, in step with the facts it was made from.
@Suite struct CatalogScaleTests {
    static let scripts = SnippetExecutionTests.root.deletingLastPathComponent().appendingPathComponent("scripts/catalog")

    static func tsv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: scripts.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst().map {
            Dictionary(uniqueKeysWithValues: zip(header, $0 + Array(repeating: "", count: max(0, header.count - $0.count))))
        }
    }

    @Test func atLeast150ServicesEachStrictAndRoundTripping() throws {
        let catalog = try Catalog.bundled()
        #expect(catalog.services.count >= 150)
        for service in catalog.services {
            #expect(ServiceValidator.errors(in: service).isEmpty, "\(service.linkName): \(ServiceValidator.errors(in: service))")
            let text = ServiceFile.export(service, secrets: .include)
            let read = try ServiceFile.parse(text, file: service.linkName + ".yaml", origin: .catalog)
            #expect(read == service, "\(service.linkName) changes through export and import")
            #expect(!service.categories.isEmpty, "\(service.linkName) has no category")
            if service.auth.type == .oauth2 || service.auth.type == .oauth1 {
                #expect(
                    service.notes.contains("Register") || service.notes.contains("Create") || service.notes.contains("Add"),
                    "\(service.linkName)'s notes do not say where to register")
            }
        }
        for wanted in [
            "google_contacts", "google_calendar", "google_ads", "google_drive", "outlook", "microsoft", "dropbox", "pandadoc", "mailchimp",
        ] {
            #expect(catalog.service(wanted) != nil, "\(wanted) is missing")
        }
    }

    /// Each declared parameter is used somewhere, and each placeholder used is declared (or is a token field).
    @Test func placeholdersAreDeclaredAndUsed() throws {
        for service in try Catalog.bundled().services {
            var texts = [service.apiBase, service.registerURL] + service.apiHeaders.map(\.value) + service.allowedHosts
            if let settings = service.auth.oauth2 {
                texts += [
                    settings.authorizeURL, settings.tokenURL, settings.refreshURL, settings.revokeURL, settings.deviceAuthorizationURL,
                ]
                texts += (settings.authorizeParams + settings.tokenParams + settings.refreshParams).map(\.value)
            }
            if let settings = service.auth.oauth1 { texts += [settings.requestTokenURL, settings.authorizeURL, settings.accessTokenURL] }
            let used = Set(texts.flatMap(URLRules.placeholders))
            let known = Set(service.parameters + service.providerFields)
            #expect(used.subtracting(known).isEmpty, "\(service.linkName) uses undeclared \(used.subtracting(known))")
            #expect(
                Set(service.parameters).subtracting(used).isEmpty,
                "\(service.linkName) declares unused \(Set(service.parameters).subtracting(used))")
        }
    }

    /// A whole URL given by the provider or the user (`{instance_url}`) names a host the entry allows; QuickBooks' realmId
    /// comes from the sign-in redirect, and only it does.
    @Test func wholeURLsNameTheirHostsAndCallbacksTheirFields() throws {
        let catalog = try Catalog.bundled()
        for service in catalog.services where service.urlTemplates.contains(where: { $0.hasPrefix("{") }) {
            #expect(!service.allowedHosts.isEmpty, "\(service.linkName) takes a whole URL but allows no host")
        }
        #expect(catalog.service("quickbooks")?.callbackFields == ["realmId"])
        #expect(catalog.services.filter { !$0.callbackFields.isEmpty }.map(\.linkName) == ["quickbooks"])
    }

    /// The authorize and token URLs of every entry made from a facts row match that row (with `${connectionConfig.x}`
    /// read as `{x}` and, for `A || B`, either alternative), so that an edit cannot drift from the facts silently.
    @Test func urlsMatchTheirFactsRows() throws {
        let facts = Dictionary(uniqueKeysWithValues: try Self.tsv("facts-top150.tsv").map { ($0["key"]!, $0) })
        let catalog = try Catalog.bundled()
        let map = try Self.tsv("facts-map.tsv")
        #expect(map.count >= 140)
        for row in map {
            let link = row["link_name"]!
            let service = try #require(catalog.service(link), "\(link) is in facts-map.tsv but not in the catalog")
            let fact = try #require(facts[row["facts_key"]!], "\(row["facts_key"]!) is not a facts row")
            let (authorize, token) =
                service.auth.oauth2.map { ($0.authorizeURL, $0.tokenURL) } ?? service.auth.oauth1.map {
                    ($0.authorizeURL, $0.accessTokenURL)
                } ?? ("", "")
            let handmade = row["made"] == "handmade"
            for (ours, theirs) in [(authorize, fact["authorization_url"]!), (token, fact["token_url"]!)]
            where Self.knownDifferences[ours] == nil {
                let same =
                    handmade
                    ? Set(Self.alternatives(theirs).map(Self.anyPlaceholder)).contains(Self.anyPlaceholder(ours))
                    : Self.alternatives(theirs).contains(ours)
                #expect(same, "\(link): \(ours) is not in its facts row: \(theirs)")
            }
        }
    }

    /// URLs that knowingly differ from their facts row, and why (overrides.yaml or handmade.yaml say so too).
    static let knownDifferences: [String: String] = [
        "https://api.smartsheet.com/2.0/token": "smartsheet.com's own host where the facts have a per-region variable",
        "https://discord.com/oauth2/authorize": "Discord documents this form beside /api/oauth2/authorize",
        "https://api.x.com/2/oauth2/token": "X's current host for what the facts give under api.twitter.com",
    ]

    /// Handmade entries name their parameters in their own words (`{shop}` for the facts' `{subdomain}`).
    static func anyPlaceholder(_ url: String) -> String { url.replacing(/\{[^}]*\}/, with: "{}") }

    static func alternatives(_ text: String) -> Set<String> {
        let translated = text.replacing(/\$\{connectionConfig\.([A-Za-z0-9_.-]+)\}/) { match in "{" + snake(String(match.1)) + "}" }
        return Set(translated.components(separatedBy: "||").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    static func snake(_ name: String) -> String {
        var result = ""
        var previous: Character = " "
        for character in name {
            if character.isUppercase, previous.isLowercase || previous.isNumber { result += "_" }
            result += character.isLetter || character.isNumber ? String(character).lowercased() : "_"
            previous = character
        }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
    }
}
