import ArgumentParser
import ConnectionsCore
import Foundation
import Synchronization

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Use MCP servers from MCP clients: `mcp LINK` bridges stdio to the remote server; `mcp add URL` sets one up.",
        subcommands: [MCPServeCommand.self, MCPAddCommand.self], defaultSubcommand: MCPServeCommand.self)
}

struct MCPServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run a stdio MCP server that is the connection's remote one (streamable HTTP), for MCP clients (the default).",
        discussion:
            "Configure a client with {\"command\": \"connections\", \"args\": [\"mcp\", \"LINK\"]}. Standard output carries JSON-RPC only; "
            + "diagnostics go to standard error.")

    @OptionGroup var target: ConnectionTarget
    @Option(help: "The MCP endpoint, absolute or under the API base (default: the service's resource, else its API base).")
    var url: String?
    @Option(help: "Seconds each message's exchange may take.") var timeout: Double = 300

    func run() async throws {
        let stdout = LineWriter(), link = target.link
        let bridge = try MCPBridge(
            workspace: try target.workspace(), linkName: link, url: url, timeout: timeout,
            output: { stdout.write($0) },
            diagnostics: { StandardError.write("connections mcp \(link): " + $0 + "\n") })
        StandardError.write("connections mcp \(link): bridging stdio to \(bridge.endpoint)\n")
        await bridge.run(StdioLines.read(STDIN_FILENO, limit: MCPBridge.maximumMessage))
    }
}

/// Whole lines to stdout, one writer at a time, so that two answers never interleave.
final class LineWriter: Sendable {
    private let lock = Mutex(())

    func write(_ line: Data) {
        lock.withLock { _ in FileHandle.standardOutput.write(line + Data("\n".utf8)) }
    }
}
