import ArgumentParser
import ConnectionsCore
import Foundation

struct SnippetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snippet", abstract: "Print the code that invokes a connection (Deluge invokeurl, curl, Python, JavaScript).")

    @OptionGroup var target: ConnectionTarget
    @Option(help: "deluge, curl, python or javascript; mcp: what MCP clients take to run `connections mcp LINK`.")
    var lang: SnippetLanguage = .deluge
    @Option(help: "The URL to call; relative URLs join the service's API base.") var url: String?
    @Option(name: [.customShort("X"), .long], help: "GET, POST, PUT, PATCH or DELETE.") var method: SnippetMethod = .init(name: "GET")
    @Option(name: .customLong("param"), help: "A request parameter as k=v; repeat for more.") var parameters: [KeyValueArgument] = []
    @Option(name: [.customShort("H"), .customLong("header")], help: "A header as 'Name: value'; repeat for more.") var headers: [String] =
        []
    @Option(help: "A request body, sent as is.") var body: String?

    func run() throws {
        let workspace = try target.workspace()
        let connection = try workspace.connection(target.link)
        let service = try workspace.service(connection.serviceLinkName)
        guard let requestURL = url ?? (service.apiBase.isEmpty ? nil : "") else {
            throw ValidationError("\(service.name) has no API base URL: give the URL to call with --url.")
        }
        let request = APIRequest(
            url: requestURL, method: method.name, parameters: parameters.map(\.pair),
            headers: try headers.map { try KeyValueArgument(header: $0).pair }, text: body)
        print(
            Snippet.code(lang, request: request, linkName: connection.linkName, service: service, values: connection.placeholderValues),
            terminator: "")
    }
}

extension SnippetLanguage: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// One of the methods invokeurl knows.
struct SnippetMethod: ExpressibleByArgument {
    var name: String

    init(name: String) { self.name = name }

    init?(argument: String) {
        guard APIRequest.methods.contains(argument.uppercased()) else { return nil }
        name = argument.uppercased()
    }

    var defaultValueDescription: String { name }
    static var allValueStrings: [String] { APIRequest.methods }
}
