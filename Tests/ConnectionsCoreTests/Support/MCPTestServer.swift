import Foundation

/// The MCP server of Tests/servers/mcp_server.py (the `mcp` SDK over streamable HTTP), protected by a
/// django-oauth-toolkit test server, started on 127.0.0.1 for the tests.
final class MCPTestServer: @unchecked Sendable {
    let server: BackgroundServer
    let port: Int
    /// The MCP endpoint, which is also the resource its tokens must be issued for.
    var endpoint: String { "http://127.0.0.1:\(port)/mcp" }

    init(authorizationServer: OAuth2TestServer) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["ISSUER"] = authorizationServer.base + "/o"
        let script = OAuth2TestServer.directory.deletingLastPathComponent().appendingPathComponent("mcp_server.py").path
        server = try BackgroundServer(try SnippetExecutionTests.python(), [script], environment: environment)
        struct Ready: Decodable { let port: Int }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(server.readyLine.utf8)) else {
            throw SnippetExecutionTests.SetupError("the MCP test server did not start: \(server.readyLine)")
        }
        port = ready.port
    }

    /// One JSON-RPC request as an MCP client sends it over streamable HTTP, with this bearer token.
    func call(_ request: String, token: String) throws -> (status: Int, body: String) {
        try ChildProcess.curl([
            "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "-H",
            "Accept: application/json, text/event-stream", "--data-binary", request, endpoint,
        ])
    }

    static let initialize = """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},\
        "clientInfo":{"name":"connections-tests","version":"1"}}}
        """
    static let whoami = #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"whoami","arguments":{}}}"#
}
