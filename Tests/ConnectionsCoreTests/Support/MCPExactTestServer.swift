import Foundation
import Testing

/// The MCP server of Tests/servers/mcp_exact_server.py: the `mcp` SDK's authorization server (redirect URIs matched
/// exactly) and an MCP endpoint that takes only its tokens, on one 127.0.0.1 port, started for the tests.
final class MCPExactTestServer: @unchecked Sendable {
    let server: BackgroundServer
    let port: Int
    var origin: String { "http://127.0.0.1:\(port)" }
    /// The MCP endpoint, which is also the resource its tokens are issued for.
    var endpoint: String { origin + "/mcp" }

    /// `json`: answers as JSON, else as SSE streams.
    init(json: Bool = true) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["JSON_RESPONSE"] = json ? "1" : "0"
        let script = OAuth2TestServer.directory.deletingLastPathComponent().appendingPathComponent("mcp_exact_server.py").path
        server = try BackgroundServer(try SnippetExecutionTests.python(), [script], environment: environment)
        struct Ready: Decodable { let port: Int }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(server.readyLine.utf8)) else {
            throw SnippetExecutionTests.SetupError("the exact-match MCP test server did not start: \(server.readyLine)")
        }
        port = ready.port
    }

    /// Registers a client by hand (RFC 7591) with this redirect URI; returns its client ID.
    func register(redirectURI: String) throws -> String {
        let document = """
            {"redirect_uris":["\(redirectURI)"],"token_endpoint_auth_method":"none","grant_types":["authorization_code",\
            "refresh_token"],"response_types":["code"],"scope":"read"}
            """
        let answer = try ChildProcess.curl(["-H", "Content-Type: application/json", "--data-binary", document, origin + "/register"])
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        guard let clientID = object?["client_id"] as? String else { throw SnippetExecutionTests.SetupError("no client: \(answer)") }
        return clientID
    }

    /// Every access token issued so far stops working, without the client being told.
    func expireTokens() throws {
        _ = try ChildProcess.curl(["-X", "POST", origin + "/test/expire-tokens"])
    }

    /// How many token requests the server answered, by grant type, and how many sessions were deleted.
    func tokenRequests() throws -> [String: Int] {
        let answer = try ChildProcess.curl([origin + "/test/stats"])
        return (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Int]) ?? [:]
    }
}

extension CLI {
    /// A connection `mine` to the server, discovered, registered and signed in with the scripted browser.
    static func connected(to mcp: MCPExactTestServer) throws -> CLI {
        let cli = CLI()
        _ = try cli.ok("service", "discover", mcp.endpoint, "--name", "Exact MCP")
        _ = try cli.ok("new", "exact_mcp", "--name", "Mine")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        if connect.status != 0 { throw SnippetExecutionTests.SetupError("connect failed: \(connect.stderr)") }
        return cli
    }
}
