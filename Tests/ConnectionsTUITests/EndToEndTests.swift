import ConnectionsCore
import Foundation
import Testing

/// The built binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane` reads the screen,
/// and tmux's paste buffer receives what the app copies through OSC 52.
@Suite(.serialized) struct EndToEndTests {
    final class Session {
        let socket = "connections-e2e-\(UUID().uuidString.prefix(8))"
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("connections-e2e-" + UUID().uuidString)

        static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/connections").path

        /// `prepare` gets the home before the app starts in it; `command` follows the binary's path (a CLI command, a pipe).
        init(
            width: Int = 120, height: Int = 40, environment: [String: String] = [:], command arguments: String = "",
            prepare: (URL) throws -> Void = { _ in }
        ) throws {
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            try prepare(home)
            let settings = environment.sorted { $0.key < $1.key }.map { "'\($0.key)=\($0.value)'" }.joined(separator: " ")
            let command =
                "env CONNECTIONS_HOME=\(home.path) TERM=xterm-256color \(settings) \(Self.binary) \(arguments); echo connections-exited-$?"
            try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "app", "-x", "\(width)", "-y", "\(height)", command])
            try tmux(["set-option", "-g", "set-clipboard", "on"])
            try tmux(["set-option", "-t", "app", "remain-on-exit", "on"])
        }

        /// Ends the tmux server and everything it runs, whatever state the app is in (a test that failed may have
        /// left it waiting): nothing of a test outlives it.
        deinit {
            let pids =
                ((try? tmux(["list-panes", "-a", "-F", "#{pane_pid}"])) ?? "") + ((try? tmux(["display-message", "-p", "#{pid}"])) ?? "")
            _ = try? tmux(["kill-server"])
            for pid in pids.split(whereSeparator: \.isNewline).compactMap({ pid_t($0) }) where pid > 1 {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
            }
            try? FileManager.default.removeItem(at: home)
        }

        /// Runs a tmux client with posix_spawn and waitpid: its output goes through a file, because the server
        /// it may start would hold a pipe open, and Foundation's Process can miss the exit of such a client.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let file = home.appendingPathComponent("tmux-output-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: file) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            // The tmux server outlives this call: it must not keep sockets of other tests (a loopback listener) open.
            ChildLauncher.closeInheritedDescriptors(&actions)
            let argv = (["/usr/bin/tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, environ) == 0 else {
                throw CocoaError(.executableLoad)
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }

        /// A new session with an empty store, on the Custom Service tab.
        static func onCustomService() throws -> Session {
            let session = try Session()
            session.waitFor("No connections yet")
            try session.keys("]", "]", waitFor: "New custom service")
            return session
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "app"] + keys) }
        func type(_ text: String) throws { try tmux(["send-keys", "-t", "app", "-l", text]) }

        /// Sends `keys`, then waits until the screen shows `shown`.
        func keys(_ keys: String..., waitFor shown: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try tmux(["send-keys", "-t", "app"] + keys)
            waitFor(shown, sourceLocation: sourceLocation)
        }

        /// Types `text`, then waits until the screen shows `shown`.
        func type(_ text: String, waitFor shown: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try type(text)
            waitFor(shown, sourceLocation: sourceLocation)
        }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", "app"])) ?? "" }

        /// Waits until the screen shows `text` (the app redraws within 100 ms of any change); fails after 15 s.
        func waitFor(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            waitFor(text, sourceLocation: sourceLocation) { $0.contains(text) }
        }

        /// Waits until some line of the screen satisfies `matches`; fails after `seconds`.
        func waitFor(
            _ what: String, within seconds: Double = 15, sourceLocation: SourceLocation = #_sourceLocation, line matches: (String) -> Bool
        ) {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen.split(separator: "\n").contains(where: { matches(String($0)) }) { return }
                usleep(20_000)
            }
            Issue.record("the screen never showed '\(what)':\n\(screen)", sourceLocation: sourceLocation)
        }
    }

    /// `connections services` fits an 80-column terminal, the widest columns cut with "…"; piped, rows stay whole.
    @Test func cliTablesFitTheTerminalAndStayWholeWhenPiped() throws {
        func rows(_ command: String) throws -> [String] {
            let session = try Session(width: 80, height: 40, command: command)
            session.waitFor("connections-exited-0")
            // -J joins rows the terminal wrapped: a line wider than the terminal shows whole.
            return try session.tmux(["capture-pane", "-p", "-J", "-t", "app"]).split(separator: "\n").map(String.init)
        }
        let onTerminal = try rows("services --category crm")
        #expect(onTerminal.contains { $0.hasPrefix("NAME") } && onTerminal.contains { $0.contains("HubSpot") }, "\(onTerminal)")
        #expect(onTerminal.allSatisfy { DisplayWidth.of($0) <= 80 }, "\(onTerminal.joined(separator: "\n"))")
        #expect(onTerminal.contains { $0.contains("…") })
        let piped = try rows("services --category crm | cat")
        #expect(piped.contains { DisplayWidth.of($0) > 80 } && !piped.contains { $0.contains("…") }, "\(piped.joined(separator: "\n"))")
    }

    /// In the real terminal at 80x24: a long message has rows of its own above the status bar, which keeps its hints;
    /// the next key takes the message away.
    @Test func aMessageHasItsOwnRowsAndGoesWithTheNextKey() throws {
        let session = try Session(width: 80, height: 24)
        session.waitFor("No connections yet")
        try session.keys("]", "]", waitFor: "New custom service")
        try session.type("Acme")
        try session.keys("C-s", waitFor: "field(s) need attention")
        let rows = session.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(rows.firstIndex { $0.contains("field(s) need attention") })
        #expect(rows[first].hasPrefix(" ") && !rows[first].dropFirst().hasPrefix(" "), "the message starts its row: \(rows[first])")
        #expect(rows.last { !$0.isEmpty }?.contains("ctrl+s save") == true, "the status bar keeps its hints:\n\(session.screen)")
        try session.keys("C-p", waitFor: "services · / to filter")
        #expect(!session.screen.contains("need attention"), "\(session.screen)")
    }

    @Test func customServiceToConnectionToCopiedSnippet() throws {
        // Custom Service: an API key service typed into the form.
        let session = try Session.onCustomService()
        try session.type("Local API")
        try session.keys("Tab", "Tab")
        try session.keys("Right", "Right", waitFor: "Key 1: parameter")
        try session.keys("Tab")
        try session.type("http://127.0.0.1:9/api")
        // Past parameters, headers and other hosts for credentials.
        for _ in 0..<4 { try session.keys("Tab") }
        try session.type("X-Api-Key")
        try session.keys("Tab")
        try session.type("API key")
        try session.keys("C-s", waitFor: "Saved service Local API (local_api).")

        // Pick Your Service: filter, open, name the connection, create it.
        try session.keys("C-n", "C-n", waitFor: "Pick Your Service")
        try session.keys("/")
        try session.type("local")
        try session.keys("Enter", "Enter", waitFor: "New connection to Local API")
        try session.type("Local one", waitFor: "local_one")
        // Create and Connect: an API key service asks for its key, masked.
        try session.keys("C-s", waitFor: "API Key credentials (stored encrypted)")
        try session.type("k-123", waitFor: "•••••")
        try session.keys("C-s", waitFor: "Connected local_one")
        session.waitFor("connection: \"local_one\"")

        // The request builder: change the URL, resize mid-edit, nothing is lost.
        try session.keys("Tab")
        try session.type("/items")
        try session.tmux(["resize-window", "-t", "app", "-x", "80", "-y", "30"])
        session.waitFor("url: \"http://127.0.0.1:9/api/items\"")
        try session.tmux(["resize-window", "-t", "app", "-x", "50", "-y", "12"])
        session.waitFor("Make the terminal larger")
        try session.tmux(["resize-window", "-t", "app", "-x", "120", "-y", "40"])
        session.waitFor("url: \"http://127.0.0.1:9/api/items\"")
        try session.type("?limit=5")
        try session.keys("Escape")
        try session.keys("y", waitFor: "Copied the Deluge snippet")
        let copied = try session.tmux(["show-buffer"])
        #expect(copied.contains("url: \"http://127.0.0.1:9/api/items?limit=5\""))
        #expect(copied.contains("connection: \"local_one\""))

        // Back to the list: the connection is there, connected. Quit restores the terminal.
        try session.keys("Escape")
        session.waitFor("local_one, Connected, in the list") {
            $0.contains("local_one") && $0.contains("local_api") && $0.contains("Connected")
        }
        try session.keys("q", waitFor: "connections-exited-0")

    }

    @Test func helpOverlayAndMouse() throws {
        let session = try Session()
        session.waitFor("No connections yet")
        try session.keys("?", waitFor: "Help (↑↓ scroll, any other key closes)")
        try session.keys("x", waitFor: "/ to filter")
        // A click on the Pick Your Service tab (SGR mouse report: column 25, row 2).
        try session.tmux(["send-keys", "-t", "app", "-l", "\u{1B}[<0;25;2M\u{1B}[<0;25;2m"])
        session.waitFor("ASKS FOR")
    }

    /// Dates no honest row holds (1e300, infinity, 2^63 seconds), written behind the program's back: the list and
    /// a connection's page still draw.
    @Test func theWorstStoredDatesStillDraw() throws {
        let session = try Session { home in
            let store = try SQLiteStore(location: StoreLocation.resolve(home: home.path, environment: [:]), environment: [:])
            let workspace = Workspace(store: store)
            _ = try workspace.importService(
                yaml: """
                    name: Worst
                    link_name: worst
                    auth: oauth2
                    oauth2: {client_id: app, authorize_url: "https://example.com/a", token_url: "https://example.com/t"}
                    """, file: "worst.yaml", replace: false)
            for index in SQLiteStore.worstSeconds.indices {
                _ = try workspace.createConnection(
                    ConnectionDraft(serviceLinkName: "worst", name: "Worst \(index)", linkName: "worst_\(index)"))
                try store.saveAuthorization("worst_\(index)", tokens: TokenSet(accessToken: Secret("AT")), status: .connected)
            }
            try store.writeWorstDates()
        }
        session.waitFor("5 connections")
        session.waitFor("Worst 4")
        try session.keys("Enter", waitFor: "Token expires")
        try session.keys("Escape", "j", "j", "Enter", waitFor: "Token expires")
        try session.keys("q", waitFor: "connections-exited-0")
    }

    /// Home as tmux sends it to an xterm-256color program (\e[1~, which its terminfo does not list) moves the
    /// cursor; an unknown sequence is dropped; neither is Esc (which would have cleared the form) plus text.
    @Test func homeAndUnknownSequencesInAForm() throws {
        let session = try Session.onCustomService()
        try session.type("abc", waitFor: "abc")
        try session.type("\u{1B}[99~")
        try session.type("\u{1B}[1~")
        try session.type("X")
        session.waitFor("Service name Xabc") { $0.contains("Service name") && $0.contains("Xabc") }
        #expect(!session.screen.contains("[1~") && !session.screen.contains("[99~"), "\(session.screen)")
        try session.type("\u{1B}[4~")
        try session.type("Z", waitFor: "XabcZ")
        session.waitFor("link name follows: xabcz") { $0.contains("Link name") && $0.contains("xabcz") }
    }

    /// What another process does to the store (here `connections edit` and `delete`) shows in the open list.
    @Test func changesFromAnotherProcessShow() throws {
        var home: URL?
        let session = try Session { directory in
            home = directory
            let workspace = Workspace(
                store: try SQLiteStore(location: StoreLocation.resolve(home: directory.path, environment: [:]), environment: [:]))
            _ = try workspace.importService(
                yaml: "name: Plain\nlink_name: plain\nauth: basic\napi_base: https://e.test\n", file: "p.yaml", replace: false)
            for name in ["Alpha", "Beta"] { _ = try workspace.createConnection(ConnectionDraft(serviceLinkName: "plain", name: name)) }
        }
        session.waitFor("2 connections")
        let environment = ["CONNECTIONS_HOME": try #require(home).path]
        #expect(ChildLauncher.run(Session.binary, ["edit", "beta", "--name", "Beta renamed"], environment: environment, input: Data()))
        session.waitFor("Beta renamed")
        #expect(ChildLauncher.run(Session.binary, ["delete", "alpha"], environment: environment, input: Data()))
        session.waitFor("1 connection · / to filter")
        #expect(!session.screen.contains("Alpha"))
    }

    /// Inside tmux with its default `set-clipboard external`, OSC 52 from a program never arrives: the TUI asks
    /// tmux and says so instead of "Copied".
    @Test func copyingSaysWhatTmuxWillDo() throws {
        let session = try Session { directory in
            let workspace = Workspace(
                store: try SQLiteStore(location: StoreLocation.resolve(home: directory.path, environment: [:]), environment: [:]))
            _ = try workspace.importService(
                yaml: "name: Plain\nlink_name: plain\nauth: basic\napi_base: https://e.test\n", file: "p.yaml", replace: false)
            _ = try workspace.createConnection(ConnectionDraft(serviceLinkName: "plain", name: "Plain one"))
        }
        session.waitFor("1 connection")
        try session.keys("Enter", waitFor: "connection: \"plain_one\"")
        try session.tmux(["set-option", "-g", "set-clipboard", "external"])
        try session.keys("y", waitFor: "Not copied: tmux's set-clipboard is external")
        try session.tmux(["set-option", "-g", "set-clipboard", "on"])
        try session.keys("y", waitFor: "Copied the Deluge snippet through tmux")
        #expect(try session.tmux(["show-buffer"]).contains("connection: \"plain_one\""))
    }
}
