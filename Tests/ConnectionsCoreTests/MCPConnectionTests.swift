import Foundation
import Testing
@testable import ConnectionsCore

/// An MCP server connected by its URL alone: the `mcp` SDK's server on 127.0.0.1, whose tokens come from
/// django-oauth-toolkit and must be issued for it (RFC 8707). Discovery from its 401, registration, sign-in, a token
/// an MCP client can use, `invoke` of JSON-RPC, and a refresh after expiry.
@Suite struct MCPConnectionTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    /// The text a `tools/call` answered with, decoded as JSON.
    func toolResult(_ body: String) -> [String: Any] {
        let answer = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let content = (answer?["result"] as? [String: Any])?["content"] as? [[String: Any]]
        let text = content?.first?["text"] as? String ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func connectedByURLAloneUsedByClientsAndInvokeAndRefreshed() async throws {
        let mcp = try MCPTestServer(authorizationServer: server)
        let cli = CLI()
        let discovered = try cli.run("service", "discover", mcp.endpoint, "--name", "Test MCP", "--json")
        #expect(discovered.status == 0, "\(discovered.stderr)")
        let settings = try #require(try cli.home.store().customService("test_mcp")?.auth.oauth2)
        #expect(settings.resource == mcp.endpoint && settings.issuer == server.base + "/o")
        #expect(settings.scopes == ["read"], "with no --scope, the resource metadata's scopes (MCP scope selection)")
        _ = try cli.ok("new", "test_mcp", "--name", "My MCP")
        let connect = try cli.run(["connect", "my_mcp"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")

        // What an MCP client does with `connections token`.
        let token = try cli.ok("token", "my_mcp").trimmingCharacters(in: .newlines)
        let initialized = try mcp.call(MCPTestServer.initialize, token: token)
        #expect(initialized.status == 200 && initialized.body.contains(#""name":"Connections test MCP""#), "\(initialized)")
        #expect(try mcp.call(MCPTestServer.initialize, token: "not-a-token").status == 401)

        // `invoke` with the body from a file and the Accept header streamable HTTP wants.
        let file = cli.home.url.appendingPathComponent("initialize.json")
        try MCPTestServer.initialize.write(to: file, atomically: false, encoding: .utf8)
        let accept = ["-H", "Accept: application/json, text/event-stream", "-H", "Content-Type: application/json"]
        let invoked = try cli.run(["invoke", "my_mcp", "/mcp", "-X", "POST", "-d", "@" + file.path] + accept)
        #expect(invoked.status == 0 && invoked.stdout.contains(#""protocolVersion":"2025-11-25""#), "\(invoked.stderr)")
        let whoami = try cli.run(["invoke", "my_mcp", "/mcp", "-X", "POST", "--data-raw", MCPTestServer.whoami] + accept)
        #expect(toolResult(whoami.stdout)["user"] as? String == "alice", "\(whoami.stdout) \(whoami.stderr)")
        #expect(toolResult(whoami.stdout)["resource"] as? String == mcp.endpoint)

        // After expiry the token refreshes as any other, still for this resource.
        try await cli.expireStoredToken("my_mcp")
        let renewed = try cli.ok("token", "my_mcp").trimmingCharacters(in: .newlines)
        #expect(renewed != token)
        #expect(toolResult(try mcp.call(MCPTestServer.whoami, token: renewed).body)["resource"] as? String == mcp.endpoint)

        // A token DOT issued for another resource is refused by the MCP server (RFC 8707 audience).
        _ = try cli.ok("service", "discover", server.base + "/api/me", "--name", "Me API")
        _ = try cli.ok("new", "me_api", "--name", "Me")
        #expect(try cli.run(["connect", "me"], environment: try CLI.browser()).status == 0)
        let other = try cli.ok("token", "me").trimmingCharacters(in: .newlines)
        #expect(try server.me(token: other).status == 200)
        #expect(try mcp.call(MCPTestServer.whoami, token: other).status == 401)
    }
}
