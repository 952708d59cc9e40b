import ArgumentParser
import ConnectionsCore
import Foundation

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Check that connections work now and as whom: refresh when needed, then the service's whoami or verify request.",
        discussion: "Exit status 1 when any check failed. Up to 8 connections are checked at once.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Link names (default: every connection).") var links: [String] = []
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Seconds each refresh and request may take.") var timeout: Double = 30

    static let parallel = 8

    func run() async throws {
        let workspace = try global.workspace()
        let names = links.isEmpty ? try workspace.store.connectionSummaries().map(\.linkName) : links
        let checker = HealthCheck(workspace: workspace, timeout: timeout)
        let progress = Progress(total: names.count, shown: !json && isatty(STDERR_FILENO) != 0)
        let ordered = await concurrently(names, limit: Self.parallel, done: progress.update) { await checker.check($0) }
        progress.end()
        if json {
            JSONOutput.printArray(ordered) { Self.json($0) }
        } else {
            for (index, report) in ordered.enumerated() {
                if index > 0 { Output.say("") }
                Output.say(Self.describe(report))
            }
        }
        if ordered.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }

    static func describe(_ report: HealthCheck.Report) -> String {
        let now = Date()
        var rows: [(String, String)] = []
        let outcome: String
        if let step = report.failedStep {
            outcome = "✗ failed at \(step.rawValue): \(report.problem ?? "")" + (report.remedy.map { " " + CLIRemedy.words($0) } ?? "")
        } else {
            outcome = report.verified ? "✓ works" : "✓ token valid (the service has no whoami or verify request)"
        }
        rows.append(("Check", outcome))
        if let connection = report.connection {
            rows.append(("Status", connection.status(at: now).displayName))
            rows += HealthRows.rows(connection.health, now: now).filter { $0.0 != "Last error" || report.passed }
            if !connection.scopes.isEmpty {
                rows.append(("Scopes", (connection.tokens?.grantedScopes ?? connection.scopes).joined(separator: " ")))
            }
            if let expiresAt = connection.tokens?.expiresAt { rows.append(("Token expires", Expiry.describe(expiresAt, now: now))) }
        }
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        return
            ([TerminalText.singleLine(report.linkName)]
            + rows.map { label, value in
                "  " + DisplayWidth.fit(label, columns: width) + "  " + TerminalText.singleLine(value)
            }).joined(separator: "\n")
    }

    static func json(_ report: HealthCheck.Report) -> JSONText {
        let now = Date()
        var members: [(String, JSONText)] = [
            ("link_name", .string(report.linkName)),
            ("passed", .bool(report.passed)),
            ("verified", .bool(report.verified)),
            ("failed_step", .optional(report.failedStep?.rawValue)),
            ("problem", .optional(report.problem.map { $0 + (report.remedy.map { " " + CLIRemedy.words($0) } ?? "") })),
        ]
        if let connection = report.connection {
            members += [
                ("status", .string(connection.status(at: now).code)),
                ("account", .optional(connection.health.account)),
                ("scopes", .strings(connection.tokens?.grantedScopes ?? connection.scopes)),
                ("expires_at", .optional(connection.tokens?.expiresAt)),
                ("health", JSONOutput.health(connection.health)),
            ]
        }
        return .object(members)
    }

    /// "checking 3 of 12…" on a terminal, one line rewritten in place.
    struct Progress {
        let total: Int
        let shown: Bool

        init(total: Int, shown: Bool) {
            self.total = total
            self.shown = shown
            update(0)
        }

        func update(_ done: Int) {
            if shown, done < total { StandardError.write("\r\u{1B}[Kchecking \(done + 1) of \(total)…") }
        }

        func end() { if shown { StandardError.write("\r\u{1B}[K") } }
    }
}
