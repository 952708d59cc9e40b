import ConnectionsCore
import Foundation
import Testing

/// The terminal UI on a team store: what another machine does shows up on its own, the server going down is said
/// in the status bar, and the screen carries on when the server is back.
@Suite(.serialized) struct TeamStoreScreenTests {
    /// Another machine: the built binary with a home of its own on the same team store.
    struct OtherMachine {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("connections-other-" + UUID().uuidString)
        let team: [String: String]

        func run(_ arguments: String...) throws {
            var environment = ProcessInfo.processInfo.environment.merging(team) { $1 }
            environment["CONNECTIONS_HOME"] = home.path
            let result = try ChildProcess.run(EndToEndTests.Session.binary, arguments, environment: environment)
            #expect(result.status == 0, "connections \(arguments.joined(separator: " ")): \(result.stderr)")
        }

        func importService() throws {
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
            let file = home.appendingPathComponent("keyed.yaml")
            try """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: http://127.0.0.1:9/v1
            api_key:
              - {key: X-Api-Key, label: API key, placement: header}
            """.write(to: file, atomically: false, encoding: .utf8)
            try run("service", "import", file.path)
        }
    }

    @Test func anotherMachinesChangesShowAndARestartIsRidden() throws {
        let server = try PostgresTestServer()
        let team = ["CONNECTIONS_STORE": try server.freshDatabase(), "CONNECTIONS_KEY": PostgresTestServer.teamKey]
        let other = OtherMachine(team: team)
        defer { try? FileManager.default.removeItem(at: other.home) }
        try other.importService()
        let session = try EndToEndTests.Session(environment: team)
        session.waitFor("No connections yet")

        try other.run("new", "keyed", "--name", "Made elsewhere")
        session.waitFor("made_elsewhere")
        try session.keys("Enter", waitFor: "Created by")
        try other.run("edit", "made_elsewhere", "--name", "Renamed elsewhere")
        session.waitFor("Renamed elsewhere")
        try session.keys("Escape")

        server.stop()
        session.waitFor("Cannot reach the team store")
        server.start()
        try other.run("new", "keyed", "--name", "After the restart")
        session.waitFor("after_the_restart")
        #expect(session.screen.contains("Renamed elsewhere"))
    }

    /// With the tick at 10 minutes only the store's announcement can bring another machine's write to the screen, and
    /// it does at once.
    @Test func anotherMachinesWriteWakesTheScreenWithoutTheTick() throws {
        let server = try PostgresTestServer.shared.get()
        let team = ["CONNECTIONS_STORE": try server.freshDatabase(), "CONNECTIONS_KEY": PostgresTestServer.teamKey]
        let other = OtherMachine(team: team)
        defer { try? FileManager.default.removeItem(at: other.home) }
        try other.importService()
        let session = try EndToEndTests.Session(environment: team.merging(["CONNECTIONS_TUI_TICK_MS": "600000"]) { $1 })
        session.waitFor("No connections yet")

        // Within 5 s, against a tick of 10 minutes: the announcement woke it.
        try other.run("new", "keyed", "--name", "Made elsewhere")
        session.waitFor("made_elsewhere", within: 5) { $0.contains("made_elsewhere") }
        try other.run("edit", "made_elsewhere", "--name", "Renamed elsewhere")
        session.waitFor("Renamed elsewhere", within: 5) { $0.contains("Renamed elsewhere") }
    }
}
