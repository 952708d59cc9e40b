import ArgumentParser
import ConnectionsCore
import Foundation

struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract: "Call an API through a connection, as invokeurl does: its credentials applied, its token refreshed when needed.",
        discussion: """
            Exit codes: 0 for HTTP < 400; 4 for HTTP 4xx; 5 for HTTP 5xx; 7 when the host cannot be reached; 28 on timeout; \
            1 for anything else (the reason is on stderr). The body goes to stdout either way.
            """)

    @OptionGroup var target: ConnectionTarget
    @Argument(help: "The URL: absolute, or a path under the service's API base; {placeholders} come from the connection.") var url: String
    @Option(name: [.customShort("X"), .long], help: "HTTP method.") var method: String = "GET"
    @Option(
        name: [.customShort("p"), .customLong("param")],
        help: ArgumentHelp("A parameter: query for GET/DELETE, form body for POST/PUT/PATCH.", valueName: "k=v"))
    var parameters: [KeyValueArgument] = []
    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("A request header.", valueName: "K: V")) var headers:
        [String] = []
    @Option(
        name: [.customShort("d"), .customLong("data")], help: ArgumentHelp("The body; @FILE reads a file, @- stdin.", valueName: "data"))
    var data: String?
    @Option(name: .customLong("data-raw"), help: ArgumentHelp("The body exactly as given ('@' is not special).", valueName: "data"))
    var dataRaw: String?
    @Flag(help: "Send the body as JSON (Content-Type and Accept application/json).") var json = false
    @Flag(name: [.customShort("i"), .customLong("include")], help: "Print the status line and the response headers before the body.")
    var include = false
    @Option(help: "Seconds for the whole exchange.") var timeout: Double = APIRequest.defaultTimeout

    func run() async throws {
        var request = APIRequest(
            url: url, method: method, parameters: parameters.map(\.pair), headers: try parsedHeaders(), body: try body(), timeout: timeout)
        if json {
            if !request.headers.contains(where: { $0.key.lowercased() == "content-type" }), request.body != nil {
                request.headers.append(KeyValue("Content-Type", "application/json"))
            }
            if !request.headers.contains(where: { $0.key.lowercased() == "accept" }) {
                request.headers.append(KeyValue("Accept", "application/json"))
            }
        }
        let result: InvokeResult
        do {
            result = try await Invoker(workspace: try target.workspace()).invoke(target.link, request)
        } catch {
            guard let network = NetworkFailure(error) else { throw error }
            StandardError.write("Error: \(network.error)\n")
            throw ExitCode(network.exitCode)
        }
        for warning in result.warnings { StandardError.write(warning + "\n") }
        let response = result.response
        let terminal = isatty(STDOUT_FILENO) != 0
        if include {
            var head = "HTTP \(response.status)\n"
            for header in response.headers.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
                head += "\(header.key): \(header.value)\n"
            }
            FileHandle.standardOutput.write(Data(((terminal ? TerminalText.safeLines(head) : head) + "\n").utf8))
        }
        if let body = ResponseBody.forOutput(response, terminal: terminal) {
            FileHandle.standardOutput.write(body)
        } else {
            StandardError.write(
                "(\(response.body.count) bytes of binary data not shown on the terminal; redirect the output to a file to keep them)\n")
        }
        if response.status >= 400 {
            let message = ProviderMessage.from(response)
            StandardError.write(
                "Error: HTTP \(response.status) from \(result.url.host ?? "the server")\(message.isEmpty ? "" : ": " + message)\n")
            throw ExitCode(response.status >= 500 ? 5 : 4)
        }
    }

    private func parsedHeaders() throws -> [KeyValue] {
        try headers.map { try KeyValueArgument(header: $0).pair }
    }

    private func body() throws -> Data? {
        if let dataRaw { return Data(dataRaw.utf8) }
        guard let data else { return nil }
        guard data.hasPrefix("@") else { return Data(data.utf8) }
        let path = String(data.dropFirst())
        return try InputFile.contents(path, unreadable: "Cannot read the body file '\(path)': it does not exist or is not readable.")
    }
}

/// A failure to reach the service, with the exit code the README promises: 7 unreachable, 28 timed out.
struct NetworkFailure {
    var error: HTTPError
    var exitCode: Int32

    init?(_ thrown: any Error) {
        switch thrown {
        case let error as HTTPError: self.error = error
        case ConnectError.network(let error): self.error = error
        default: return nil
        }
        switch error {
        case .timedOut: exitCode = 28
        case .cannotConnect: exitCode = 7
        case .failed, .invalidHeader: exitCode = 1
        }
    }
}

/// The body as printed. Not on a terminal: the bytes untouched. On a terminal: JSON pretty-printed, text made safe
/// to show (no escape sequences), binary data not at all (nil).
enum ResponseBody {
    static func forOutput(_ response: HTTPResponse, terminal: Bool) -> Data? {
        guard terminal else { return response.body }
        if response.contentType.contains("json"),
            let object = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            return Data((TerminalText.safeLines(String(decoding: pretty, as: UTF8.self)) + "\n").utf8)
        }
        guard let text = String(data: response.body, encoding: .utf8) else { return nil }
        return Data(TerminalText.safeLines(text).utf8)
    }
}
