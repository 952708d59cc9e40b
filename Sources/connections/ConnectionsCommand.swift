import ArgumentParser
import ConnectionsCore

@main
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Connect third-party services with OAuth and API keys, and call them from code and the shell.",
        discussion: "Data lives in $XDG_DATA_HOME/connections (or --home DIR, or CONNECTIONS_HOME).",
        subcommands: [
            ListServicesCommand.self, ServiceCommand.self, NewConnectionCommand.self, ListConnectionsCommand.self,
            ShowConnectionCommand.self, EditConnectionCommand.self, ConnectCommand.self, TokenCommand.self, RevokeCommand.self,
            SnippetCommand.self, DeleteConnectionCommand.self,
        ])
}

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Directory for the database and vault key.", valueName: "dir"))
    var home: String?

    func workspace() throws -> Workspace {
        try Workspace(home: home)
    }
}
