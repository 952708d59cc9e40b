import ArgumentParser
import ConnectionsCore
import Foundation

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Team keys: the key that seals a team store's secrets.", subcommands: [NewKeyCommand.self])
}

struct NewKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Print a fresh team key (64 hex digits) to share out of band and give as CONNECTIONS_KEY or in a key_file.")

    func run() {
        print(Vault.newKeyText())
    }
}

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move services and connections between the local store and a team store.",
        subcommands: [CopyStoreCommand.self])
}

struct CopyStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every service and connection, tokens included, to a team store (--to) or from one (--from).",
        discussion: """
            The local store (--home) opens with its own key file; the team store with CONNECTIONS_KEY or the config's \
            key_file. All or nothing; what the target already holds unchanged is skipped; link names it holds with \
            other content are listed and nothing is copied.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Copy the local store into this team store.", valueName: "url")) var to: String?
    @Option(help: ArgumentHelp("Copy this team store into the local store.", valueName: "url")) var from: String?

    func validate() throws {
        guard (to == nil) != (from == nil) else { throw ValidationError("Give either --to URL or --from URL.") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let location = StoreLocation.resolve(home: global.home, environment: environment)
        let config = try MemberConfig.load(location.configFile)
        var localEnvironment = environment
        localEnvironment["CONNECTIONS_KEY"] = nil
        let local = try SQLiteStore(location: location, environment: localEnvironment)
        let team = try PostgresStore(address: try PostgresAddress(to ?? from ?? ""), environment: environment, keyFile: config.keyFile)
        let (source, target): (any ConnectionStore, any ConnectionStore) = to != nil ? (local, team) : (team, local)
        let report = try StoreCopy.copy(from: source, to: target)
        Output.say(
            "Copied \(report.services) service(s) and \(report.connections) connection(s) from \(source.place) to \(target.place)"
                + (report.alreadyThere > 0 ? "; \(report.alreadyThere) were already there." : "."))
    }
}
