import ArgumentParser
import ConnectionsCore
import Foundation

struct MCPAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "From an MCP server's URL to a client's configuration: discover, register, create the connection, sign in.",
        discussion:
            "Prints what to paste into Claude Desktop, Cursor, VS Code or Claude Code. A server without client registration: "
            + "`connections service discover URL --client-id ID`, then `connections new` and `connections connect`.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The MCP server's URL.") var url: String
    @Option(help: "The name of the service and the connection (default: the server's host).") var name: String?
    @Option(help: "The connection's link name (default: derived from the name).") var link: String?
    @Option(name: .customLong("scope"), help: "A scope to request; repeat for more (default: what the server suggests).")
    var scopes: [String] = []
    @Flag(help: "Do not launch a browser: open the URL yourself and paste the redirect URL here.") var noBrowser = false
    @Option(help: "Seconds for the sign-in.") var timeout: Int = 300

    func run() async throws {
        let workspace = try global.workspace()
        let report = try await Discovery().discover(url)
        guard report.server.registrationEndpoint != nil else {
            throw ValidationError(
                "\(report.server.issuer) offers no client registration. Register a client there, then: "
                    + "connections service discover \(url) --client-id ID, connections new LINK, connections connect.")
        }
        let shownName =
            name ?? DiscoveredService.suggestedName(report) ?? URL(string: report.resource?.resource ?? url)?.host ?? "MCP server"
        let serviceLink = try NameRules.deriveLinkName(
            from: shownName, fallback: "mcp", taken: Set(workspace.services().map(\.linkName)).contains)
        var discovered = DiscoveredService.make(
            report, name: shownName, linkName: serviceLink, scopes: scopes.isEmpty ? report.suggestedScopes : scopes)
        discovered.mcpEndpoint = url
        let saved = try await workspace.saveDiscoveredService(
            discovered, client: .register, offeredAuthMethods: report.server.tokenEndpointAuthMethods)
        Output.say("Stored service \(saved.service.linkName), with a client registered at \(report.server.issuer).")
        let created = try workspace.createConnection(
            ConnectionDraft(serviceLinkName: saved.service.linkName, name: shownName, linkName: link))
        let connection = try await SignIn.run(workspace, created.linkName, noBrowser: noBrowser, device: false, timeout: timeout)
        SignIn.report(connection)
        Output.say("\nTo use it from an MCP client:\n")
        for form in MCPClientConfiguration.all(name: shownName, command: Self.executable, arguments: arguments(connection.linkName)) {
            Output.say("\(form.client) (\(form.place)):\n  \(form.text)\n")
        }
    }

    /// `mcp LINK`, and where the store is when it is not the default one (a client starts the bridge without this
    /// shell's environment).
    private func arguments(_ linkName: String) -> [String] {
        var arguments = ["mcp", linkName]
        let home = global.home ?? ProcessInfo.processInfo.environment["CONNECTIONS_HOME"]
        if let home { arguments += ["--home", URL(fileURLWithPath: home).standardizedFileURL.path] }
        if let store = global.store { arguments += ["--store", store] }
        return arguments
    }

    /// This program's absolute path: MCP clients do not see a shell's PATH.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
