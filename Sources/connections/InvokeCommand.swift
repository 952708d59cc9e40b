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

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The connection's link name.") var link: String
    @Argument(help: "The URL: absolute, or a path under the service's API base; {placeholders} come from the connection.") var url: String
    @Option(name: [.customShort("X"), .long], help: "HTTP method.") var method: String = "GET"
    @Option(name: [.customShort("p"), .customLong("param")], help: ArgumentHelp("A parameter: query for GET/DELETE, form body for POST/PUT/PATCH.", valueName: "k=v"))
    var parameters: [KeyValueArgument] = []
    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("A request header.", valueName: "K: V")) var headers: [String] = []
    @Option(name: [.customShort("d"), .customLong("data")], help: ArgumentHelp("The body; @FILE reads a file, @- stdin.", valueName: "data")) var data: String?
    @Option(name: .customLong("data-raw"), help: ArgumentHelp("The body exactly as given ('@' is not special).", valueName: "data")) var dataRaw: String?
    @Flag(help: "Send the body as JSON (Content-Type and Accept application/json).") var json = false
    @Flag(name: [.customShort("i"), .customLong("include")], help: "Print the status line and the response headers before the body.") var include = false
    @Option(help: "Seconds for the whole exchange.") var timeout: Double = InvokeRequest.defaultTimeout

    func run() async throws {
        var request = InvokeRequest(url: url, method: method, parameters: parameters.map(\.pair), headers: try parsedHeaders(), body: try body(), timeout: timeout)
        if json {
            if !request.headers.contains(where: { $0.key.lowercased() == "content-type" }), request.body != nil {
                request.headers.append(KeyValue("Content-Type", "application/json"))
            }
            if !request.headers.contains(where: { $0.key.lowercased() == "accept" }) { request.headers.append(KeyValue("Accept", "application/json")) }
        }
        let result: InvokeResult
        do {
            result = try await Invoker(workspace: try global.workspace()).invoke(link, request)
        } catch let error as HTTPError {
            StandardError.write("Error: \(error)\n")
            switch error {
            case .timedOut: throw ExitCode(28)
            case .cannotConnect: throw ExitCode(7)
            case .failed: throw ExitCode(1)
            }
        }
        let response = result.response
        if include {
            var head = "HTTP \(response.status)\n"
            for header in response.headers.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) { head += "\(header.key): \(header.value)\n" }
            FileHandle.standardOutput.write(Data((head + "\n").utf8))
        }
        FileHandle.standardOutput.write(ResponseBody.forOutput(response, terminal: isatty(STDOUT_FILENO) != 0))
        if response.status >= 400 {
            let message = ProviderMessage.from(response)
            StandardError.write("Error: HTTP \(response.status) from \(result.url.host ?? "the server")\(message.isEmpty ? "" : ": " + message)\n")
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
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read the body file '\(path)': it does not exist or is not readable.")
        }
        return contents
    }
}

/// The body as printed: JSON pretty-printed for a person at a terminal, bytes untouched otherwise.
enum ResponseBody {
    static func forOutput(_ response: HTTPResponse, terminal: Bool) -> Data {
        guard terminal, response.contentType.contains("json"),
              let object = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]),
              var pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return response.body }
        pretty.append(UInt8(ascii: "\n"))
        return pretty
    }
}
