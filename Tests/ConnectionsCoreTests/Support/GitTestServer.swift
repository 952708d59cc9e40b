import Foundation

/// Tests/servers/git_server.py: `git http-backend` on 127.0.0.1 for requests whose token the OAuth 2 test server
/// accepts, serving a bare repository `repo.git` (one commit on main) made for the test.
final class GitTestServer: @unchecked Sendable {
    let server: BackgroundServer
    let port: Int
    let root = TemporaryDirectory()
    var origin: String { "http://127.0.0.1:\(port)" }
    var repository: String { origin + "/repo.git" }

    init(oauth: OAuth2TestServer) throws {
        try FileManager.default.createDirectory(at: root.url, withIntermediateDirectories: true)
        let bare = root.url.appendingPathComponent("repo.git").path, seed = root.url.appendingPathComponent("seed").path
        try Self.git(["init", "-q", "--bare", "-b", "main", bare])
        try Self.git(["init", "-q", "-b", "main", seed])
        try "hello\n".write(toFile: seed + "/README", atomically: false, encoding: .utf8)
        try Self.git(["-C", seed, "add", "README"])
        try Self.git(["-C", seed, "commit", "-q", "-m", "first"])
        try Self.git(["-C", seed, "push", "-q", bare, "main"])
        let script = TestServers.directory.appendingPathComponent("git_server.py").path
        server = try BackgroundServer(try TestServers.python(), [script, root.url.path, oauth.base])
        struct Ready: Decodable { let port: Int }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(server.readyLine.utf8)) else {
            throw TestServers.SetupError("the git test server did not start: \(server.readyLine)")
        }
        port = ready.port
    }

    struct Entry: Decodable {
        var method: String
        var path: String
        var scheme: String?
        var user: String?
        var ok: Bool
    }

    /// Every request so far, with the credential's scheme and user name and whether it was accepted.
    func log() throws -> [Entry] {
        try JSONDecoder().decode([Entry].self, from: Data(try ChildProcess.curl([origin + "/test/log"]).body.utf8))
    }

    /// git with no configuration of the user's, no prompt, and an author.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["GIT_ASKPASS", "SSH_ASKPASS", "GIT_DIR", "GIT_WORK_TREE"] { environment.removeValue(forKey: name) }
        environment.merge(
            [
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0", "GIT_AUTHOR_NAME": "Test",
                "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
            ]
        ) { $1 }
        return environment
    }

    /// Whether this git offers credential helpers the `authtype` capability (Git 2.46+), and so sends a bearer token.
    static let offersAuthtype: Bool = {
        let version = (try? run(["--version"]).stdout) ?? ""
        let numbers = version.split(separator: " ").dropFirst(2).first?.split(separator: ".").compactMap { Int($0) } ?? []
        return numbers.count >= 2 && (numbers[0], numbers[1]) >= (2, 46)
    }()

    /// Runs git and returns what happened.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildProcess.Result {
        guard let git = ChildProcess.find(["git"]) else { throw TestServers.SetupError("git not found; scripts/setup installs it") }
        return try ChildProcess.run(git, arguments, environment: environment.merging(extra) { $1 })
    }

    /// Runs git and expects success; returns its stdout.
    @discardableResult
    static func git(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        if result.status != 0 { throw TestServers.SetupError("git \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout
    }
}
