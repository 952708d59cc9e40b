import ArgumentParser
import ConnectionsCore
import Foundation

struct DiscoverServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract:
            "Store a custom service found from one URL (an issuer, an API or an MCP endpoint), registering a client when allowed.",
        discussion: """
            Follows RFC 9728 (protected resource metadata, from the URL's 401 or its well-known address), RFC 8414 and OpenID \
            Connect discovery, and RFC 7591 registration as a native app. https only (http only on loopback), no redirect to \
            another origin.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The issuer, API or MCP endpoint URL.") var url: String
    @Option(help: "The service's name (default: the host).") var name: String?
    @Option(help: "The service's link name (default: derived from the name).") var link: String?
    @Option(name: .customLong("scope"), help: "A scope to request; repeat for more.") var scopes: [String] = []
    @Option(help: "Your own client ID (no registration).") var clientID: String?
    @Flag(help: "Read the client secret from standard input (with --client-id).") var clientSecretStdin = false
    @Option(
        help: ArgumentHelp(
            "Your own https URL to stand for the client ID (a Client ID Metadata Document); prints the document to publish there.",
            valueName: "url")) var clientMetadataURL: String?
    @Flag(help: "Do not register a client; connections then give their own --client-id.") var noRegister = false
    @Flag(help: "Print JSON.") var json = false
    @Option(
        help: ArgumentHelp(
            "Discover again for this custom service: show what changed, then save it (its client is kept).",
            valueName: "link")) var update: String?
    @Flag(help: "With --update: show what changed, save nothing.") var dryRun = false

    func validate() throws {
        if clientMetadataURL != nil, clientID != nil || noRegister {
            throw ValidationError("--client-metadata-url is the client ID: leave out --client-id and --no-register.")
        }
    }

    func run() async throws {
        let workspace = try global.workspace()
        let report = try await Discovery().discover(url)
        if let clientMetadataURL { try ClientMetadataDocument.check(clientMetadataURL, server: report.server) }
        if let update { return try rediscover(update, report, workspace) }
        let shownName =
            name ?? DiscoveredService.suggestedName(report) ?? URL(string: report.resource?.resource ?? report.server.issuer)?.host
            ?? "Discovered"
        let linkName =
            try link
            ?? NameRules.deriveLinkName(from: shownName, fallback: "service", taken: Set(workspace.services().map(\.linkName)).contains)
        let scopes = scopes.isEmpty ? report.suggestedScopes : scopes
        let client: DiscoveredClient =
            if let clientMetadataURL {
                .metadataDocument(url: clientMetadataURL)
            } else if let clientID {
                .own(id: clientID, secret: clientSecretStdin ? readSecretFromStandardInput() : nil)
            } else {
                noRegister ? .none : .register
            }
        let saved = try await workspace.saveDiscoveredService(
            DiscoveredService.make(report, name: shownName, linkName: linkName, scopes: scopes), client: client,
            offeredAuthMethods: report.server.tokenEndpointAuthMethods)
        let (service, registered, clientMetadata) = (saved.service, saved.registered, saved.clientMetadata)
        if json {
            return JSONOutput.print(
                .object([
                    ("service", JSONOutput.service(service)), ("steps", .strings(report.steps)), ("registered", .bool(registered)),
                    ("issuer", .string(report.server.issuer)), ("resource", .optional(report.resource?.resource)),
                    ("client_metadata", .optional(clientMetadata.map { String(decoding: $0, as: UTF8.self) })),
                ]))
        }
        for step in report.steps { Output.say("· " + step) }
        Output.say("Stored service '\(service.name)' (link name \(service.linkName)), issuer \(report.server.issuer).")
        if let clientMetadata, let clientMetadataURL {
            Output.say("The client ID is \(clientMetadataURL). Publish this document there (Content-Type: application/json):")
            Output.say(String(decoding: clientMetadata, as: UTF8.self))
        } else if registered {
            let clientID = service.auth.oauth2?.clientID ?? ""
            Output.say("Registered a client (\(clientID)) at \(report.server.registrationEndpoint ?? ""); it is stored encrypted.")
        } else if service.auth.oauth2?.clientID.isEmpty ?? false {
            Output.say("No client was registered: give one to each connection with `connections new \(service.linkName) --client-id ID`.")
        }
        if let redirect = service.auth.oauth2?.redirectURI, !registered, clientMetadata == nil {
            Output.say("Redirect URI to register at the provider: \(redirect)")
        }
    }

    /// `--update LINK`: the service as discovered now, with its own name, link name, scopes and client kept.
    private func rediscover(_ linkName: String, _ report: DiscoveryReport, _ workspace: Workspace) throws {
        let (existing, updated) = try workspace.rediscoveredService(linkName, from: report, scopes: scopes)
        let changes = ServiceDifference.between(existing, updated)
        for step in report.steps { Output.say("· " + step) }
        guard !changes.isEmpty else { return Output.say("No changes: \(linkName) is as discovered.") }
        for change in changes { Output.say("\(change.key): \(change.old) -> \(change.new)") }
        if dryRun { return Output.say("Not saved (--dry-run).") }
        try workspace.saveService(updated, replace: true)
        Output.say("Updated service \(linkName) (\(changes.count) change\(changes.count == 1 ? "" : "s")).")
    }
}
