import Foundation
import Testing
@testable import ConnectionsCore

/// `connections invoke` and connecting API key and Basic connections, through the built binary, against real servers
/// on 127.0.0.1: the echo server (what arrived, where), the OAuth 2 server's protected endpoint, and the OAuth 1.0a
/// provider's signed endpoint.
@Suite struct InvokeTests {
    static let echo: Result<BackgroundServer, any Error> = Result {
        try BackgroundServer.echo()
    }

    let base: String

    init() throws { base = "http://127.0.0.1:" + (try Self.echo.get().readyLine) }

    typealias Echo = SnippetExecutionTests.Echo

    func echoed(_ result: ChildProcess.Result, sourceLocation: SourceLocation = #_sourceLocation) throws -> Echo {
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Echo.self, from: Data(result.stdout.utf8))
    }

    func keyed(allowedHosts: [String] = []) throws -> CLI {
        let cli = CLI()
        try cli.importService(
            """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: \(base)/v1/{region}
            \(allowedHosts.isEmpty ? "" : "allowed_hosts: [" + allowedHosts.joined(separator: ", ") + "]")
            parameters: [region]
            api_key:
              - {key: X-Api-Key, label: API key, placement: header, prefix: "Key "}
              - {key: account, label: Account ID, placement: query}
              - {key: token, label: Form token, placement: form}
            """)
        _ = try cli.ok("new", "keyed", "--name", "Keyed one", "--param", "region=eu")
        return cli
    }

    @Test func apiKeyRowsGoWhereTheServiceSays() throws {
        let cli = try keyed()
        #expect(try cli.run("invoke", "keyed_one", "/x").stderr.contains("is Not connected. Run `connections connect keyed_one`."))
        let connect = try cli.run("connect", "keyed_one", "--key-stdin", input: "secret-key\nacc 42\nform-secret\n")
        #expect(connect.status == 0 && connect.stdout == "Connected keyed_one.\n", "\(connect.stderr)")

        let get = try echoed(try cli.run("invoke", "keyed_one", "/items", "-p", "q=a b", "-H", "X-Extra: yes"))
        #expect(get.method == "GET" && get.path == "/v1/eu/items")
        #expect(get.headers["x-api-key"] == "Key secret-key" && get.headers["x-extra"] == "yes")
        #expect(
            get.query == [["q", "a b"], ["account", "acc 42"], ["token", "form-secret"]],
            "a form row goes in the query when there is no form body")

        let post = try echoed(try cli.run("invoke", "keyed_one", "/items", "-X", "POST", "-p", "q=a b"))
        #expect(post.form == [["q", "a b"], ["token", "form-secret"]])
        #expect(post.query == [["account", "acc 42"]])

        #expect(try cli.ok("token", "keyed_one", "--key", "account") == "acc 42\n")
        #expect(try cli.run("token", "keyed_one").stderr.contains("has 3 keys: choose one with --key (X-Api-Key, account, token)"))
        for file in try FileManager.default.contentsOfDirectory(atPath: cli.home.url.path) {
            let bytes = (try? Data(contentsOf: cli.home.url.appendingPathComponent(file))) ?? Data()
            for secret in ["secret-key", "form-secret"] { #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in \(file)") }
        }
    }

    @Test func eachMethodPutsParametersWhereInvokeurlDoes() throws {
        let cli = try keyed()
        _ = try cli.run("connect", "keyed_one", "--key-stdin", input: "k\na\nf\n")
        for method in ["GET", "DELETE"] {
            let echo = try echoed(try cli.run("invoke", "keyed_one", "\(base)/abs", "-X", method, "-p", "n=1"))
            #expect(echo.method == method && echo.path == "/abs" && echo.query.first == ["n", "1"] && echo.form == nil)
        }
        for method in ["POST", "PUT", "PATCH"] {
            let echo = try echoed(try cli.run("invoke", "keyed_one", "/r", "-X", method, "-p", "n=1"))
            #expect(echo.method == method && echo.form?.first == ["n", "1"] && echo.query == [["account", "a"]])
        }
        // With a body, parameters go in the query and the body is sent as given.
        let withBody = try echoed(try cli.run("invoke", "keyed_one", "/r", "-X", "POST", "-p", "n=1", "-d", "{\"a\":1}", "--json"))
        #expect(withBody.body == "{\"a\":1}" && withBody.headers["content-type"] == "application/json")
        #expect(withBody.query.contains(["n", "1"]) && withBody.query.contains(["token", "f"]))
        // Without a Content-Type the body is described as what it is, not as a form.
        let guessed = try echoed(try cli.run("invoke", "keyed_one", "/r", "-X", "POST", "-d", "{\"a\": [1]}"))
        #expect(guessed.headers["content-type"] == "application/json" && guessed.form == nil)
        let text = try echoed(try cli.run("invoke", "keyed_one", "/r", "-X", "PUT", "-d", "a=1 is not a form here"))
        #expect(text.headers["content-type"] == "text/plain; charset=utf-8" && text.form == nil)
    }

    @Test func bodiesFromFilesAndBinaryAnswersArriveByteForByte() throws {
        let cli = try keyed()
        _ = try cli.run("connect", "keyed_one", "--key-stdin", input: "k\na\nf\n")
        let file = cli.home.url.appendingPathComponent("payload.bin")
        let bytes = Data((0...255).map(UInt8.init) + (0...255).reversed().map(UInt8.init))
        try bytes.write(to: file)
        let sent = try echoed(
            try cli.run(
                "invoke", "keyed_one", "/upload", "-X", "PUT", "-d", "@" + file.path, "-H", "Content-Type: application/octet-stream"))
        #expect(Data(base64Encoded: sent.body_base64) == bytes)

        let out = cli.home.url.appendingPathComponent("out.bin")
        let saved = try ChildProcess.run(
            "/bin/sh", ["-c", "\"$0\" invoke keyed_one \(base)/bytes > \(out.path)", CLI.binary], environment: cli.environment)
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(try Data(contentsOf: out) == Data((0...255).map(UInt8.init)))
        #expect(try cli.ok("invoke", "keyed_one", "\(base)/text") == "plain text, not JSON\n")
        let missing = try cli.run("invoke", "keyed_one", "/x", "-d", "@/nonexistent/body.json")
        #expect(missing.status == 64 && missing.stderr.contains("Cannot read the body file '/nonexistent/body.json'"))
    }

    @Test func awkwardPathsAreSentAsTheSnippetsSendThem() throws {
        let cli = CLI()
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(base)/base\n")
        _ = try cli.ok("new", "plain", "--name", "Plain one")
        _ = try cli.ok("connect", "plain_one", "--username", "alice", "--password-stdin", input: "wonderland\n")
        let echo = try echoed(try cli.run("invoke", "plain_one", SnippetExecutionTests.awkwardPath))
        #expect(echo.path == SnippetExecutionTests.awkwardPathOnTheWire)
        let snippet = try cli.ok("snippet", "plain_one", "--url", SnippetExecutionTests.awkwardPath, "--lang", "curl", "-H", "X-Seen: yes")
        #expect(snippet.contains("-H 'X-Seen: yes'"), "\(snippet)")
    }

    @Test func failuresHaveExitCodesAndWords() throws {
        let closed = "http://127.0.0.1:\(try OAuth2FlowTests.closedPort())"
        let cli = try keyed(allowedHosts: [closed])
        _ = try cli.run("connect", "keyed_one", "--key-stdin", input: "k\na\nf\n")
        let serverError = try cli.run("invoke", "keyed_one", "\(base)/status/500", "-i")
        #expect(serverError.status == 5)
        #expect(serverError.stdout.hasPrefix("HTTP 500\n") && serverError.stdout.contains("<h1>Internal Server Error</h1>"))
        #expect(serverError.stderr == "Error: HTTP 500 from 127.0.0.1\n", "an HTML page is not repeated on stderr")
        #expect(try cli.run("invoke", "keyed_one", "\(base)/status/404").status == 4)

        let silent = try cli.run("invoke", "keyed_one", "\(base)/silent", "--timeout", "1")
        #expect(silent.status == 28 && silent.stderr.contains("did not answer within 1 s"), "\(silent.stderr)")
        let refused = try cli.run("invoke", "keyed_one", closed + "/x")
        #expect(refused.status == 7 && refused.stderr.contains("connection refused"), "\(refused.stderr)")
        let placeholder = try cli.run("invoke", "keyed_one", "\(base)/{shop}/orders")
        #expect(placeholder.status == 1 && placeholder.stderr.contains("The URL needs {shop}, which connection keyed_one does not have"))
        let scheme = try cli.run("invoke", "keyed_one", "ftp://127.0.0.1/x")
        #expect(scheme.status == 1 && scheme.stderr.contains("is not a URL we can call"))
    }

    /// Only a scheme at the start makes a URL absolute; a URL in the query of a relative one is a value.
    @Test func aRelativeURLMayCarryAURLInItsQuery() throws {
        let cli = try keyed()
        _ = try cli.run("connect", "keyed_one", "--key-stdin", input: "k\na\nf\n")
        let echo = try echoed(try cli.run("invoke", "keyed_one", "/me?next=http://x/"))
        #expect(echo.path == "/v1/eu/me" && echo.query.first == ["next", "http://x/"], "\(echo.query)")
        let scheme = try cli.run("invoke", "keyed_one", "ftp://127.0.0.1/x?next=http://x/")
        #expect(scheme.status == 1 && scheme.stderr.contains("is not a URL we can call"))
    }

    @Test func basicCredentialsAreCheckedBeforeTheyAreStored() throws {
        let cli = CLI()
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(base)/basic\n")
        _ = try cli.ok("new", "plain", "--name", "Plain one")
        let wrong = try cli.run("connect", "plain_one", "--username", "alice", "--password-stdin", "--check", "/me", input: "wrong\n")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("answered HTTP 401: Wrong username or password. The credentials were not stored"), "\(wrong.stderr)")
        #expect(try cli.run("invoke", "plain_one", "/me").stderr.contains("is Not connected"))

        let right = try cli.run("connect", "plain_one", "--username", "alice", "--password-stdin", "--check", "/me", input: "wonderland\n")
        #expect(right.stdout == "Connected plain_one (checked with /me).\n", "\(right.stderr)")
        let echo = try echoed(try cli.run("invoke", "plain_one", "/me"))
        #expect(echo.headers["authorization"] == "Basic YWxpY2U6d29uZGVybGFuZA==")
        #expect(try cli.ok("token", "plain_one") == "YWxpY2U6d29uZGVybGFuZA==\n")
        let noTTY = try cli.run("connect", "plain_one", input: "")
        #expect(noTTY.stderr.contains("Username is needed: run in a terminal, or give it with --username"))
    }
}
