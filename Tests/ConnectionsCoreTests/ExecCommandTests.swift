import Foundation
import Testing
@testable import ConnectionsCore

/// `connections exec`: a program run with a connection's credential in its environment, never in its arguments; its
/// exit code and signals passed through.
@Suite struct ExecCommandTests {
    /// A connection `k` of an API key service, its key `key-123`.
    static func keyed() throws -> CLI {
        try CLI.withKeyedConnection(
            """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: https://api.example.com
            api_key:
              - {key: X-Api-Key, label: API Key, placement: header, prefix: "Key "}
            """, service: "keyed", name: "K", keys: ["key-123"])
    }

    @Test func theChildSeesTheVariableAndNoArgumentHoldsIt() throws {
        let cli = try Self.keyed()
        // The child prints the variable, then its own argv and its parent's (connections exec), NUL-separated.
        let script = #"printf '%s\n' "$MY_KEY"; cat /proc/$$/cmdline; echo; cat /proc/$PPID/cmdline; echo; echo "$MY_HEADER""#
        let result = try cli.run("exec", "--env", "MY_KEY=k", "--header-env", "MY_HEADER=k", "--", "sh", "-c", script)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "key-123")
        #expect(lines.count >= 4 && lines[1].contains("sh\0-c\0") && lines[2].contains("exec\0--env\0MY_KEY=k\0"), "\(lines)")
        #expect(!lines[1].contains("key-123") && !lines[2].contains("key-123"), "the key is in no argv: \(lines)")
        #expect(lines.dropFirst(3).first == "Key key-123")
    }

    @Test func theChildGetsNoneOfOurDescriptors() throws {
        let cli = try Self.keyed()
        // Ours are the store, its WAL and the event loops' descriptors; ls itself opens 3 to read the directory.
        let result = try cli.run("exec", "--env", "V=k", "--", "ls", "/proc/self/fd")
        #expect(result.stdout == "0\n1\n2\n3\n", "\(result.stderr)")
    }

    @Test func ctrlCInTheTerminalReachesTheChildOnce() throws {
        let cli = try Self.keyed()
        // After its first SIGINT the child asks connections exec to pass it a SIGUSR1; a SIGINT passed on as well would
        // reach the child first (sent earlier, and the lower number), so the count at SIGUSR1 is final.
        let script =
            #"n=0; trap 'n=$((n+1)); kill -USR1 $PPID' INT; trap 'kill $p; echo "INT $n"; exit $((40+n))' USR1; "#
            + #"sleep 300 & p=$!; echo ready; while :; do wait $p; done"#
        let driver = TestServers.directory.appendingPathComponent("pty_ctrl_c.py").path
        let result = try ChildProcess.run(
            try TestServers.python(), [driver, CLI.binary, "exec", "--env", "V=k", "--", "sh", "-c", script], environment: cli.environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("INT 1") && !result.stdout.contains("INT 2"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("exit 41\n"), "\(result.stdout)")
    }

    @Test func withoutEnvEveryConnectionGivesLinkToken() throws {
        let cli = try Self.keyed()
        _ = try cli.ok("new", "keyed", "--name", "Second one")
        let result = try cli.run("exec", "--", "sh", "-c", #"printf '%s|%s|%s' "$K_TOKEN" "${SECOND_ONE_TOKEN-unset}" "$PATH""#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("key-123|unset|"), "a connection not connected gives none: \(result.stdout)")

        // One variable per key of several; two connections that would set the same name set neither.
        try cli.importService(
            """
            name: Two keys
            link_name: two_keys
            auth: api_key
            api_base: https://api.example.com
            api_key:
              - {key: B-Token, label: B, placement: header, prefix: ""}
              - {key: x, label: X, placement: query, prefix: ""}
            """)
        _ = try cli.ok("new", "two_keys", "--name", "A", "--link", "a")
        _ = try cli.ok("connect", "a", "--key-stdin", input: "b-value\nx-value\n")
        _ = try cli.ok("new", "keyed", "--name", "A b")
        _ = try cli.ok("connect", "a_b", "--key-stdin", input: "other\n")
        let several = try cli.run("exec", "--", "sh", "-c", #"printf '%s|%s|%s' "$A_X" "${A_B_TOKEN-unset}" "$K_TOKEN""#)
        #expect(several.stdout == "x-value|unset|key-123", "\(several.stderr)")
        #expect(several.stderr.contains("A_B_TOKEN would be set by a and a_b (left out)"), "\(several.stderr)")
    }

    @Test func aBearerTokenRefreshedFirstAndItsHeader() async throws {
        let server = try OAuth2TestServer.shared.get()
        let cli = try CLI.signedIn(to: server)
        let old = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        try await cli.expireStoredToken("test_one")
        let result = try cli.run(
            "exec", "--env", "T=test_one", "--header-env", "H=test_one", "--", "sh", "-c", #"printf '%s\n%s' "$T" "$H""#)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0] != old && lines[1] == "Bearer " + lines[0], "\(lines)")
        #expect(try server.me(token: lines[0]).status == 200)
    }

    @Test func exitCodesPassThrough() throws {
        let cli = try Self.keyed()
        #expect(try cli.run("exec", "--env", "V=k", "--", "sh", "-c", "exit 3").status == 3)
        #expect(try cli.run("exec", "--env", "V=k", "--", "true").status == 0)
    }

    @Test func aChildKilledByASignalKillsUsWithIt() throws {
        let cli = try Self.keyed()
        let (pid, pipes) = try Spawn.start(
            CLI.binary, ["exec", "--env", "V=k", "--", "sh", "-c", "kill -TERM $$"], environment: cli.environment)
        close(pipes.input)
        _ = Spawn.readAll(pipes.output)
        _ = Spawn.readAll(pipes.errors)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        #expect(status & 0x7F == SIGTERM, "killed by SIGTERM itself, not an exit code (status \(status))")
    }

    @Test func signalsSentToExecReachTheChild() async throws {
        let cli = try Self.keyed()
        let script = #"trap 'kill $p; echo "got TERM" >&2; exit 7' TERM; sleep 300 & p=$!; echo ready >&2; wait $p"#
        let running = try cli.start(["exec", "--env", "V=k", "--", "sh", "-c", script])
        #expect(await running.stderrLine { $0 == "ready" } != nil)
        kill(running.pid, SIGTERM)
        let result = running.wait()
        #expect(result.status == 7, "\(result.stderr)")
        #expect(result.stderr.contains("got TERM"))
    }

    @Test func clearRefusals() throws {
        let cli = try Self.keyed()
        let unknown = try cli.run("exec", "--env", "V=nope", "--", "true")
        #expect(unknown.status == 1 && unknown.stderr.contains("No connection with link name 'nope'"), "\(unknown.stderr)")
        let notFound = try cli.run("exec", "--env", "V=k", "--", "no-such-command-here")
        #expect(notFound.status == 127 && notFound.stderr.contains("no-such-command-here: command not found"), "\(notFound.stderr)")
        let directory = try cli.run("exec", "--env", "V=k", "--", "/tmp")
        #expect(directory.status == 126 && directory.stderr.contains("it is a directory"), "\(directory.stderr)")
        let badName = try cli.run("exec", "--env", "1V=k", "--", "true")
        #expect(badName.status == 64 && badName.stderr.contains("cannot be an environment variable name"), "\(badName.stderr)")
        let badForm = try cli.run("exec", "--env", "V", "--", "true")
        #expect(badForm.status == 64 && badForm.stderr.contains("is not NAME=LINK"), "\(badForm.stderr)")
        let twice = try cli.run("exec", "--env", "V=k", "--header-env", "V=k", "--", "true")
        #expect(twice.status == 1 && twice.stderr.contains("V is given twice"), "\(twice.stderr)")
        let noCommand = try cli.run("exec", "--env", "V=k")
        #expect(noCommand.status == 64 && noCommand.stderr.contains("Give the program to run after --"), "\(noCommand.stderr)")
        try cli.home.store().saveStatus("k", .needsReconnect(reason: "invalid_grant: revoked"))
        let reconnect = try cli.run("exec", "--env", "V=k", "--", "true")
        #expect(reconnect.status == 1 && reconnect.stderr.contains("needs to be connected again"), "\(reconnect.stderr)")
        for result in [unknown, notFound, badName, reconnect] { #expect(!result.stderr.contains("key-123")) }
    }

    @Test func variableNames() throws {
        #expect(ExecVariable.isValidName("GITHUB_TOKEN") && ExecVariable.isValidName("_x1"))
        #expect(
            !ExecVariable.isValidName("1X") && !ExecVariable.isValidName("A-B") && !ExecVariable.isValidName("")
                && !ExecVariable.isValidName("É"))
        #expect(ExecVariable.defaultName(linkName: "github_work") == "GITHUB_WORK_TOKEN")
        #expect(ExecVariable.defaultName(linkName: "shop", key: "X-Api-Key") == "SHOP_X_API_KEY")
        #expect(try ExecVariable(parsing: "A=shop:X-Api-Key", form: .value) == ExecVariable(name: "A", linkName: "shop", key: "X-Api-Key"))
    }
}
