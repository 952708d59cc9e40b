import Foundation
import Testing
@testable import ConnectionsCore
import GRDB

/// Runs the built `connections` binary with a private home, as a user or a script would.
struct CLI {
    static let binary: String = {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        let beside = products.appendingPathComponent("connections").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/connections").path
    }()

    let home = TemporaryDirectory()

    @discardableResult
    func run(_ arguments: String..., input: String? = nil, environment extra: [String: String] = [:]) throws -> ChildProcess.Result {
        try run(arguments, input: input, environment: extra)
    }

    @discardableResult
    func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> ChildProcess.Result {
        try ChildProcess.run(Self.binary, arguments, environment: environment.merging(extra) { $1 }, input: input)
    }

    /// Runs and expects success; returns stdout.
    func ok(_ arguments: String..., input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, input: input)
        #expect(result.status == 0, "connections \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }
}

extension CLI {
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["CONNECTIONS_HOME"] = home.url.path
        for name in ["CONNECTIONS_KEY", "BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY"] {
            environment.removeValue(forKey: name)
        }
        return environment
    }

    /// Starts the binary and returns while it runs.
    func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(Self.binary, arguments, environment: environment.merging(extra) { $1 })
    }

    /// `$BROWSER` set to the scripted person of Tests/servers/oauth2/browser.py.
    static func browser(_ settings: [String: String] = [:]) throws -> [String: String] {
        let script = OAuth2TestServer.directory.appendingPathComponent("browser.py").path
        return ["BROWSER": "\(try SnippetExecutionTests.python()) \(script) %s"].merging(settings) { $1 }
    }

    /// Imports a service from YAML text.
    func importService(_ yaml: String) throws {
        try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
        let file = home.url.appendingPathComponent(UUID().uuidString + ".yaml")
        try yaml.write(to: file, atomically: false, encoding: .utf8)
        let result = try run("service", "import", file.path)
        if result.status != 0 { throw SnippetExecutionTests.SetupError("service import failed: \(result.stderr)") }
    }
}

extension CLI {
    /// A home with the API key service `yaml` (link name `service`) and a connection to it named `name`, connected with
    /// `keys`, one for each key in the order the service lists them.
    static func withKeyedConnection(_ yaml: String, service: String, name: String, keys: [String]) throws -> CLI {
        let cli = CLI()
        try cli.importService(yaml)
        _ = try cli.ok("new", service, "--name", name)
        let link = NameRules.deriveLinkName(from: name, fallback: "connection", taken: { _ in false })
        _ = try cli.ok("connect", link, "--key-stdin", input: keys.map { $0 + "\n" }.joined())
        return cli
    }

    /// A home with `server`'s confidential app as service `test`, whose whoami (`/api/me`) names the account by
    /// `accountFields`, and its connection `test_one`, not yet connected.
    static func withWhoami(_ server: OAuth2TestServer, accountFields: String = "[user]") throws -> CLI {
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(
                link: "test", clientID: "confidential-app", secret: "confidential-secret",
                extra: "whoami: {method: GET, url: /api/me, account: \(accountFields)}"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        return cli
    }

    /// A command's `--json` object; empty when it printed none.
    func json(_ arguments: String...) throws -> [String: Any] {
        let result = try run(arguments + ["--json"])
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    }

    /// A home with the confidential app of `server` as service `test` and connection `test_one`, signed in.
    static func signedIn(to server: OAuth2TestServer, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI {
        let cli = CLI()
        try cli.importService(server.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        let connect = try cli.run(["connect", "test_one"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)", sourceLocation: sourceLocation)
        return cli
    }

    /// Makes the stored access token of a connection look expired (the server's copy stays valid and unused).
    func expireStoredToken(_ link: String) async throws {
        try home.store().rewriteConnection(
            link, "UPDATE connections SET expires_at = ? WHERE link_name = ?", [Date().timeIntervalSince1970 - 10, link])
    }
}
