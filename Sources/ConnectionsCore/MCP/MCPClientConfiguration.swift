import Foundation

/// What to paste into an MCP client so that it runs `connections mcp LINK`: Claude Desktop's and Cursor's
/// `mcpServers`, VS Code's `servers`, and Claude Code's command line.
public struct MCPClientConfiguration: Sendable, Equatable {
    public var client: String
    /// Where it goes.
    public var place: String
    public var text: String

    /// `command` is the program to run (best an absolute path: clients do not see a shell's PATH); `arguments` what
    /// follows it (`mcp LINK`, and `--home DIR` for a store that is not the default one).
    public static func all(name: String, command: String, arguments: [String]) -> [MCPClientConfiguration] {
        let server = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let key = server.isEmpty ? "connections" : server
        let args = "[" + arguments.map(Escaping.javascript).joined(separator: ", ") + "]"
        let entry = "{\"command\": \(Escaping.javascript(command)), \"args\": \(args)}"
        return [
            MCPClientConfiguration(
                client: "Claude Desktop, Cursor", place: "claude_desktop_config.json, ~/.cursor/mcp.json",
                text: "{\"mcpServers\": {\(Escaping.javascript(key)): \(entry)}}"),
            MCPClientConfiguration(
                client: "VS Code", place: ".vscode/mcp.json",
                text: "{\"servers\": {\(Escaping.javascript(key)): {\"type\": \"stdio\", " + entry.dropFirst() + "}}"),
            MCPClientConfiguration(
                client: "Claude Code", place: "a shell",
                text: "claude mcp add \(Escaping.shell(key)) -- " + ([command] + arguments).map(Escaping.shell).joined(separator: " ")),
        ]
    }
}
