import ArgumentParser
import ConnectionsCore
import Foundation

struct NewConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a connection to a service (status: Not connected).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The service's link name (see 'connections services').") var service: String
    @Option(help: "The connection's name (up to 50 characters).") var name: String
    @Option(help: "Link name used by code; derived from the name when left out. Cannot change later.") var link: String?
    @Option(name: .customLong("scope"), help: "A scope to request; repeat for more. Default: the service's scopes.") var scopes: [String] =
        []
    @Option(name: .customLong("param"), help: "A connection parameter as k=v, e.g. shop=acme; repeat for more.") var parameters:
        [KeyValueArgument] = []
    @Option(help: "Client ID (OAuth 1: consumer key) of your app, for services that have none of their own.") var clientID: String?
    @Flag(help: "Read the client secret (OAuth 1: consumer secret) from standard input.") var clientSecretStdin = false

    func run() throws {
        let secret = clientSecretStdin ? readSecretFromStandardInput() : nil
        let workspace = try global.workspace()
        let draft = ConnectionDraft(
            serviceLinkName: service, name: name, linkName: link, scopes: scopes.isEmpty ? nil : scopes,
            parameters: parameters.map(\.pair), clientID: clientID ?? "", clientSecret: secret)
        let connection: Connection
        do {
            connection = try workspace.createConnection(draft)
        } catch let failure as ValidationFailure {
            throw failure.withCommandLineHints
        }
        Output.say(
            "Created connection '\(connection.name)' (link name \(connection.linkName)), status \(connection.storedStatus.displayName).")
        let wanted = NameRules.deriveLinkName(from: connection.name, fallback: "connection", taken: { _ in false })
        if link == nil, connection.linkName != wanted {
            Output.say("The link name \(wanted) was taken, so this one is \(connection.linkName); give --link to choose another.")
        }
    }
}

struct EditConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a connection's name, scopes, parameters or client; the link name stays.")

    @OptionGroup var target: ConnectionTarget
    @Option(help: "A new name.") var name: String?
    @Option(name: .customLong("scope"), help: "Replace the requested scopes; repeat for more.") var scopes: [String] = []
    @Option(name: .customLong("param"), help: "Set a connection parameter as k=v; repeat for more.") var parameters: [KeyValueArgument] = []
    @Option(help: "Client ID (OAuth 1: consumer key) of your app.") var clientID: String?
    @Flag(help: "Read the client secret (OAuth 1: consumer secret) from standard input.") var clientSecretStdin = false

    func run() throws {
        let secret = clientSecretStdin ? readSecretFromStandardInput() : nil
        let edit = ConnectionEdit(
            name: name, scopes: scopes.isEmpty ? nil : scopes, parameters: parameters.map(\.pair), clientID: clientID, clientSecret: secret)
        let connection = try target.workspace().editConnection(target.link, edit)
        Output.say("Updated connection '\(connection.name)' (link name \(connection.linkName)).")
    }
}

func readSecretFromStandardInput() -> Secret {
    let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    return Secret(text.trimmingCharacters(in: .newlines))
}

struct ListConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List connections and their status.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let summaries = try global.workspace().store.connectionSummaries()
        let now = Date()
        if json { return JSONOutput.printArray(summaries) { JSONOutput.connection($0, now: now) } }
        if summaries.isEmpty {
            Output.say("No connections yet. Create one with: connections new SERVICE --name NAME")
            return
        }
        let notes = summaries.map { $0.health.attention(now: now) ?? "" }
        let anyNote = notes.contains { !$0.isEmpty }
        Output.say(
            TextTable.render(
                header: ["NAME", "LINK NAME", "SERVICE", "ACCOUNT", "STATUS", "EXPIRES"] + (anyNote ? ["ATTENTION"] : []),
                rows: zip(summaries, notes).map { summary, note in
                    [
                        summary.name, summary.linkName, summary.serviceLinkName, summary.health.account ?? "-",
                        summary.status(at: now).displayName, summary.expiresAt.map { Expiry.describe($0, now: now) } ?? "-",
                    ] + (anyNote ? [note] : [])
                }, width: Output.terminalWidth), terminator: "")
    }
}

struct ShowConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one connection.")

    @OptionGroup var target: ConnectionTarget
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let workspace = try target.workspace()
        let connection = try workspace.connection(target.link)
        let service = try? workspace.service(connection.serviceLinkName)
        let now = Date()
        let status = connection.status(at: now)
        if json {
            return JSONOutput.print(JSONOutput.connectionDetail(connection, service: service, now: now))
        }
        var rows: [(String, String)] = [
            ("Connection name", connection.name),
            ("Link name", connection.linkName),
            ("Service", service.map { "\($0.name) (\($0.linkName))" } ?? "\(connection.serviceLinkName) (missing)"),
            ("Authentication", service?.auth.type.displayName ?? "-"),
            ("Status", status.displayName + (status.reason.map { ": " + $0 } ?? "")),
        ]
        if !connection.scopes.isEmpty { rows.append(("Scopes", connection.scopes.joined(separator: " "))) }
        if let granted = connection.tokens?.grantedScopes, granted != connection.scopes {
            rows.append(("Granted scopes", granted.joined(separator: " ")))
        }
        if let expiresAt = connection.tokens?.expiresAt { rows.append(("Token expires", Expiry.describe(expiresAt, now: now))) }
        for parameter in connection.parameters { rows.append(("Parameter " + parameter.key, parameter.value)) }
        if !connection.clientID.isEmpty { rows.append(("Client ID", connection.clientID)) }
        if connection.clientSecret != nil { rows.append(("Client secret", "******** (stored encrypted)")) }
        if let createdBy = connection.createdBy { rows.append(("Created by", createdBy)) }
        if let authorizedBy = connection.authorizedBy { rows.append(("Authorized by", authorizedBy)) }
        rows += HealthRows.rows(connection.health, now: now)
        rows = rows.map { (TerminalText.singleLine($0.0), TerminalText.singleLine($0.1)) }
        let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
        for (label, value) in rows { Output.say(DisplayWidth.fit(label, columns: width) + "  " + value) }
    }
}

struct DeleteConnectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a connection and its stored tokens, revoking it at the provider first when the service can.")

    @OptionGroup var target: ConnectionTarget
    @Flag(help: "Do not revoke at the provider; only forget the connection here.") var keepRemote = false

    func run() async throws {
        Output.say(try await Authorizer(workspace: try target.workspace()).delete(target.link, keepRemote: keepRemote))
    }
}

enum Expiry {
    static func describe(_ date: Date, now: Date) -> String {
        Timestamp.iso8601(date) + " (" + Timestamp.relative(date, now: now) + ")"
    }
}

extension ValidationFailure {
    /// The same problems, with the flag that fixes each where there is one.
    var withCommandLineHints: ValidationFailure {
        ValidationFailure(
            errors.map { error in
                if error.field == "client_id" {
                    return FieldError(
                        error.field, error.message + " Give it with --client-id ID (and the secret with --client-secret-stdin).")
                }
                guard error.field.hasPrefix("parameters.") else { return error }
                let name = error.field.dropFirst("parameters.".count)
                return FieldError(error.field, error.message + " Give it with --param \(name)=....")
            })
    }
}
