import Foundation
import Testing
@testable import ConnectionsCore

/// An MCP server whose authorization server matches redirect URIs exactly (the `mcp` SDK's `mcp.server.auth`):
/// discovery registers the redirect URI every connect then uses, a busy port is named with what to do, and a refused
/// authorization request is explained instead of reported as a failed browser.
@Suite struct MCPExactMatchTests {
    let mcp: MCPExactTestServer

    init() throws { mcp = try MCPExactTestServer() }

    func redirectPort(_ cli: CLI, service: String) throws -> Int? {
        try cli.home.store().customService(service)?.auth.oauth2?.redirectPort
    }

    @Test func discoveryRegistersTheRedirectURIThatEveryConnectUses() throws {
        let cli = CLI()
        let discovered = try cli.run("service", "discover", mcp.endpoint, "--name", "Exact MCP")
        #expect(discovered.status == 0, "\(discovered.stderr)")
        let port = try #require(try redirectPort(cli, service: "exact_mcp"))
        #expect(port > 0, "a fixed port, registered and stored with the service")
        #expect(try cli.ok("service", "export", "exact_mcp").contains("redirect_port: \(port)"))
        _ = try cli.ok("new", "exact_mcp", "--name", "Mine")
        for _ in 0..<2 {
            let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
            #expect(connect.status == 0, "\(connect.stderr)")
        }
        #expect(try mcp.tokenRequests()["authorization_code"] == 2, "both sign-ins came back on the registered port")
        let token = try cli.ok("token", "mine").trimmingCharacters(in: .newlines)
        let initialized = try ChildProcess.curl([
            "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "-H",
            "Accept: application/json, text/event-stream", "--data-binary", MCPTestServer.initialize, mcp.endpoint,
        ])
        #expect(initialized.status == 200 && initialized.body.contains("Connections exact-match MCP"), "the server takes its token")
    }

    @Test func aBusyRegisteredPortIsNamedWithWhatToDo() async throws {
        let cli = CLI()
        _ = try cli.ok("service", "discover", mcp.endpoint, "--name", "Exact MCP")
        _ = try cli.ok("new", "exact_mcp", "--name", "Mine")
        let port = try #require(try redirectPort(cli, service: "exact_mcp"))
        let holder = try await LoopbackListener.start(port: port) { _ in CallbackPage(success: false, message: "") }
        defer { holder.close() }
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("Port \(port) on 127.0.0.1 is in use"), "\(connect.stderr)")
        #expect(connect.stderr.contains("ss -ltnp 'sport = :\(port)'"), "\(connect.stderr)")
    }

    @Test func anUnregisteredRedirectURIIsNamedAsTheLikelyCause() throws {
        let cli = CLI()
        let clientID = try mcp.register(redirectURI: "http://127.0.0.1:1/callback")
        try cli.importService(
            """
            name: Old Registration
            link_name: old_registration
            auth: oauth2
            api_base: \(mcp.origin)
            oauth2:
              client_id: \(clientID)
              authorize_url: \(mcp.origin)/authorize
              token_url: \(mcp.origin)/token
              scopes: [read]
              resource: \(mcp.endpoint)
              redirect_port: 0
            """)
        _ = try cli.ok("new", "old_registration", "--name", "Old")
        let connect = try cli.run(["connect", "old"], environment: try CLI.browser())
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("answered the sign-in request with HTTP 400 instead of a sign-in page"), "\(connect.stderr)")
        #expect(connect.stderr.contains("not registered for client"), "\(connect.stderr)")
        #expect(connect.stderr.contains("The likely cause: the redirect URI http://127.0.0.1:"), "\(connect.stderr)")
        #expect(!connect.stderr.contains("browser command"), "\(connect.stderr)")
    }
}
