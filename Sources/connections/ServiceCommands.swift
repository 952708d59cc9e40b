import ArgumentParser
import ConnectionsCore
import Foundation

struct ListServicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "services", abstract: "List the pre-built and custom services.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: ArgumentHelp("Only services in this category (crm, marketing, storage, ...).", valueName: "category"))
    var category: String?
    @Option(help: ArgumentHelp("Only services of this auth type: oauth2, oauth1, api_key or basic.", valueName: "type")) var auth: AuthType?

    func run() throws {
        let all = try global.workspace().services()
        let services = ServiceFilter(category: category, auth: auth).apply(to: all)
        if services.isEmpty, let category, !all.contains(where: { $0.categories.contains(category) }) {
            let known = Set(all.flatMap(\.categories)).sorted().joined(separator: ", ")
            throw ValidationError("No service is in the category '\(category)'. Categories: \(known).")
        }
        if json { return JSONOutput.print(.array(services.map(JSONOutput.service))) }
        Output.say(
            TextTable.render(
                header: ["NAME", "LINK NAME", "AUTH", "ASKS FOR", "CATEGORIES", "ORIGIN"],
                rows: services.map {
                    [
                        $0.name, $0.linkName, $0.auth.type.displayName, $0.parameters.joined(separator: " "),
                        $0.categories.joined(separator: " "),
                        $0.origin.rawValue,
                    ]
                }, width: Output.terminalWidth), terminator: "")
    }
}

struct ServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Import, export, show or delete a service.",
        subcommands: [
            ImportServiceCommand.self, ExportServiceCommand.self, ShowServiceCommand.self, DeleteServiceCommand.self,
            DiscoverServiceCommand.self,
        ])
}

struct ImportServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store a custom service described in a YAML file ('-' reads stdin).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The service file.") var file: String
    @Flag(help: "Replace a custom service with the same link name.") var replace = false

    func run() throws {
        let data = try InputFile.contents(file, unreadable: "Cannot read \(file): no such file, or not readable.")
        let text = String(decoding: data, as: UTF8.self)
        let service = try global.workspace().importService(yaml: text, file: file == "-" ? "<stdin>" : file, replace: replace)
        Output.say("Stored service '\(service.name)' (link name \(service.linkName)).")
        if let settings = service.auth.oauth2, settings.grant == .authorizationCode {
            Output.say("Redirect URI to register at the provider: \(settings.redirectURI)")
        }
    }
}

struct ExportServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print a service as YAML that 'service import' reads back.")

    @OptionGroup var target: ServiceTarget
    @Flag(help: "Include client and consumer secrets.") var includeSecrets = false

    func run() throws {
        print(ServiceFile.export(try target.workspace().service(target.link), secrets: includeSecrets ? .include : .omit), terminator: "")
    }
}

struct ShowServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a service (secrets masked).")

    @OptionGroup var target: ServiceTarget
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let service = try target.workspace().service(target.link)
        if json { return JSONOutput.print(JSONOutput.service(service)) }
        for line in ServiceSummary.lines(service) { Output.say("# " + line) }
        Output.say(ServiceFile.export(service, secrets: .mask), terminator: "")
    }
}

struct DeleteServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a custom service that has no connections (and the client it registered, RFC 7592).")

    @OptionGroup var target: ServiceTarget
    @Flag(help: "Keep the client this program registered at the server; delete the service here only.") var keepRemote = false

    func run() async throws {
        Output.say(try await target.workspace().deleteService(target.link, keepRemote: keepRemote))
    }
}

extension AuthType: ExpressibleByArgument {}
