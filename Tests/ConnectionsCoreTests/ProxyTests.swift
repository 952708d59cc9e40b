import Foundation
import Testing
@testable import ConnectionsCore

/// `connections proxy` through the built binary, against the echo server and the OAuth 2 server on 127.0.0.1, with
/// curl as the proxy's client.
@Suite struct ProxyTests {
    typealias Echo = SnippetExecutionTests.Echo
    let echo: String

    init() throws { echo = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine) }

    /// A home with an API key connection `keyed_one` whose API base is the echo server's /v1.
    func keyed() throws -> CLI {
        try CLI.withKeyedConnection(
            """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: \(echo)/v1
            api_key:
              - {key: X-Api-Key, label: API key, placement: header, prefix: "Key "}
              - {key: account, label: Account ID, placement: query}
            """, service: "keyed", name: "Keyed one", keys: ["secret-key", "acc-42"])
    }

    @Test func requestsReachTheAPIWithTheCredentialAndNotTheClientsOwn() async throws {
        let cli = try keyed()
        let proxy = try await RunningProxy(cli)
        let attributes = try FileManager.default.attributesOfItem(atPath: proxy.secretFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(proxy.secret.count == 64)

        let get = try proxy.curl(
            "/keyed_one/items/a%20b?q=1&next=%7Bx%7D", secret: .some(proxy.secret),
            ["-H", "Authorization: Bearer the-clients-own", "-H", "Cookie: session=1", "-H", "X-Extra: yes"])
        #expect(get.status == 200, "\(get.body)")
        let seen = try JSONDecoder().decode(Echo.self, from: Data(get.body.utf8))
        #expect(seen.method == "GET" && seen.path == "/v1/items/a%20b")
        #expect(seen.query == [["q", "1"], ["next", "{x}"], ["account", "acc-42"]], "\(seen.query)")
        #expect(seen.headers["x-api-key"] == "Key secret-key" && seen.headers["x-extra"] == "yes")
        for name in ["authorization", "cookie", "x-connections-proxy-secret", "proxy-authorization"] {
            #expect(seen.headers[name] == nil, "\(name) reached the API")
        }

        let post = try proxy.curl(
            "/keyed_one/things", ["-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "{\"a\": [1, 2]}"])
        let posted = try JSONDecoder().decode(Echo.self, from: Data(post.body.utf8))
        #expect(post.status == 200 && posted.method == "POST" && posted.body == "{\"a\": [1, 2]}")
        #expect(posted.headers["content-type"] == "application/json")

        let bearer = try proxy.curl("/keyed_one/x", secret: .some(nil), ["-H", "Proxy-Authorization: Bearer \(proxy.secret)"])
        #expect(bearer.status == 200, "the secret may come as Proxy-Authorization: Bearer")
        #expect(try proxy.curl("/keyed_one/status/503").status == 503, "the API's status passes through")
        let redirected = try proxy.curl("/keyed_one/redirect?to=/v1/after&status=307", ["-X", "POST", "--data-binary", "again"])
        let after = try JSONDecoder().decode(Echo.self, from: Data(redirected.body.utf8))
        #expect(after.path == "/v1/after" && after.method == "POST" && after.body == "again", "followed as invoke follows it")
        #expect(after.headers["x-api-key"] == "Key secret-key", "within the origin the credential goes on")
        let elsewhere = echo.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/v1/elsewhere"
        let away = try proxy.curl("/keyed_one/redirect?to=\(elsewhere)&status=302")
        let there = try JSONDecoder().decode(Echo.self, from: Data(away.body.utf8))
        #expect(there.path == "/v1/elsewhere" && there.headers["host"]?.hasPrefix("localhost:") == true, "\(away.body)")
        #expect(there.headers["x-api-key"] == nil && there.query.isEmpty, "another origin gets nothing of the connection's")

        #expect(await proxy.logged("connections proxy: GET keyed_one /items/a%20b 200 ") != nil)
        #expect(await proxy.logged("connections proxy: POST keyed_one /things 200 ") != nil)
        let log = proxy.stop().stderr
        for secret in ["secret-key", "acc-42", "q=1", proxy.secret, "the-clients-own"] {
            #expect(!log.contains(secret), "\(secret) logged")
        }
        #expect(!FileManager.default.fileExists(atPath: proxy.secretFile), "the secret file goes when the proxy stops")
    }

    @Test func aMissingOrWrongSecretOrAForeignHostIsRefused() async throws {
        let proxy = try await RunningProxy(try keyed())
        let missing = try proxy.curl("/keyed_one/x", secret: .some(nil))
        #expect(missing.status == 401 && missing.body.contains("X-Connections-Proxy-Secret"), "\(missing.body)")
        let wrong = try proxy.curl("/keyed_one/x", secret: .some(String(repeating: "0", count: 64)))
        #expect(wrong.status == 403 && wrong.body.contains("secret is wrong"), "\(wrong.body)")
        let truncated = try proxy.curl("/keyed_one/x", secret: .some(String(proxy.secret.dropLast())))
        #expect(truncated.status == 403)
        let rebound = try proxy.curl("/keyed_one/x", ["-H", "Host: attacker.example:\(proxy.port)"])
        #expect(rebound.status == 403 && rebound.body.contains("The Host header must be 127.0.0.1:\(proxy.port)"), "\(rebound.body)")
        let otherPort = try proxy.curl("/keyed_one/x", ["-H", "Host: 127.0.0.1:1"])
        #expect(otherPort.status == 403)
        for note in ["401 ", "(missing_secret)", "(wrong_secret)", "(foreign_host)"] { #expect(await proxy.logged(note) != nil, "\(note)") }
        let log = proxy.stop().stderr
        #expect(!log.contains(String(repeating: "0", count: 64)))
    }

    @Test func pathsThatLeaveTheAPIBaseAndUnknownLinksAreRefused() async throws {
        let cli = try keyed()
        _ = try cli.ok("new", "keyed", "--name", "Unconnected")
        let proxy = try await RunningProxy(cli)
        for path in [
            "/keyed_one/../x", "/keyed_one/a/../../x", "/keyed_one/%2e%2e/x", "/keyed_one/%2E./x", "/keyed_one/a%2Fb",
            "/keyed_one/a%5cb", "/keyed_one/%252e%252e/x", "/keyed_one/./x",
        ] {
            let answer = try proxy.curl(path)
            #expect(answer.status == 400 && answer.body.contains("stays under the connection's API base"), "\(path): \(answer.body)")
        }
        let unknown = try proxy.curl("/nope/x")
        #expect(unknown.status == 404 && unknown.body.contains("No connection with link name 'nope'"), "\(unknown.body)")
        #expect(try proxy.curl("/").status == 404)
        let unconnected = try proxy.curl("/unconnected/x")
        #expect(unconnected.status == 502 && unconnected.body.contains("`connections connect unconnected`"), "\(unconnected.body)")
        #expect(try proxy.curl("/keyed_one/a\\b").status == 400)
        let forward = try proxy.curl("/keyed_one/x", ["--request-target", "http://example.com/x"])
        #expect(forward.status == 400 && forward.body.contains("not a forward proxy"), "\(forward.body)")
    }

    /// Fifty requests at once with an expired token: one refresh reaches the OAuth server, and every request gets the API's
    /// answer with the new token.
    @Test func fiftyConcurrentRequestsShareOneRefresh() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.signedIn(to: server)
        try await cli.expireStoredToken("test_one")
        let before = try server.tokenRequests()["refresh_token", default: 0]
        let proxy = try await RunningProxy(cli)
        let urls = Array(repeating: proxy.base + "/test_one/api/me", count: 50)
        let result = try ChildProcess.run(
            "/usr/bin/curl",
            [
                "-sS", "--no-progress-meter", "-Z", "--parallel-immediate", "--parallel-max", "50", "-H",
                "X-Connections-Proxy-Secret: \(proxy.secret)", "-w", "%{http_code}\n",
            ] + urls.flatMap { ["-o", "/dev/null", $0] })
        let statuses = result.stdout.split(separator: "\n")
        #expect(statuses.count == 50 && statuses.allSatisfy { $0 == "200" }, "\(result.stdout) \(result.stderr)")
        #expect(try server.tokenRequests()["refresh_token", default: 0] - before == 1)
    }

    /// The API refuses a token the connection still thinks valid: the proxy refreshes once and sends the request again,
    /// body and all, and the client sees only the second answer.
    @Test func aRefusedTokenIsRefreshedOnceAndTheRequestSentAgain() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.signedIn(to: server)
        let old = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        _ = try ChildProcess.run("/usr/bin/curl", ["-sS", "-d", "token=\(old)", server.base + "/test/expire"])
        let proxy = try await RunningProxy(cli)
        let answer = try proxy.curl("/test_one/api/me", ["-X", "POST", "--data-binary", "a=b"])
        #expect(answer.status == 200, "\(answer.body)")
        let me = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        #expect(me?["user"] as? String == "alice" && me?["body"] as? String == "a=b", "\(answer.body)")
        let new = try cli.ok("token", "test_one").trimmingCharacters(in: .newlines)
        #expect(new != old)
        #expect(await proxy.logged("connections proxy: POST test_one /api/me 200 ") != nil)
    }

    /// An API that never answers: 504 with the proxy's words once the timeout has passed, and the client's connection
    /// serves the next requests (two on one kept-alive connection).
    @Test func anAPIThatDoesNotAnswerTimesOut() async throws {
        let cli = try CLI.withKeyedConnection(
            """
            name: Root
            link_name: root
            auth: api_key
            api_base: \(echo)
            api_key:
              - {key: X-Api-Key, label: API key, placement: header}
            """, service: "root", name: "Root one", keys: ["secret-key"])
        let proxy = try await RunningProxy(cli, ["--timeout", "0.5"])
        let silent = try proxy.curl("/root_one/silent")
        #expect(silent.status == 504 && silent.body.contains("did not answer within 1 s"), "\(silent.body)")
        let twice = try ChildProcess.run(
            "/usr/bin/curl",
            [
                "-sS", "-H", "X-Connections-Proxy-Secret: \(proxy.secret)", "-w", "%{http_code} %{num_connects}\n", "-o", "/dev/null",
                proxy.base + "/root_one/v1/a", "-o", "/dev/null", proxy.base + "/root_one/v1/b",
            ])
        #expect(twice.stdout == "200 1\n200 0\n", "\(twice.stdout) \(twice.stderr)")
        #expect(await proxy.logged("connections proxy: GET root_one /silent 504 ") != nil)
    }

    /// The echo server sends the first event, then waits until the test asks it (on another path) for the second: the
    /// test sees the first before the second exists, so the proxy did not hold it back.
    @Test func anEventStreamPassesAsItArrives() async throws {
        let proxy = try await RunningProxy(try keyed())
        let gate = UUID().uuidString
        let stream = try RunningProcess(
            "/bin/sh",
            ["-c", "exec curl -sS -N -H \"X-Connections-Proxy-Secret: $SECRET\" \"$URL\" 1>&2"],
            environment: ["SECRET": proxy.secret, "URL": "\(proxy.base)/keyed_one/events?gate=\(gate)", "PATH": "/usr/bin:/bin"])
        let first = await stream.stderrLine { $0.hasPrefix("data: ") }
        #expect(first == "data: first")
        #expect(try ChildProcess.curl([echo + "/events/release?gate=\(gate)"]).status == 200)
        let second = await stream.stderrLine { $0.hasPrefix("data: ") && $0 != "data: first" }
        #expect(second == "data: second")
        #expect(stream.wait().status == 0)
    }

    @Test func theJSONAccessLog() async throws {
        let proxy = try await RunningProxy(try keyed(), ["--json"])
        _ = try proxy.curl("/keyed_one/items?key=hidden")
        #expect(await proxy.logged("\"method\":\"GET\"") != nil)
        let lines = proxy.stop().stderr.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let entry = try #require(lines.first { $0["method"] as? String == "GET" })
        #expect(entry["link"] as? String == "keyed_one" && entry["path"] as? String == "/items" && entry["status"] as? Int == 200)
        #expect(entry["ms"] is Double && entry["time"] is String)
        #expect(!lines.description.contains("hidden"))
    }
}
