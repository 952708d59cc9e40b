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
    @Flag(help: "Do not register a client; connections then give their own --client-id.") var noRegister = false
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let workspace = try global.workspace()
        let report = try await Discovery().discover(url)
        let shownName = name ?? URL(string: report.resource?.resource ?? report.server.issuer)?.host ?? "Discovered"
        let linkName =
            try link
            ?? NameRules.deriveLinkName(from: shownName, fallback: "service", taken: Set(workspace.services().map(\.linkName)).contains)
        var service = DiscoveredService.make(report, name: shownName, linkName: linkName, scopes: scopes)
        var registered = false
        if let clientID, case .oauth2(var settings) = service.auth {
            settings.clientID = clientID
            if clientSecretStdin { settings.clientSecret = readSecretFromStandardInput() }
            service.auth = .oauth2(settings)
        } else if !noRegister, let endpoint = report.server.registrationEndpoint, case .oauth2(var settings) = service.auth {
            settings.redirectPort = 0
            let client = try await ClientRegistration().register(
                at: endpoint, redirectURI: settings.redirectURI, scopes: scopes, offeredAuthMethods: report.server.tokenEndpointAuthMethods)
            service = DiscoveredService.applying(client, to: service)
            registered = true
        }
        try workspace.saveService(service, replace: false)
        if json {
            return JSONOutput.print(
                .object([
                    ("service", JSONOutput.service(service)), ("steps", .strings(report.steps)), ("registered", .bool(registered)),
                    ("issuer", .string(report.server.issuer)), ("resource", .optional(report.resource?.resource)),
                ]))
        }
        for step in report.steps { Output.say("· " + step) }
        Output.say("Stored service '\(service.name)' (link name \(service.linkName)), issuer \(report.server.issuer).")
        if registered {
            let clientID = service.auth.oauth2?.clientID ?? ""
            Output.say("Registered a client (\(clientID)) at \(report.server.registrationEndpoint ?? ""); it is stored encrypted.")
        } else if service.auth.oauth2?.clientID.isEmpty ?? false {
            Output.say("No client was registered: give one to each connection with `connections new \(service.linkName) --client-id ID`.")
        }
        if let redirect = service.auth.oauth2?.redirectURI, !registered {
            Output.say("Redirect URI to register at the provider: \(redirect)")
        }
    }
}
