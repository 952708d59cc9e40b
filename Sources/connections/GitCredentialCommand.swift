import ArgumentParser
import ConnectionsCore
import Foundation

struct GitCredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-credential",
        abstract: "A git credential helper: git config --global credential.https://HOST.helper '!connections git-credential LINK'.",
        discussion:
            "get answers with the connection's token (refreshed first) for the origins its credentials may go to, and nothing "
            + "elsewhere; erase (the server refused it) makes the next get refresh the token; store does nothing.")

    @OptionGroup var target: ConnectionTarget
    @Argument(help: "get, store or erase (git gives it).") var action: String
    @Option(help: "Seconds a refresh may take.") var timeout: Double = 30

    func run() async throws {
        var lines: [String] = []
        while lines.count < 1000, let line = readLine(strippingNewline: true), !line.isEmpty { lines.append(line) }
        let request = GitCredentialRequest(parsing: lines.joined(separator: "\n"))
        do {
            let helper = GitCredentialHelper(invoker: Invoker(workspace: try target.workspace()))
            switch action {
            case "get":
                let found = try await helper.get(target.link, request, timeout: timeout)
                if let warning = found.warning { StandardError.write("connections git-credential: \(warning)\n") }
                FileHandle.standardOutput.write(Data(found.answer.utf8))
            case "erase":
                _ = try helper.erase(target.link, request)
            default:
                // `store`, and actions a later git may add: nothing to do.
                break
            }
        } catch {
            StandardError.write("connections git-credential \(target.link): \(error)\n")
            Foundation.exit(1)
        }
    }
}
