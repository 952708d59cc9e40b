import ArgumentParser
import ConnectionsCore
import Foundation

struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a program with connections' credentials in its environment, each refreshed first; its exit code is ours.",
        discussion:
            "connections exec --env GITHUB_TOKEN=github_work -- gh repo list. Without --env or --header-env, every connected connection "
            + "gives LINK_TOKEN (the link name in capitals). The credentials never appear in the program's arguments. Signals sent to "
            + "connections exec (INT, TERM, HUP, QUIT, USR1, USR2) are passed on; a program killed by a signal kills us with the same "
            + "signal. A program not found exits 127, one that cannot be run 126.")

    @OptionGroup var global: GlobalOptions
    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "Set NAME to LINK's token, API key or Basic value (NAME=LINK:KEY: one API key of several).", valueName: "NAME=LINK"))
    var variables: [String] = []
    @Option(
        name: .customLong("header-env"),
        help: ArgumentHelp("Set NAME to the whole header value LINK's credential goes in, e.g. `Bearer abc`.", valueName: "NAME=LINK"))
    var headerVariables: [String] = []
    @Option(help: "Seconds a refresh may take.") var timeout: Double = 30
    @Argument(parsing: .postTerminator, help: ArgumentHelp("The program and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func run() async throws {
        guard let program = command.first else {
            throw ValidationError("Give the program to run after --, e.g. connections exec --env TOKEN=LINK -- CMD ARGS...")
        }
        let wanted: [ExecVariable]
        do {
            wanted =
                try variables.map { try ExecVariable(parsing: $0, form: .value) }
                + headerVariables.map { try ExecVariable(parsing: $0, form: .header) }
        } catch {
            throw ValidationError("\(error)")
        }
        let invoker = Invoker(workspace: try global.workspace())
        let found =
            wanted.isEmpty
            ? try await invoker.environmentOfEveryConnection(timeout: timeout) : try await invoker.environment(wanted, timeout: timeout)
        for warning in found.warnings { StandardError.write(warning + "\n") }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in found.values { environment[name] = value.exposedValue }
        do throws(ExecError) {
            let executable = try ForegroundChild.resolve(program, path: environment["PATH"])
            ForegroundChild.exit(like: try ForegroundChild.run(executable, arguments: command, environment: environment))
        } catch {
            StandardError.write("connections exec: \(error)\n")
            Foundation.exit(error.exitCode)
        }
    }
}
