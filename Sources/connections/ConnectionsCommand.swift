import ArgumentParser
import ConnectionsCore
import ConnectionsTUI
import Foundation

@main
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Connect third-party services with OAuth and API keys, and call them from code and the shell.",
        discussion: "Data lives in $XDG_DATA_HOME/connections (or --home DIR, or CONNECTIONS_HOME).",
        version: Version.current,
        subcommands: [
            ListServicesCommand.self, ServiceCommand.self, NewConnectionCommand.self, ListConnectionsCommand.self,
            ShowConnectionCommand.self, EditConnectionCommand.self, ConnectCommand.self, TokenCommand.self, RevokeCommand.self,
            InvokeCommand.self, HeadersCommand.self, MCPCommand.self, ExecCommand.self, GitCredentialCommand.self, ProxyCommand.self,
            SnippetCommand.self, DeleteConnectionCommand.self, KeysCommand.self,
            KeyCommand.self, StoreCommand.self, StatusCommand.self, RefreshCommand.self,
        ])

    /// As ArgumentParser's own main, but every error is printed through `TerminalText`: a message may quote what
    /// a provider or a stored row said.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // The team store out of reach has its own code (EX_UNAVAILABLE), so that scripts can wait and retry.
            let code = if case .teamStoreUnreachable = error as? StoreError { ExitCode(69) } else { exitCode(for: error) }
            guard code != .success else { exit(withError: error) }
            let message = error is any RemediableError ? CLIRemedy.message(for: error) : fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((TerminalText.safeLines(message) + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Theme for the terminal UI: default, dark, light, high-contrast, ansi-16.") var theme: String?

    /// No subcommand: the terminal UI.
    func run() async throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw ValidationError("The terminal UI needs a terminal; run `connections --help` for the commands scripts use.")
        }
        let warnings = await TUILauncher.run(workspace: try global.workspace(), themeName: theme)
        for warning in warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
    }
}

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Directory for the database and vault key.", valueName: "dir"))
    var home: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A team store, postgresql://USER@HOST:PORT/DB (or CONNECTIONS_STORE, or store: in the config).", valueName: "url"))
    var store: String?

    func workspace() throws -> Workspace {
        try Workspace(home: home, store: store)
    }
}
