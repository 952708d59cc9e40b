import Foundation
import Testing
@testable import ConnectionsCore
@testable import ConnectionsTUI

/// `connections mcp LINK` driven by the `mcp` SDK's stdio client (Tests/servers/mcp_bridge_client.py) against the
/// SDK's streamable HTTP server, whose own authorization server issued the connection's token. An SSE answer is passed on
/// event by event: a tool that waits for its client to react to its log message answers only then.
@Suite struct MCPBridgeTests {
    func client(_ arguments: [String], cli: CLI, environment: [String: String] = [:]) throws -> [String: Any] {
        let script = OAuth2TestServer.directory.deletingLastPathComponent().appendingPathComponent("mcp_bridge_client.py").path
        let run = try ChildProcess.run(
            try SnippetExecutionTests.python(), [script] + arguments, environment: cli.environment.merging(environment) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
    }

    /// `mcp add URL`: discovered, a client registered, the connection created and signed in, and a configuration
    /// printed that runs this binary on this store, which the SDK's client then uses.
    @Test func mcpAddGoesFromTheURLToAClientConfiguration() throws {
        let mcp = try MCPExactTestServer()
        let cli = CLI()
        let added = try cli.run(["mcp", "add", mcp.endpoint, "--name", "Exact MCP"], environment: try CLI.browser())
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Connected exact_mcp"), "\(added.stdout)")
        let desktop = try #require(added.stdout.split(separator: "\n").first { $0.contains("\"mcpServers\"") }, "\(added.stdout)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(desktop.utf8)) as? [String: [String: [String: Any]]])
        let server = try #require(parsed["mcpServers"]?["exact-mcp"], "\(desktop)")
        let binary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath().path
        #expect(server["command"] as? String == binary, "\(desktop)")
        #expect(server["args"] as? [String] == ["mcp", "exact_mcp", "--home", cli.home.url.standardizedFileURL.path], "\(desktop)")
        #expect(added.stdout.contains("claude mcp add exact-mcp -- "), "\(added.stdout)")
        let seen = try client(["session", CLI.binary, "exact_mcp", "-"], cli: cli)
        #expect(seen["server"] as? String == "Connections exact-match MCP", "\(seen)")

        // The same configuration from `snippet --lang mcp`, and in the TUI's code box as its last language.
        #expect(try cli.ok("snippet", "exact_mcp", "--lang", "mcp").contains("\"args\": [\"mcp\", \"exact_mcp\"]"))
        let store = try cli.home.store()
        let connection = try #require(try store.connection("exact_mcp"))
        var state = AppState(width: 120, height: 40)
        _ = update(&state, .detailLoaded(connection, try #require(try store.customService(connection.serviceLinkName))))
        for _ in 0..<4 { _ = update(&state, .input(.key(.character("L")))) }
        let page = render(state).lines.joined(separator: "\n")
        #expect(page.contains("[MCP client]") && page.contains("mcpServers"), "\(page)")
        #expect(!SnippetLanguage.available(for: Fixtures.oauth2Service()).contains(.mcp), "other services offer no MCP client")
    }

    @Test(arguments: [true, false]) func anMCPClientUsesTheRemoteServerAndAnExpiredTokenIsRefreshedUnseen(json: Bool) throws {
        let mcp = try MCPExactTestServer(json: json)
        let cli = try CLI.connected(to: mcp)
        let seen = try client(["session", CLI.binary, "mine", mcp.origin] + (json ? [] : ["streamed"]), cli: cli)
        #expect(seen["server"] as? String == "Connections exact-match MCP", "\(seen)")
        #expect((seen["tools"] as? [String])?.contains("whoami") == true, "\(seen)")
        let expected = ["user": "alice", "resource": mcp.endpoint]
        #expect(seen["whoami"] as? [String: String] == expected, "\(seen)")
        #expect(seen["after_expiry"] as? [String: String] == expected, "\(seen)")
        if !json {
            #expect(seen["released"] as? String == "released", "a log message reached the client before its tool's answer: \(seen)")
            #expect(seen["logged"] as? [String] == ["waiting for /test/release"], "\(seen)")
        }
        let counts = try mcp.tokenRequests()
        #expect(counts["refresh_token"] == 1, "one refresh, after the server refused the expired token: \(counts)")
        #expect(counts["session_delete"] == 1, "the session is deleted when the client closes stdin: \(counts)")
    }

    @Test func theBridgeWithTokensFromDjangoOAuthToolkit() throws {
        let mcp = try MCPTestServer(authorizationServer: try OAuth2TestServer.shared.get())
        let cli = CLI()
        _ = try cli.ok("service", "discover", mcp.endpoint, "--name", "Test MCP")
        _ = try cli.ok("new", "test_mcp", "--name", "DOT MCP")
        let connect = try cli.run(["connect", "dot_mcp"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let seen = try client(["session", CLI.binary, "dot_mcp", "-"], cli: cli)
        #expect(seen["server"] as? String == "Connections test MCP", "\(seen)")
        #expect(seen["whoami"] as? [String: String] == ["user": "alice", "resource": mcp.endpoint], "\(seen)")
    }

    @Test func malformedAndOversizedMessagesGetErrorsAndTheBridgeGoesOn() throws {
        let mcp = try MCPExactTestServer()
        let cli = try CLI.connected(to: mcp)
        let seen = try client(["raw", CLI.binary, "mine"], cli: cli)
        let lines = try #require(seen["lines"] as? [[String: Any]], "\(seen)")
        try #require(lines.count == 3, "every line of stdout is JSON-RPC: \(lines)")
        #expect((lines[0]["error"] as? [String: Any])?["code"] as? Int == JSONRPCMessage.parseError, "\(lines[0])")
        #expect((lines[1]["error"] as? [String: Any])?["code"] as? Int == JSONRPCMessage.invalidRequest, "\(lines[1])")
        #expect(lines[2]["id"] as? Int == 7 && lines[2]["result"] != nil, "\(lines[2])")
        #expect(seen["status"] as? Int == 0)
    }

    @Test func fiveBridgesStartedAtOnceOnAnExpiredTokenRefreshItOnce() async throws {
        let mcp = try MCPExactTestServer()
        let cli = try CLI.connected(to: mcp)
        try await cli.expireStoredToken("mine")
        let seen = try client(["many", CLI.binary, "mine", "5"], cli: cli)
        let answers = try #require(seen["answers"] as? [[String: Any]], "\(seen)")
        #expect(answers.count == 5 && answers.allSatisfy { $0["id"] as? Int == 7 && $0["result"] != nil }, "\(answers)")
        #expect(seen["statuses"] as? [Int] == [0, 0, 0, 0, 0], "\(seen)")
        #expect(try mcp.tokenRequests()["refresh_token"] == 1, "one refresh for all five (a second would reuse a rotated token)")
    }

    /// The error the bridge answered initialize with, for a connection that cannot reach its server.
    func initializeError(_ cli: CLI) throws -> String {
        let seen = try client(["many", CLI.binary, "mine", "1"], cli: cli)
        let answer = try #require((seen["answers"] as? [[String: Any]])?.first, "\(seen)")
        #expect(answer["id"] as? Int == 7 && seen["statuses"] as? [Int] == [0], "\(seen)")
        return ((answer["error"] as? [String: Any])?["message"] as? String) ?? "no error: \(answer)"
    }

    /// What the server sends outside any answer (here, that its tools changed) reaches the client through the GET
    /// stream the bridge opens after initialize.
    @Test func theServersOwnStreamReachesTheClient() throws {
        let mcp = try MCPExactTestServer(json: false)
        let cli = try CLI.connected(to: mcp)
        let seen = try client(["announce", CLI.binary, "mine"], cli: cli)
        #expect(seen["answer"] as? String == "announced", "\(seen)")
        #expect(seen["heard"] as? Bool == true, "\(seen)")
    }

    @Test func aLostServerIsAnErrorForTheRequest() throws {
        var mcp: MCPExactTestServer? = try MCPExactTestServer()
        let cli = try CLI.connected(to: try #require(mcp))
        let port = try #require(mcp?.port)
        mcp = nil
        let lost = try initializeError(cli)
        #expect(lost.contains("Cannot reach 127.0.0.1:\(port)"), "\(lost)")
    }

    /// Five bridges started at once on a connection that was never signed in: one of them signs in (one browser, one
    /// code exchanged), the others wait for it, and every client gets its answer.
    @Test func fiveBridgesOnAConnectionNotSignedInSignInOnce() throws {
        let mcp = try MCPExactTestServer()
        let cli = CLI()
        _ = try cli.ok("service", "discover", mcp.endpoint, "--name", "Exact MCP")
        _ = try cli.ok("new", "exact_mcp", "--name", "Mine")
        let seen = try client(["many", CLI.binary, "mine", "5"], cli: cli, environment: try CLI.browser())
        let answers = try #require(seen["answers"] as? [[String: Any]], "\(seen)")
        #expect(answers.count == 5 && answers.allSatisfy { $0["id"] as? Int == 7 && $0["result"] != nil }, "\(answers)")
        #expect(seen["statuses"] as? [Int] == [0, 0, 0, 0, 0], "\(seen)")
        #expect(try mcp.tokenRequests()["authorization_code"] == 1, "one sign-in for all five")
        #expect(try cli.ok("show", "mine").contains("Connected"))
    }

    @Test func serverSentEventsAreSplitIntoMessagesWhereverTheChunksEnd() {
        let body = Data(
            "event: message\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: comment\n\nid: 2\ndata: {\"b\":2}\n\nevent: ping\ndata: x\n\n".utf8)
        let expected: [ServerSentEvents.Item] = [.message(Data("{\"a\":\n1}".utf8)), .message(Data("{\"b\":2}".utf8))]
        #expect(ServerSentEvents.messages(in: body) == expected)
        var byteByByte = ServerSentEvents(limit: 1 << 20)
        #expect(body.flatMap { byteByByte.feed(Data([$0])) } + byteByByte.finish() == expected)
        let large = Data(("data: " + String(repeating: "x", count: 100) + "\n\ndata: {}\n\n").utf8)
        let items = ServerSentEvents.messages(in: large, limit: 50)
        #expect(items.count == 2 && items.last == .message(Data("{}".utf8)), "\(items)")
        guard case .oversized = items.first else {
            Issue.record("an event over the limit is reported by its size: \(items)")
            return
        }
    }
}
