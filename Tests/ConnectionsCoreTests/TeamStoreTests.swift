import Foundation
import Testing
@testable import ConnectionsCore

/// Several machines on one team store: three homes (three lock folders, three configs) of the built binary against a
/// real PostgreSQL and django-oauth-toolkit with rotating refresh tokens and reuse protection.
@Suite struct TeamStoreTests {
    /// One machine: its own home; the team store and key from the environment, as a CI runner would have them.
    struct Machine {
        let cli = CLI()
        let store: String
        var key = PostgresTestServer.teamKey

        init(store: String, user: String? = nil) throws {
            self.store = store
            if let user {
                try FileManager.default.createDirectory(at: cli.home.url, withIntermediateDirectories: true)
                try "user: \(user)\n".write(to: cli.home.url.appendingPathComponent("config.yaml"), atomically: false, encoding: .utf8)
            }
        }

        var environment: [String: String] { ["CONNECTIONS_STORE": store, "CONNECTIONS_KEY": key] }

        func run(_ arguments: String..., input: String? = nil, extra: [String: String] = [:]) throws -> ChildProcess.Result {
            try cli.run(arguments, input: input, environment: environment.merging(extra) { $1 })
        }

        func ok(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try cli.run(arguments, environment: environment)
            #expect(result.status == 0, "connections \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }

        func start(_ arguments: String...) throws -> RunningProcess { try cli.start(arguments, environment: environment) }

        func json(_ arguments: String...) throws -> [String: Any] {
            let result = try cli.run(arguments + ["--json"], environment: environment)
            return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// A team store with one OAuth connection, signed in on the first machine.
    func connectedTeam(
        _ oauth: OAuth2TestServer, on server: PostgresTestServer? = nil, serviceExtra: String = ""
    ) throws -> (url: String, machines: [Machine]) {
        let url = try (server ?? PostgresTestServer.shared.get()).freshDatabase()
        let machines = try ["ada@laptop", "ci@runner-1", "ops@server"].map { try Machine(store: url, user: $0) }
        let file = machines[0].cli.home.url.appendingPathComponent("service.yaml")
        try FileManager.default.createDirectory(at: machines[0].cli.home.url, withIntermediateDirectories: true)
        try oauth.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret", extra: serviceExtra)
            .write(to: file, atomically: false, encoding: .utf8)
        _ = try machines[0].ok("service", "import", file.path)
        _ = try machines[0].ok("new", "test", "--name", "Team one")
        let connect = try machines[0].run("connect", "team_one", extra: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        return (url, machines)
    }

    /// Makes the stored access token look expired to every machine.
    func expire(_ url: String, _ link: String) throws {
        let store = try PostgresStore(
            address: try PostgresAddress(url), environment: ["CONNECTIONS_KEY": PostgresTestServer.teamKey], keyFile: nil)
        _ = try store.modifyConnection(link) { $0.tokens?.expiresAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970 - 10) }
    }

    @Test func threeMachinesOneStoreAndOneRefreshAcrossThem() async throws {
        let oauth = try OAuth2TestServer()
        let (url, machines) = try connectedTeam(oauth)
        #expect(try machines[1].ok("list").contains("team_one"))
        let shown = try machines[2].json("show", "team_one")
        #expect(shown["created_by"] as? String == "ada@laptop" && shown["authorized_by"] as? String == "ada@laptop", "\(shown)")
        #expect(try machines[1].ok("show", "team_one").contains("Authorized by    ada@laptop"))
        let token = try machines[1].ok("token", "team_one").trimmingCharacters(in: .newlines)
        #expect(try oauth.me(token: token).status == 200)
        let invoked = try machines[2].run("invoke", "team_one", "/api/me")
        #expect(invoked.status == 0 && invoked.stdout.contains("\"user\""), "\(invoked.stderr)")

        try expire(url, "team_one")
        let before = try oauth.tokenRequests()["refresh_token", default: 0]
        let processes = try machines.flatMap { machine in try (0..<10).map { _ in try machine.start("token", "team_one") } }
        let results = processes.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let tokens = Set(results.map { $0.stdout.trimmingCharacters(in: .newlines) })
        #expect(tokens.count == 1, "all 30 got the same token")
        #expect(try oauth.tokenRequests()["refresh_token", default: 0] - before == 1, "exactly one refresh at the server")
        #expect(try oauth.me(token: try #require(tokens.first)).status == 200)
        #expect(try machines[0].json("show", "team_one")["authorized_by"] as? String == "ada@laptop", "a refresh is not a sign-in")
    }

    /// A process killed at any moment of a refresh: the lock goes with it, the next caller gets a working token, and
    /// the grant survives. Killed after the provider rotated the refresh token but before the new one was stored,
    /// only the provider's grace period for a used refresh token can save the grant; this server gives one, as
    /// providers that rotate do.
    /// A proxy on another machine of the team reads the connection from the team store, refreshes its expired token
    /// once, and answers with the API's answer.
    @Test func aProxyOnATeamStore() async throws {
        let oauth = try OAuth2TestServer()
        let (url, machines) = try connectedTeam(oauth)
        try expire(url, "team_one")
        let before = try oauth.tokenRequests()["refresh_token", default: 0]
        let proxy = try await RunningProxy(machines[1].cli, environment: machines[1].environment)
        for _ in 0..<2 {
            let me = try proxy.curl("/team_one/api/me")
            #expect(me.status == 200 && me.body.contains("alice"), "\(me.body)")
        }
        #expect(try oauth.tokenRequests()["refresh_token", default: 0] - before == 1)
        #expect(await proxy.logged("connections proxy: GET team_one /api/me 200 ") != nil)
    }

    @Test func killedMidRefreshLosesNothing() async throws {
        let oauth = try OAuth2TestServer(refreshGraceSeconds: 120)
        let (url, machines) = try connectedTeam(oauth)
        for attempt in 0..<24 {
            try expire(url, "team_one")
            let victim = try machines[attempt % 3].start("token", "team_one")
            // The moment of the kill is what this test varies: from before the lock to after the provider answered.
            usleep(UInt32(attempt * 4_000))
            kill(victim.pid, SIGKILL)
            _ = victim.wait()
            let next = try machines[(attempt + 1) % 3].run("token", "team_one")
            #expect(next.status == 0, "attempt \(attempt): \(next.stderr)")
            let status = try oauth.me(token: next.stdout.trimmingCharacters(in: .newlines)).status
            #expect(status == 200, "attempt \(attempt)")
        }
        #expect(try machines[2].json("show", "team_one")["status"] as? String == "connected")
    }

    @Test func aWrongKeyANewerSchemaAndNoSecretInTheDatabase() throws {
        let oauth = try OAuth2TestServer.shared.get()
        let (url, machines) = try connectedTeam(oauth)
        let server = try PostgresTestServer.shared.get()
        let place = "127.0.0.1:\(server.port)/\(try PostgresAddress(url).database)"

        var stranger = try Machine(store: url)
        stranger.key = String(repeating: "0f", count: 32)
        let refused = try stranger.run("list")
        #expect(refused.status == 1 && refused.stderr.contains("This key does not open the team store at \(place)"), "\(refused.stderr)")
        stranger.key = ""
        #expect(try stranger.run("list").stderr.contains("needs the team key"))

        // No secret readable in a dump of the whole database.
        let store = try PostgresStore(address: try PostgresAddress(url), environment: machines[0].environment, keyFile: nil)
        let connection = try #require(try store.connection("team_one"))
        let secrets = [
            connection.tokens?.accessToken.exposedValue, connection.tokens?.refreshToken?.exposedValue, "confidential-secret",
            PostgresTestServer.teamKey,
        ].compactMap { $0 }
        let dump = try ChildProcess.run(
            PostgresTestServer.binary("pg_dump"), ["--dbname", url], environment: ["PATH": "/usr/bin:/bin"])
        #expect(dump.status == 0 && dump.stdout.contains("team_one"), "\(dump.stderr)")
        for secret in secrets { #expect(!dump.stdout.contains(secret), "a secret is readable in pg_dump") }

        // A store a newer Connections migrated is refused, and left as it is.
        let admin = try PostgresConnection(try PostgresAddress(url))
        try admin.execute("UPDATE connections.meta SET value = '99' WHERE key = 'schema_version'")
        let newer = try machines[1].run("list")
        #expect(newer.status == 1 && newer.stderr.contains("schema version 99, newer than this program knows"), "\(newer.stderr)")
        #expect(try admin.value("SELECT value FROM connections.meta WHERE key = 'schema_version'") == "99")
    }

    /// The server down: a clear error naming the store, its own exit code, nothing half written; back up: all there.
    @Test func theServerGoingAwayAndComingBack() async throws {
        let server = try PostgresTestServer()
        let (url, machines) = try connectedTeam(try OAuth2TestServer.shared.get(), on: server)
        let machine = machines[1]
        let place = "127.0.0.1:\(server.port)/\(try PostgresAddress(url).database)"

        // Mid-command: a refresh waits for the lease another session holds, and the server stops under it.
        let holder = try PostgresConnection(try PostgresAddress(url))
        try holder.execute("SELECT pg_advisory_lock(hashtextextended('connections refresh team_one', 0))")
        let waiting = try machine.start("token", "team_one", "--refresh")
        try waitUntil("the command waits for the lease") {
            try holder.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == "1"
        }
        server.stop()
        let cut = waiting.wait()
        #expect(cut.status == 69 && cut.stderr.contains("Cannot reach the team store at \(place)"), "\(cut.status): \(cut.stderr)")
        let down = try machine.run("list")
        #expect(down.status == 69 && down.stderr.contains("Cannot reach the team store at \(place)"), "\(down.stderr)")
        server.start()
        #expect(try machine.ok("list").contains("team_one"))
        #expect(try machine.json("show", "team_one")["status"] as? String == "connected", "the cut refresh changed nothing")
    }

    /// Everything moves from a laptop's own store to the team store and back, re-sealed with the other key;
    /// copying again changes nothing; a link name the target holds with other content stops the copy.
    @Test func copyingALocalStoreToTheTeamAndBack() throws {
        let oauth = try OAuth2TestServer.shared.get()
        let url = try PostgresTestServer.shared.get().freshDatabase()
        let laptop = CLI()
        try laptop.importService(oauth.serviceYAML(link: "test", clientID: "confidential-app", secret: "confidential-secret"))
        _ = try laptop.ok("new", "test", "--name", "Mine")
        #expect(try laptop.run(["connect", "mine"], environment: try CLI.browser()).status == 0)
        let token = try laptop.ok("token", "mine").trimmingCharacters(in: .newlines)

        let team = ["CONNECTIONS_KEY": PostgresTestServer.teamKey]
        let copied = try laptop.run(["store", "copy", "--to", url], environment: team)
        #expect(copied.status == 0 && copied.stdout.contains("Copied 1 service(s) and 1 connection(s)"), "\(copied.stderr)")
        let colleague = try Machine(store: url)
        #expect(try colleague.ok("token", "mine").trimmingCharacters(in: .newlines) == token)
        let again = try laptop.run(["store", "copy", "--to", url], environment: team)
        #expect(again.stdout.contains("Copied 0 service(s) and 0 connection(s)") && again.stdout.contains("2 were already there"))

        _ = try colleague.ok("edit", "mine", "--name", "Renamed by the team")
        let conflict = try laptop.run(["store", "copy", "--to", url], environment: team)
        #expect(conflict.status == 1 && conflict.stderr.contains("other content: mine"), "\(conflict.stderr)")

        // Into another laptop's store, named with --home as a person would.
        let fresh = CLI()
        let back = try laptop.run(["store", "copy", "--from", url, "--home", fresh.home.url.path], environment: team)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try fresh.ok("show", "mine").contains("Renamed by the team"))
        #expect(try fresh.ok("token", "mine").trimmingCharacters(in: .newlines) == token)
    }

    /// The config alone can name the store and the key file; `--store` wins over it.
    @Test func theConfigNamesTheStoreAndTheKeyFile() throws {
        let server = try PostgresTestServer.shared.get()
        let url = try server.freshDatabase()
        let member = CLI()
        try FileManager.default.createDirectory(at: member.home.url, withIntermediateDirectories: true)
        try (PostgresTestServer.teamKey + "\n").write(
            to: member.home.url.appendingPathComponent("team.key"), atomically: false, encoding: .utf8)
        try "store: \(url)\nkey_file: team.key\nuser: grace\n".write(
            to: member.home.url.appendingPathComponent("config.yaml"), atomically: false, encoding: .utf8)
        _ = try member.ok("new", "stripe", "--name", "From the config")
        let colleague = try Machine(store: url)
        #expect(try colleague.json("show", "from_the_config")["created_by"] as? String == "grace")
        #expect(!FileManager.default.fileExists(atPath: member.home.url.appendingPathComponent("connections.sqlite").path))
        // The password as libpq users give it: PGPASSWORD, or a password file (~/.pgpass, or PGPASSFILE).
        let withoutPassword = try Machine(store: url.replacingOccurrences(of: ":" + server.password + "@", with: "@"))
        #expect(try withoutPassword.run("list").status != 0, "no password, no entry")
        #expect(try withoutPassword.run("list", extra: ["PGPASSWORD": server.password]).stdout.contains("from_the_config"))
        let passfile = withoutPassword.cli.home.url.appendingPathComponent("pgpass")
        try FileManager.default.createDirectory(at: withoutPassword.cli.home.url, withIntermediateDirectories: true)
        try "127.0.0.1:\(server.port):*:\(server.user):\(server.password)\n".write(to: passfile, atomically: false, encoding: .utf8)
        chmod(passfile.path, 0o600)
        #expect(try withoutPassword.run("list", extra: ["PGPASSFILE": passfile.path]).stdout.contains("from_the_config"))
        let elsewhere = try member.run("list", "--store", server.url("postgres") + "_missing")
        #expect(elsewhere.status != 0 && elsewhere.stderr.contains("postgres_missing"), "\(elsewhere.stderr)")
    }

    /// TLS as libpq users ask for it: `sslmode=verify-full` with the server's certificate works; without a
    /// certificate to check against, nothing is sent and the message says why.
    @Test func tlsThroughLibpq() throws {
        let server = try PostgresTestServer.shared.get()
        let certificate = try #require(server.certificate, "the test cluster has TLS")
        let url = try server.freshDatabase()
        let verified = try Machine(store: url + "?sslmode=verify-full&sslrootcert=\(certificate)")
        _ = try verified.ok("new", "stripe", "--name", "Over TLS")
        #expect(try verified.ok("list").contains("over_tls"))
        let admin = try PostgresConnection(try PostgresAddress(url + "?sslmode=require"))
        #expect(try admin.value("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "t")
        let unverifiable = try Machine(store: url + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt")
        let refused = try unverifiable.run("list")
        #expect(refused.status == 69 && refused.stderr.contains("root certificate file"), "\(refused.stderr)")
    }

    /// Waits, with a deadline, until `condition` holds: for another process's state that gives no other signal.
    func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while try !condition() {
            guard Date() < deadline else { throw SnippetExecutionTests.SetupError("timed out waiting until \(what)") }
            usleep(5_000)
        }
    }
}
