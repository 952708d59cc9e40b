import ArgumentParser
import ConnectionsCore
import Foundation

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract:
            "Authorize a connection: OAuth 2 or 1 in the browser (or device code, client credentials); API key and Basic ask for their "
            + "values."
    )

    @OptionGroup var target: ConnectionTarget
    @Flag(help: "Do not launch a browser: open the URL yourself and paste the redirect URL (or the code) here.") var noBrowser = false
    @Flag(help: "Use the device flow (RFC 8628), when the service has a device authorization URL.") var device = false
    @Option(help: "Seconds for the whole flow: the browser or the device approval, and the token exchange.") var timeout: Int = 300
    @Option(help: "Basic: the username (else asked).") var username: String?
    @Flag(help: "Basic: read the password from standard input.") var passwordStdin = false
    @Flag(help: "API key: read the key values from standard input, one line per key, in the service's order.") var keyStdin = false
    @Option(
        help: ArgumentHelp(
            "API key and Basic: verify the credentials with one GET to this URL (relative to the API base) before storing them.",
            valueName: "url"))
    var check: String?

    func run() async throws {
        let workspace = try target.workspace()
        if case .askCredentials(let prompts) = try workspace.connectPlan(target.link) {
            var values: [String: Secret] = [:]
            for prompt in prompts { values[prompt.key] = try credential(prompt) }
            let connection = try await Authorizer(workspace: workspace).storeCredentials(target.link, values, check: check)
            Output.say("Connected \(connection.linkName)" + (check.map { " (checked with \($0))." } ?? "."))
            return
        }
        let connection = try await SignIn.run(workspace, target.link, noBrowser: noBrowser, device: device, timeout: timeout)
        SignIn.report(connection)
    }
}

extension ConnectCommand {
    /// One value from a flag, stdin, or a prompt (without echo for secrets).
    func credential(_ prompt: CredentialPrompt) throws -> Secret {
        if prompt.key == "username", let username { return Secret(username) }
        if (prompt.key == "password" && passwordStdin) || keyStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("\(prompt.label): nothing on standard input.")
            }
            return Secret(line)
        }
        guard isatty(STDIN_FILENO) != 0 else {
            throw ValidationError(
                "\(prompt.label) is needed: run in a terminal, or give it with --username, --password-stdin or --key-stdin.")
        }
        return Secret(Prompt.read(prompt.label + ": ", echo: !prompt.isSecret))
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a valid access token and nothing else (refreshing it first when needed), for $(connections token LINK).")

    @OptionGroup var target: ConnectionTarget
    @Flag(help: "Refresh even if the token is still valid.") var refresh = false
    @Option(help: "Refresh when the token expires within this many seconds.") var margin: Int = 60
    @Option(help: "API key: which key's value to print (default: the only one).") var key: String?
    @Option(help: "Seconds a refresh may take.") var timeout: Double = 30

    func run() async throws {
        let credential: ConnectionCredential
        do {
            credential = try await Invoker(workspace: try target.workspace()).credential(
                target.link, key: key, margin: TimeInterval(margin), forceRefresh: refresh, timeout: timeout)
        } catch CredentialChoiceError.severalKeys(_, let keys) {
            throw ValidationError("\(target.link) has \(keys.count) keys: choose one with --key (\(keys.joined(separator: ", "))).")
        } catch CredentialChoiceError.noSuchKey(_, let name, _) {
            throw ValidationError("\(target.link) has no key '\(name)'.")
        }
        if let warning = credential.warning { StandardError.write(warning + "\n") }
        try Output.credential(credential.value, linkName: target.link)
    }
}

struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a connection's tokens at the provider (when it can) and remove them here.")

    @OptionGroup var target: ConnectionTarget

    func run() async throws {
        let outcome = try await Authorizer(workspace: try target.workspace()).revoke(target.link)
        if let note = outcome.note { StandardError.write(note + "\n") }
        Output.say(
            outcome.revokedAtProvider
                ? "Revoked \(target.link) at the provider; status Disconnected."
                : "Removed the tokens of \(target.link); status Disconnected.")
    }
}

enum StandardInput {
    /// One line from stdin, or nil at end of input or when the waiting task is cancelled; read on its own thread
    /// so that it can be raced.
    static func line() async -> String? {
        let answer = FirstResult<String?>()
        Thread.detachNewThread { answer.finish(.success(readLine(strippingNewline: true))) }
        return (try? await answer.value()) ?? nil
    }
}
