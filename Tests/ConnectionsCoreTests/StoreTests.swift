import Foundation
import GRDB
import Testing
@testable import ConnectionsCore

@Suite struct StoreTests {
    static let secrets = [
        "access-token-7f3a9c", "refresh-token-b81e02", "oauth1-token-secret-55d1", "client-secret-c0ffee",
        "api-key-value-9911", "basic-password-4242", "connection-client-secret-77aa",
    ]

    private func connectedConnection() -> Connection {
        Connection(
            name: "Acme main", linkName: "acme_main", serviceLinkName: "acme", clientID: "own-client",
            clientSecret: Secret(Self.secrets[6]), scopes: ["read"], parameters: [KeyValue("shop", "acme")],
            storedStatus: .connected,
            tokens: TokenSet(
                accessToken: Secret(Self.secrets[0]), refreshToken: Secret(Self.secrets[1]), tokenSecret: Secret(Self.secrets[2]),
                expiresAt: Date(timeIntervalSince1970: 2_000_000_000), grantedScopes: ["read", "extra"],
                extra: ["instance_url": "https://na1.example.test"]),
            credentials: ["X-Api-Key": Secret(Self.secrets[4]), "password": Secret(Self.secrets[5])],
            createdAt: Date(timeIntervalSince1970: 1_700_000_000), updatedAt: Date(timeIntervalSince1970: 1_700_000_100))
    }

    @Test func connectionsRoundTripWithEveryField() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        let connection = connectedConnection()
        try store.insertConnection(connection)
        #expect(try store.connection("acme_main") == connection)
        #expect(try store.connectionSummaries() == [connection.summary])
        var changed = connection
        changed.name = "Renamed"
        changed.tokens = nil
        changed.storedStatus = .needsReconnect(reason: "invalid_grant: revoked")
        try store.updateConnection(changed)
        #expect(try store.connection("acme_main") == changed)
        #expect(throws: StoreError.duplicate(kind: "connection", linkName: "acme_main")) { try store.insertConnection(connection) }
        try store.deleteConnection("acme_main")
        #expect(try store.connection("acme_main") == nil)
        #expect(throws: StoreError.notFound(kind: "connection", linkName: "acme_main")) { try store.deleteConnection("acme_main") }
    }

    /// Writes known secrets, then reads every byte of the database, its WAL and shm, and looks for them.
    @Test func noSecretReachesTheDiskInPlaintext() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(connectedConnection())
        try store.saveService(Fixtures.oauth2Service(secret: Self.secrets[3]), replace: false)
        var service = Fixtures.oauth1Service()
        service.linkName = "one"
        try store.saveService(service, replace: false)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.url.path)
        #expect(files.contains("connections.sqlite-wal"), "the WAL is open while the store is")
        for file in files {
            let bytes = try Data(contentsOf: home.url.appendingPathComponent(file))
            for secret in Self.secrets + ["consumer-secret-value"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(file)")
            }
        }
        #expect(try store.customService("acme")?.auth.oauth2?.clientSecret?.exposedValue == Self.secrets[3])
    }

    @Test func filesArePrivate() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(connectedConnection())
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(home.url.path) == 0o700)
        for file in try FileManager.default.contentsOfDirectory(atPath: home.url.path) {
            #expect(try mode(home.url.appendingPathComponent(file).path) == 0o600, "\(file)")
        }
    }

    @Test func aWrongKeyIsNamedNotMistakenForDamage() throws {
        let home = TemporaryDirectory()
        try home.store().insertConnection(connectedConnection())
        let otherKey = String(repeating: "ab", count: 32)
        #expect(throws: StoreError.keyMismatch(path: "CONNECTIONS_KEY")) {
            try Store(location: home.location, environment: ["CONNECTIONS_KEY": otherKey])
        }
        #expect(throws: StoreError.badKeyVariable) { try Store(location: home.location, environment: ["CONNECTIONS_KEY": "short"]) }
        #expect(try home.store().connection("acme_main")?.tokens?.accessToken.exposedValue == Self.secrets[0])
    }

    @Test func aKeyFromTheEnvironmentWorksAcrossOpens() throws {
        let home = TemporaryDirectory()
        let environment = ["CONNECTIONS_KEY": Data(repeating: 7, count: 32).base64EncodedString()]
        try Store(location: home.location, environment: environment).insertConnection(connectedConnection())
        #expect(!FileManager.default.fileExists(atPath: home.location.keyFile.path))
        let reopened = try Store(location: home.location, environment: environment)
        #expect(try reopened.connection("acme_main") == connectedConnection())
    }

    @Test func secretsMovedToAnotherRowDoNotDecrypt() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(connectedConnection())
        var other = connectedConnection()
        other = Connection(name: "Other", linkName: "other", serviceLinkName: "acme")
        try store.insertConnection(other)
        try store.database.write { db in
            try db.execute(sql: "UPDATE connections SET secrets = (SELECT secrets FROM connections WHERE link_name = 'acme_main') WHERE link_name = 'other'")
        }
        #expect(throws: StoreError.undecryptable(what: "connection other")) { try store.connection("other") }
    }

    @Test func listsComeByNameAnyCaseAndTheFirstScreenfulAlone() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        let names = ["beta", "Alpha", "gamma", "alpha", "Delta"]
        try store.insertConnections(names.enumerated().map { Connection(name: $1, linkName: "c\($0)", serviceLinkName: "acme") })
        #expect(try store.connectionSummaries().map(\.name) == ["Alpha", "alpha", "beta", "Delta", "gamma"])
        #expect(try store.connectionSummaries(limit: 2).map(\.linkName) == ["c1", "c3"])
        #expect(try store.connectionCount() == 5)
        // The index is what makes the first screenful cheap: SQLite reads through it instead of sorting every row.
        let plan = try store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT \(Store.summaryColumns) FROM connections ORDER BY name COLLATE NOCASE, link_name LIMIT 2")
                .map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
        }
        #expect(plan.contains("connections_by_name") && !plan.contains("TEMP B-TREE"), "\(plan)")
        #expect(try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // FULL: a commit (a rotated refresh token) is on disk before the write returns, power cut or not.
        #expect(try store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func manyWritersAtOnceLoseNothing() async throws {
        let home = TemporaryDirectory()
        let location = home.location
        _ = try home.store()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let store = try Store(location: location, environment: [:])
                    for index in 0..<25 {
                        try store.insertConnection(Connection(name: "c", linkName: "c_\(writer)_\(index)", serviceLinkName: "acme"))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try home.store().connectionSummaries().count == 200)
    }

    @Test func servicesInUseCannotBeDeleted() throws {
        let home = TemporaryDirectory()
        let workspace = try home.workspace()
        try workspace.saveService(Fixtures.oauth2Service(), replace: false)
        _ = try workspace.createConnection(ConnectionDraft(serviceLinkName: "acme", name: "Acme main"))
        #expect(throws: StoreError.serviceInUse(linkName: "acme", connections: ["acme_main"])) { try workspace.deleteService("acme") }
        #expect(throws: StoreError.catalogService(linkName: "google")) { try workspace.deleteService("google") }
        try workspace.deleteConnection("acme_main")
        try workspace.deleteService("acme")
        #expect(throws: StoreError.notFound(kind: "service", linkName: "acme")) { try workspace.service("acme") }
    }

    @Test func effectiveStatusAccountsForExpiry() {
        var connection = connectedConnection()
        let expiry = connection.tokens!.expiresAt!
        #expect(connection.status(at: expiry.addingTimeInterval(-1)) == .connected)
        #expect(connection.status(at: expiry) == .expired)
        connection.tokens?.refreshToken = nil
        #expect(connection.status(at: expiry).code == "needs_reconnect")
    }
}
