import ArgumentParser
import ConnectionsCore
import Foundation

struct HeadersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headers",
        abstract:
            "Print the headers a request through the connection needs (its credentials, the service's headers), refreshing the token "
            + "first: for an MCP client's header helper, and for scripts.")

    @OptionGroup var target: ConnectionTarget
    @Flag(help: "Print one JSON object, header names to values.") var json = false
    @Option(help: "Seconds a refresh may take.") var timeout: Double = 30

    func run() async throws {
        let link = target.link
        let found = try await Invoker(workspace: try target.workspace()).headers(link, timeout: timeout)
        for warning in found.warnings { StandardError.write(warning + "\n") }
        for use in found.elsewhere {
            StandardError.write(
                "\(use.name) goes in the \(use.placement == .query ? "query string" : "form body"), not a header: "
                    + "`connections token \(([link] + use.tokenArguments).joined(separator: " "))` prints its value.\n")
        }
        for header in found.headers where !Self.isPrintable(header.value) {
            throw ValidationError(
                "The header \(header.key) of \(link) holds line breaks or control characters, so it is not printed. Connect \(link) again.")
        }
        if json {
            FileHandle.standardOutput.write(Data(JSONText.object(found.headers.map { ($0.key, .string($0.value)) }).bytes))
        } else {
            for header in found.headers { print("\(header.key): \(header.value)") }
        }
    }

    /// What a header may carry and a terminal may show: no control characters.
    static func isPrintable(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
    }
}
