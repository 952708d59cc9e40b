import Foundation
import Testing
@testable import ConnectionsCore

/// A data directory in a bad state (key gone, database emptied or replaced) is reported with its file and left as
/// it is, never treated as a fresh store; YAML that expands to far more than it is, is not read.
@Suite struct StoreSafetyTests {
    /// A home with one connected API key connection, its secrets sealed under vault.key.
    func connectedHome() throws -> CLI {
        try CLI.withKeyedConnection(
            "name: Keyed\nlink_name: keyed\nauth: api_key\napi_base: http://127.0.0.1:9\napi_key:\n  - {key: X-Api-Key, label: API key}\n",
            service: "keyed", name: "Keyed one", keys: ["SECRET-KEY"])
    }

    func bytes(_ url: URL) -> Data { (try? Data(contentsOf: url)) ?? Data() }

    @Test func aMissingKeyIsNeverReplaced() throws {
        let cli = try connectedHome()
        let location = cli.home.location
        let key = bytes(location.keyFile)
        try FileManager.default.removeItem(at: location.keyFile)
        for command in [["list"], ["show", "keyed_one"], ["token", "keyed_one"], ["new", "keyed", "--name", "Another"]] {
            let result = try cli.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("vault.key is missing from \(location.directory.path)"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("set CONNECTIONS_KEY"))
        }
        #expect(!FileManager.default.fileExists(atPath: location.keyFile.path), "no new key was made")
        // Restored, everything is as it was.
        try key.write(to: location.keyFile)
        #expect(try cli.ok("token", "keyed_one") == "SECRET-KEY\n")
        // The same key given in the environment opens it too.
        try FileManager.default.removeItem(at: location.keyFile)
        let viaEnvironment = try cli.run(["token", "keyed_one"], environment: ["CONNECTIONS_KEY": key.base64EncodedString()])
        #expect(viaEnvironment.stdout == "SECRET-KEY\n", "\(viaEnvironment.stderr)")
    }

    @Test func anEmptiedDatabaseIsNotAFreshStore() throws {
        let cli = try connectedHome()
        let database = cli.home.location.databaseFile
        _ = try cli.ok("list")
        try Data().write(to: database)
        let result = try cli.run("list")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot use the database \(database.path): it is empty (0 bytes)"), "\(result.stderr)")
        #expect(bytes(database).isEmpty, "left as it was")
    }

    @Test func aFileThatIsNoDatabaseIsNamed() throws {
        let cli = try connectedHome()
        let database = cli.home.location.databaseFile
        _ = try cli.ok("list")
        let garbage = Data(repeating: 0x41, count: 8192)
        try garbage.write(to: database)
        let result = try cli.run("list")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Cannot use the database \(database.path): it is not a Connections database"), "\(result.stderr)")
        #expect(bytes(database) == garbage)
    }

    /// `k0: *x … k2999: *x` over a 100 KB string: a 300 MB document in a 129 KB file.
    @Test func aliasExpansionIsCapped() throws {
        let cli = CLI()
        let big = String(repeating: "A", count: 40_000)
        var yaml = "name: Bomb\nlink_name: bomb\nauth: oauth2\napi_base: https://api.example.com\noauth2:\n  client_id: x\n"
        yaml += "  token_url: https://api.example.com/token\n  authorize_url: https://api.example.com/authorize\n"
        yaml += "  authorize_params:\n    a: &x \"\(big)\"\n"
        for index in 0..<3000 { yaml += "    k\(index): *x\n" }
        try FileManager.default.createDirectory(at: cli.home.url, withIntermediateDirectories: true)
        let file = cli.home.url.appendingPathComponent("bomb.yaml")
        try yaml.write(to: file, atomically: false, encoding: .utf8)
        let result = try cli.run("service", "import", file.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file.path):"), "names the file: \(result.stderr)")
        #expect(result.stderr.contains("expands to more than 4 MB of text"), "\(result.stderr)")
        #expect(try cli.run("service", "show", "bomb").status == 1, "nothing was stored")
    }

    @Test func nestedAliasesStopEarly() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(throws: ServiceFileError.self) { try YAMLMapping.root(yaml, file: "laughs.yaml") }
        do {
            _ = try YAMLMapping.root(yaml, file: "laughs.yaml")
        } catch {
            #expect(error.description.contains("laughs.yaml:") && error.description.contains("more than 200000 values"), "\(error)")
        }
    }

    @Test func aLongStringIsRefusedWithItsLine() {
        let yaml = "name: x\nnotes: \"\(String(repeating: "n", count: 70_000))\"\n"
        #expect(
            throws: ServiceFileError(file: "long.yaml", line: 2, key: "", message: "a text of 70000 bytes is longer than the 64 KB allowed")
        ) {
            try YAMLMapping.root(yaml, file: "long.yaml")
        }
    }
}

/// One rule for where things are read: with --home or CONNECTIONS_HOME, everything (database, key, config, user
/// themes) is in that directory; without, the data in XDG_DATA_HOME and the config and themes in XDG_CONFIG_HOME.
@Suite struct StoreLocationTests {
    @Test func aHomeHoldsEverything() {
        for location in [
            StoreLocation.resolve(home: "/h", environment: ["XDG_CONFIG_HOME": "/c"]),
            StoreLocation.resolve(home: nil, environment: ["CONNECTIONS_HOME": "/h", "XDG_CONFIG_HOME": "/c"]),
        ] {
            #expect(location.databaseFile.path == "/h/connections.sqlite")
            #expect(location.keyFile.path == "/h/vault.key")
            #expect(location.configFile.path == "/h/config.yaml")
            #expect(location.themesDirectory.path == "/h/themes")
        }
    }

    @Test func withoutAHomeTheXDGDirectories() {
        let location = StoreLocation.resolve(home: nil, environment: ["HOME": "/u", "XDG_DATA_HOME": "/d", "XDG_CONFIG_HOME": "/c"])
        #expect(location.databaseFile.path == "/d/connections/connections.sqlite")
        #expect(location.configFile.path == "/c/connections/config.yaml")
        #expect(location.themesDirectory.path == "/c/connections/themes")
        let defaults = StoreLocation.resolve(home: nil, environment: ["HOME": "/u", "XDG_CONFIG_HOME": "relative"])
        #expect(defaults.databaseFile.path == "/u/.local/share/connections/connections.sqlite")
        #expect(defaults.configFile.path == "/u/.config/connections/config.yaml")
    }
}
