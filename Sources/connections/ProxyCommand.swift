import ArgumentParser
import ConnectionsCore
import Foundation

struct ProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "Run a gateway on 127.0.0.1: http://127.0.0.1:PORT/LINK/PATH goes to LINK's API base + PATH with its credentials.",
        discussion:
            "Each request must carry the run's secret in \(ProxyHeaders.secretHeader) (or Proxy-Authorization: Bearer SECRET) and a "
            + "Host of 127.0.0.1:PORT. The secret is printed, and kept in a file only you can read while the proxy runs. One line per "
            + "request goes to standard error: method, link, path (never the query), status, time.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Port on 127.0.0.1 (0: a free one).") var port: Int = 8790
    @Option(help: "Seconds an API may take to start answering (its body, an event stream too, may take longer).") var timeout: Double = 300
    @Flag(help: "Log each request as one JSON object per line.") var json = false

    func run() async throws {
        let workspace = try global.workspace(), json = self.json
        let secret = ProxySecret()
        let server = try await ProxyServer.start(
            port: port, secret: secret, forwarder: ProxyForwarder(workspace: workspace, timeout: timeout, wording: CLIRemedy.message),
            log: { entry in StandardError.write((json ? entry.json : entry.text) + "\n") })
        let file = ProxySecret.file(for: workspace.location, port: server.port)
        try secret.write(to: file)
        let stops = [SIGINT, SIGTERM, SIGHUP].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                unlink(file.path)
                Foundation.exit(0)
            }
            source.resume()
            return source
        }
        let lines = [
            "Listening on \(server.address): \(server.address)/LINK/PATH goes to LINK's API base + PATH, with its credentials.",
            "Secret: \(secret.value)  (also in \(file.path), mode 0600, while this runs)",
            "Send it with each request: \(ProxyHeaders.secretHeader): SECRET (or Proxy-Authorization: Bearer SECRET).",
        ]
        FileHandle.standardOutput.write(Data(TerminalText.safeLines(lines.joined(separator: "\n") + "\n").utf8))
        if json {
            let ready: [String: Any] = ["listening": server.address, "secret_file": file.path]
            let data = try JSONSerialization.data(withJSONObject: ready, options: [.sortedKeys, .withoutEscapingSlashes])
            StandardError.write(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            StandardError.write("connections proxy: listening on \(server.address); secret in \(file.path)\n")
        }
        defer { unlink(file.path) }
        try await server.run()
        withExtendedLifetime(stops) {}
    }
}
