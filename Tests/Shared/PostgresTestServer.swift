import Foundation
@testable import ConnectionsCore

/// A real PostgreSQL server (Tests/servers/postgres_server.py: a new cluster on a random 127.0.0.1 port, owned by
/// `nobody` under root), stopped and deleted when the tests end. Each test takes a database of its own.
final class PostgresTestServer: @unchecked Sendable {
    private let pid: pid_t
    private let pipes: Spawn.Pipes
    let port: Int
    let user: String
    let password: String
    /// The server's self-signed certificate (for `sslrootcert`), when the cluster has TLS.
    let certificate: String?
    private let lock = NSLock()
    private var databases = 0

    /// One server shared by the tests that do not stop it.
    static let shared: Result<PostgresTestServer, any Error> = Result { try PostgresTestServer() }
    /// The team key the tests' team stores are made with.
    static let teamKey = String(repeating: "5e", count: 32)

    /// A program of the newest installed PostgreSQL.
    static func binary(_ name: String) -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newest = versions.compactMap(Int.init).max().map(String.init) ?? "15"
        return "/usr/lib/postgresql/\(newest)/bin/\(name)"
    }

    init() throws {
        let script = TestServers.directory.appendingPathComponent("postgres_server.py").path
        (pid, pipes) = try Spawn.start(try TestServers.python(), [script], environment: nil)
        let errors = pipes.errors
        DispatchQueue.global().async { _ = Spawn.readAll(errors) }
        struct Ready: Decodable {
            let port: Int
            let user: String
            let password: String
            let certificate: String?
        }
        let line = Self.readLine(pipes.output)
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(line.utf8)) else {
            throw TestServers.SetupError("PostgreSQL did not start: \(line)")
        }
        (port, user, password, certificate) = (ready.port, ready.user, ready.password, ready.certificate)
    }

    deinit {
        close(pipes.input)
        _ = Spawn.wait(pid)
        close(pipes.output)
    }

    private static func readLine(_ descriptor: Int32) -> String {
        var line = Data()
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    func url(_ database: String, password: Bool = true) -> String {
        "postgresql://\(user)\(password ? ":" + self.password : "")@127.0.0.1:\(port)/\(database)"
    }

    /// A new, empty database; its URL.
    func freshDatabase() throws -> String {
        let name = lock.withLock {
            databases += 1
            return "t\(getpid())_\(databases)"
        }
        let admin = try PostgresConnection(try PostgresAddress(url("postgres")))
        try admin.execute("CREATE DATABASE \(name)")
        return url(name)
    }

    /// A fast shutdown: every connection is cut, as when the server goes down. Waits until it is down.
    func stop() {
        Spawn.write("stop\n", to: pipes.input)
        _ = Self.readLine(pipes.output)
    }

    /// Up again on the same port; waits until it accepts connections.
    func start() {
        Spawn.write("start\n", to: pipes.input)
        _ = Self.readLine(pipes.output)
    }
}
