import ArgumentParser
import ConnectionsCore
import Foundation

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Keep connections alive: refresh every refresh token that could die unused before the next run (--due).",
        discussion: """
            Run it from a timer (see the README: a systemd user timer or a cron line). A refresh token is due when it could \
            die before the run after next, from the provider's refresh_token_expires_in or the service's documented idle \
            life; API key and Basic connections with a verify request are checked. One machine at a time on a team store. \
            Exit status 1 when any refresh or check failed.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Refresh what is due (the only mode for now).") var due = false
    @Option(help: "How often this runs, e.g. 12h, 1d (default 1d).", transform: RefreshCommand.duration) var every: TimeInterval = 86_400
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Seconds each refresh and request may take.") var timeout: Double = 30

    func validate() throws {
        guard due else {
            throw ValidationError(
                "Say --due: refresh what could die before the next run. One connection: connections token LINK --refresh.")
        }
    }

    func run() async throws {
        let outcomes = try await KeepAlive(HealthCheck(workspace: try global.workspace(), timeout: timeout)).run(every: every)
        if json {
            JSONOutput.printArray(outcomes) { outcome in
                .object([
                    ("link_name", .string(outcome.linkName)), ("action", .string(outcome.action.rawValue)),
                    ("passed", .bool(outcome.passed)), ("problem", .optional(outcome.problem)),
                ])
            }
        } else if outcomes.isEmpty {
            Output.say("Nothing was due.")
        } else {
            for outcome in outcomes {
                let done = outcome.action == .refreshed ? "refreshed" : outcome.action == .verified ? "verified" : "left alone"
                let problem = outcome.problem.map {
                    (outcome.action == .skipped ? "left alone: " : "not \(done): ") + TerminalText.singleLine($0)
                }
                Output.say(TerminalText.singleLine(outcome.linkName) + ": " + (problem ?? done))
            }
        }
        if outcomes.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    /// `90`, `90s`, `30m`, `12h`, `1d`.
    static func duration(_ text: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Double(unit == nil ? text : String(text.dropLast())), number > 0, number.isFinite else {
            throw ValidationError("'\(text)' is not a duration: give e.g. 12h or 1d.")
        }
        return number * (unit ?? 1)
    }
}
