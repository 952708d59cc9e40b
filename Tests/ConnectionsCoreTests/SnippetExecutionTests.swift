import Foundation
import Testing
@testable import ConnectionsCore

/// Runs the generated curl, Python and JavaScript against a local echo server and checks that every hostile value
/// arrives byte for byte, and that the credential came from `connections token`.
@Suite(.serialized) struct SnippetExecutionTests {
    static let hostile = "it's \"quoted\" $HOME `id` $(id) \\back\\ 100% a&b=c?d#e + ünïcödé 日本 🎉"
    static let hostileMultiline = hostile + "\nsecond line\twith tab\r\n\u{1}\u{7f}\u{2028}end"
    static let headerValue = "it's \"quoted\" $HOME `id` $(id) \\back\\ 100% a&b=c"

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    final class Fixture {
        let server: BackgroundServer
        let bin = TemporaryDirectory()
        let port: String

        init() throws {
            server = try BackgroundServer.echo()
            port = server.readyLine
            try FileManager.default.createDirectory(at: bin.url, withIntermediateDirectories: true)
            // Stands in for our own binary: what matters here is that the snippet asks it, with the right arguments.
            let stub = bin.url.appendingPathComponent("connections")
            try "#!/bin/sh\nshift 2\nprintf 'tok-%s\\n' \"$*\" | tr ' ' '_'\n".write(to: stub, atomically: false, encoding: .utf8)
            chmod(stub.path, 0o755)
        }

        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = bin.url.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            environment["HOME"] = "/nonexistent-home"
            return environment
        }
    }

    static func python() throws -> String { try TestServers.python() }

    typealias SetupError = TestServers.SetupError

    struct Echo: Decodable {
        let method: String
        let path: String
        let query: [[String]]
        let headers: [String: String]
        let body_base64: String
        let form: [[String]]?

        var body: String { String(decoding: Data(base64Encoded: body_base64) ?? Data(), as: UTF8.self) }
    }

    /// Runs the snippet and returns what the server saw.
    func run(_ language: SnippetLanguage, _ code: String, in fixture: Fixture) throws -> Echo {
        let result: ChildProcess.Result
        switch language {
        case .curl:
            result = try ChildProcess.run(
                "/bin/bash", ["-c", "curl() { command curl -sS \"$@\"; }\n" + code], environment: fixture.environment)
        case .python:
            result = try ChildProcess.run(try Self.python(), ["-c", code], environment: fixture.environment)
        case .javascript:
            guard let node = ChildProcess.find(["node", "nodejs"]) else { throw SetupError("node not found; .ci/run installs nodejs") }
            result = try ChildProcess.run(node, ["--input-type=module", "-e", code], environment: fixture.environment)
        case .deluge:
            throw SetupError("Deluge runs only inside Zoho")
        case .mcp:
            throw SetupError("an MCP client's configuration sends no request")
        }
        #expect(result.status == 0, "\(language): \(result.stderr)\n\(code)")
        let json = result.stdout.split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
        return try JSONDecoder().decode(Echo.self, from: Data(json.utf8))
    }

    static let executable: [SnippetLanguage] = [.curl, .python, .javascript]

    @Test(arguments: executable)
    func hostileFormParametersAndHeadersArriveIntact(_ language: SnippetLanguage) throws {
        let fixture = try Fixture()
        let request = APIRequest(
            url: "http://127.0.0.1:\(fixture.port)/api/items", method: "POST",
            parameters: [KeyValue(Self.hostile, Self.hostileMultiline), KeyValue("plain", "")],
            headers: [KeyValue("X-Hostile", Self.headerValue)])
        let echo = try run(
            language, Snippet.code(language, request: request, linkName: "acme_main", service: Fixtures.oauth2Service()), in: fixture)
        #expect(echo.method == "POST")
        #expect(echo.path == "/api/items")
        #expect(echo.form == [[Self.hostile, Self.hostileMultiline], ["plain", ""]])
        #expect(echo.headers["x-hostile"] == Self.headerValue)
        #expect(echo.headers["authorization"] == "Bearer tok-")
    }

    @Test(arguments: executable)
    func hostileQueryAndRawBodyArriveIntact(_ language: SnippetLanguage) throws {
        let fixture = try Fixture()
        let request = APIRequest(
            url: "/v1/{id}", method: "PATCH", parameters: [KeyValue(Self.hostile, Self.hostileMultiline)],
            headers: [KeyValue("Content-Type", "text/plain; charset=utf-8")], text: Self.hostileMultiline)
        let service = Service(name: "Local", linkName: "local", auth: .basic, apiBase: "http://127.0.0.1:\(fixture.port)/base")
        let code = Snippet.code(language, request: request, linkName: "local_one", service: service, values: ["id": "42"])
        let echo = try run(language, code, in: fixture)
        #expect(echo.method == "PATCH")
        #expect(echo.path == "/base/v1/42")
        #expect(echo.query == [[Self.hostile, Self.hostileMultiline]])
        #expect(echo.body == Self.hostileMultiline)
        #expect(echo.headers["authorization"] == "Basic tok-")
    }

    /// A path with a space, a backslash and non-ASCII arrives as the same bytes from every language and `invoke`.
    static let awkwardPath = "/plain path/ü\\x|y"
    static let awkwardPathOnTheWire = "/base/plain%20path/%C3%BC%5Cx%7Cy"

    @Test(arguments: executable)
    func awkwardPathsArriveAsInvokeSendsThem(_ language: SnippetLanguage) throws {
        let fixture = try Fixture()
        let service = Service(name: "Local", linkName: "local", auth: .basic, apiBase: "http://127.0.0.1:\(fixture.port)/base")
        let code = Snippet.code(language, request: APIRequest(url: Self.awkwardPath), linkName: "local_one", service: service)
        #expect(try run(language, code, in: fixture).path == Self.awkwardPathOnTheWire)
    }

    @Test(arguments: executable)
    func everyCredentialPlacementAsksConnectionsForItsValue(_ language: SnippetLanguage) throws {
        let fixture = try Fixture()
        let service = Service(
            name: "Keys", linkName: "keys",
            auth: .apiKey([
                APIKeyField(key: "X-Api-Key", label: "Key", placement: .header, prefix: "Token "),
                APIKeyField(key: "account id", label: "Account", placement: .query),
                APIKeyField(key: "signature", label: "Sig", placement: .form),
            ]),
            apiBase: "http://127.0.0.1:\(fixture.port)")
        let request = APIRequest(url: "/things", method: "POST", parameters: [KeyValue("name", "x")])
        let echo = try run(language, Snippet.code(language, request: request, linkName: "keys_main", service: service), in: fixture)
        #expect(echo.headers["x-api-key"] == "Token tok---key_X-Api-Key")
        #expect(echo.query == [["account id", "tok---key_account_id"]])
        #expect(echo.form == [["name", "x"], ["signature", "tok---key_signature"]])
    }

    @Test func delugeStringLiteralsRoundTrip() {
        let request = APIRequest(url: "https://x.test/a", method: "POST", parameters: [KeyValue(Self.hostile, Self.hostileMultiline)])
        let code = Snippet.code(.deluge, request: request, linkName: "x_main", service: Fixtures.oauth2Service())
        let line = code.split(separator: "\n").first { $0.hasPrefix("params.put(") }.map(String.init) ?? ""
        #expect(!line.contains("\n"))
        #expect(Self.delugeLiterals(in: line) == [Self.hostile, Self.hostileMultiline])
    }

    /// Reads the double-quoted literals of a Deluge line, undoing the escapes Deluge defines.
    static func delugeLiterals(in line: String) -> [String] {
        var literals: [String] = []
        var scalars = Array(line.unicodeScalars)[...]
        while let open = scalars.firstIndex(of: "\"") {
            var literal = ""
            var index = open + 1
            while index < scalars.endIndex, scalars[index] != "\"" {
                if scalars[index] == "\\" {
                    index += 1
                    switch scalars[index] {
                    case "n": literal += "\n"
                    case "r": literal += "\r"
                    case "t": literal += "\t"
                    case "u":
                        let hex = String(String.UnicodeScalarView(scalars[(index + 1)...(index + 4)]))
                        literal.unicodeScalars.append(Unicode.Scalar(UInt32(hex, radix: 16)!)!)
                        index += 4
                    default: literal.unicodeScalars.append(scalars[index])
                    }
                } else {
                    literal.unicodeScalars.append(scalars[index])
                }
                index += 1
            }
            literals.append(literal)
            scalars = scalars[(index + 1)...]
        }
        return literals
    }
}
