import Foundation
import Testing
@testable import ConnectionsCore

/// Provider text reaches a terminal only through `TerminalText`: no escape sequence (OSC 52 clipboard writes,
/// screen clears, C1 controls such as U+009B) gets through, and tokens that are not printable ASCII are refused
/// where they arrive.
@Suite struct TerminalTextTests {
    /// Every ASCII byte at every place of a text longer than two words, and text beyond ASCII: printable ASCII is
    /// U+0020 to U+007E, whichever path the check takes.
    @Test func printableASCIIIsSpaceToTilde() {
        for byte in UInt8(0)...0x7F {
            for place in 0..<19 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 19)
                bytes[place] = byte
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(TerminalText.isPrintableASCII(text) == (byte >= 0x20 && byte < 0x7F), "byte \(byte) at \(place)")
            }
        }
        #expect(TerminalText.isPrintableASCII("plain text, long enough for three words ~"))
        #expect(!TerminalText.isPrintableASCII("caf\u{E9} au lait, long enough"))
        #expect(TerminalText.isPrintableASCII(""))
    }

    static let unsafe: [Character] = ["\u{1B}", "\u{07}", "\u{9B}", "\r"]

    func isClean(_ text: String) -> Bool {
        !text.contains(where: { character in character.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" } })
    }

    @Test func theOneFunctionDropsEveryControl() {
        let hostile = "read \u{1B}]52;c;cHduZWQ=\u{07} \u{1B}[2Jwrite \u{9B}31m \u{202E}evil"
        #expect(isClean(TerminalText.safe(hostile)))
        #expect(TerminalText.safe(hostile).contains("read ]52;c;cHduZWQ= [2Jwrite 31m evil"))
        #expect(TerminalText.safeLine("\tindented \u{9B}x") == "    indented ?x")
        #expect(TerminalText.safeLines("a\u{1B}b\r\nc") == "a?b\nc")
        #expect(TerminalText.safe("emoji 👩‍💻 and 日本") == "emoji 👩‍💻 and 日本", "joiners and wide text pass")
    }

    func hostileService(_ name: String) throws -> CLI {
        let server = try OAuth2TestServer.shared.get()
        let cli = CLI()
        try cli.importService(
            server.serviceYAML(link: "test", clientID: "machine-app", secret: "machine-secret", grant: "client_credentials")
                .replacingOccurrences(of: "\(server.base)/o/token/", with: "\(server.base)/hostile/\(name)/token"))
        _ = try cli.ok("new", "test", "--name", "Test one")
        return cli
    }

    @Test func grantedScopesWithEscapesPrintClean() throws {
        let cli = try hostileService("scope-escapes")
        let connect = try cli.run("connect", "test_one")
        #expect(connect.status == 0, "\(connect.stderr)")
        #expect(connect.stdout.contains("Granted scopes differ"), "\(connect.stdout)")
        for output in [connect.stdout, connect.stderr, try cli.ok("show", "test_one"), try cli.ok("list")] {
            #expect(isClean(output), "\(output.debugDescription)")
        }
        #expect(try cli.ok("show", "test_one").contains("]52;c;cHduZWQ="), "the text is shown, only its controls are not")
        let json = try cli.ok("show", "test_one", "--json")
        #expect(isClean(json), "\(json.debugDescription)")
        let scopes = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["granted_scopes"] as? [String]
        #expect(scopes?.contains("\u{9B}31m") == true, "JSON keeps the value exactly, escaped: \(scopes ?? [])")
    }

    @Test(arguments: ["token-crlf", "token-escape"])
    func tokensThatAreNotPrintableASCIIAreRefused(name: String) throws {
        let cli = try hostileService(name)
        let connect = try cli.run("connect", "test_one")
        #expect(connect.status == 1)
        #expect(connect.stderr.contains("access_token holds characters a token may not contain"), "\(connect.stderr)")
        #expect(isClean(connect.stderr))
        #expect(try cli.home.store().connection("test_one")?.tokens == nil, "nothing was stored")
    }

    /// Pretty JSON on a terminal (a real pty from `script`): the U+009B inside a JSON string is not passed raw.
    @Test func prettyJSONOnATerminalIsClean() throws {
        let base = "http://127.0.0.1:" + (try InvokeTests.echo.get().readyLine)
        let cli = CLI()
        try cli.importService("name: Plain\nlink_name: plain\nauth: basic\napi_base: \(base)\n")
        _ = try cli.ok("new", "plain", "--name", "Plain one")
        _ = try cli.ok("connect", "plain_one", "--username", "alice", "--password-stdin", input: "wonderland\n")
        let command = "\(CLI.binary) invoke plain_one /hostile-json"
        let onTerminal = try ChildProcess.run("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], environment: cli.environment)
        #expect(onTerminal.status == 0, "\(onTerminal.stderr)")
        #expect(onTerminal.stdout.contains("\"text\""), "\(onTerminal.stdout)")
        #expect(
            !onTerminal.stdout.unicodeScalars.contains { $0 == "\u{9B}" || $0 == "\u{1B}" || $0 == "\u{07}" },
            "\(onTerminal.stdout.debugDescription)")
        let piped = try cli.run("invoke", "plain_one", "/hostile-json")
        #expect(piped.stdout.contains("\\u009b"), "not on a terminal, the bytes are untouched")
    }

    /// A name is one line: a new one with a line break is refused, and one stored before (or by another program) shows
    /// its line breaks as ␤ in `list`, `show` and `services`, never as a row of its own.
    @Test func aLineBreakInANameForgesNoRow() throws {
        let cli = CLI()
        try cli.importService(
            "name: Keyed\nlink_name: keyed\nauth: api_key\napi_base: https://e.test\napi_key:\n  - {key: X-Api-Key, label: API key}\n")
        for name in ["\nFAKE  fake  keyed  Connected", "Mine\n", "Mine\u{2028}FAKE", "Mine\u{85}FAKE"] {
            let refused = try cli.run("new", "keyed", "--name", name, "--link", "mine")
            #expect(refused.status == 1, "\(name.debugDescription) was accepted")
            #expect(refused.stderr.contains("Connection name cannot contain line breaks or control characters"), "\(refused.stderr)")
        }
        _ = try cli.ok("new", "keyed", "--name", "Mine")
        let edit = try cli.run("edit", "mine", "--name", "Mine\r\nFAKE")
        #expect(edit.status == 1 && edit.stderr.contains("cannot contain line breaks"), "\(edit.stderr)")
        let store = try cli.home.store()
        var service = try #require(try store.customService("keyed"))
        service.name = "Keyed\nFAKE service"
        service.linkName = "keyed_two"
        try store.saveService(service, replace: false)
        try store.insertConnection(
            Connection(
                name: "Evil\r\nFAKE  fake  keyed  Connected", linkName: "evil", serviceLinkName: "keyed_two",
                parameters: [KeyValue("shop", "acme\nFAKE parameter")]))
        let outputs = [try cli.ok("list"), try cli.ok("show", "evil"), try cli.ok("services", "--auth", "api_key")]
        for output in outputs {
            let lines = output.split(whereSeparator: \.isNewline)
            #expect(!lines.contains { $0.hasPrefix("FAKE") }, "\(output)")
        }
        #expect(outputs[0].contains("Evil␤FAKE  fake  keyed  Connected"), "\(outputs[0])")
        #expect(outputs[1].contains("Keyed␤FAKE service (keyed_two)") && outputs[1].contains("acme␤FAKE parameter"), "\(outputs[1])")
        #expect(outputs[2].contains("Keyed␤FAKE service"), "\(outputs[2])")
    }

    @Test func typedCredentialsWithControlCharactersAreRefused() throws {
        let cli = CLI()
        try cli.importService(
            "name: Keyed\nlink_name: keyed\nauth: api_key\napi_base: https://e.test\napi_key:\n  - {key: X-Api-Key, label: API key}\n")
        _ = try cli.ok("new", "keyed", "--name", "Keyed one")
        let refused = try cli.run("connect", "keyed_one", "--key-stdin", input: "key\u{1B}[2Jx\n")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("API key holds a line break or another control character"), "\(refused.stderr)")
        #expect(try cli.home.store().connection("keyed_one")?.credentials.isEmpty == true)
    }
}
