import Foundation
import GRDB
import Testing
@testable import ConnectionsCore

@Suite struct StoreTests {
    @Test func noSecretReachesTheDiskInPlaintext() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(Fixtures.connectedConnection())
        try store.saveService(Fixtures.oauth2Service(secret: Fixtures.storedSecrets[3]), replace: false)
        var service = Fixtures.oauth1Service()
        service.linkName = "one"
        try store.saveService(service, replace: false)
        let files = try FileManager.default.contentsOfDirectory(atPath: home.url.path)
        #expect(files.contains("connections.sqlite-wal"), "the WAL is open while the store is")
        for file in files {
            let bytes = try Data(contentsOf: home.url.appendingPathComponent(file))
            for secret in Fixtures.storedSecrets + ["consumer-secret-value"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in \(file)")
            }
        }
        #expect(try store.customService("acme")?.auth.oauth2?.clientSecret?.exposedValue == Fixtures.storedSecrets[3])
    }

    @Test func filesArePrivate() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(Fixtures.connectedConnection())
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
        try home.store().insertConnection(Fixtures.connectedConnection())
        let otherKey = String(repeating: "ab", count: 32)
        #expect(throws: StoreError.keyMismatch(path: "CONNECTIONS_KEY")) {
            try SQLiteStore(location: home.location, environment: ["CONNECTIONS_KEY": otherKey])
        }
        #expect(throws: StoreError.badKeyVariable) { try SQLiteStore(location: home.location, environment: ["CONNECTIONS_KEY": "short"]) }
        #expect(try home.store().connection("acme_main")?.tokens?.accessToken.exposedValue == Fixtures.storedSecrets[0])
    }

    @Test func aKeyFromTheEnvironmentWorksAcrossOpens() throws {
        let home = TemporaryDirectory()
        let environment = ["CONNECTIONS_KEY": Data(repeating: 7, count: 32).base64EncodedString()]
        try SQLiteStore(location: home.location, environment: environment).insertConnection(Fixtures.connectedConnection())
        #expect(!FileManager.default.fileExists(atPath: home.location.keyFile.path))
        let reopened = try SQLiteStore(location: home.location, environment: environment)
        #expect(try reopened.connection("acme_main") == Fixtures.connectedConnection())
    }

    @Test func secretsMovedToAnotherRowDoNotDecrypt() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnection(Fixtures.connectedConnection())
        var other = Fixtures.connectedConnection()
        other = Connection(name: "Other", linkName: "other", serviceLinkName: "acme")
        try store.insertConnection(other)
        try store.database.write { db in
            try db.execute(
                sql:
                    "UPDATE connections SET secrets = (SELECT secrets FROM connections WHERE link_name = 'acme_main') WHERE link_name = "
                    + "'other'"
            )
        }
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "other")) { try store.connection("other") }
    }

    @Test func theFirstScreenfulReadsThroughTheIndex() throws {
        let home = TemporaryDirectory()
        let store = try home.store()
        try store.insertConnections((0..<5).map { Connection(name: "n\($0)", linkName: "c\($0)", serviceLinkName: "acme") })
        // The index is what makes the first screenful cheap: SQLite reads through it instead of sorting every row.
        let plan = try store.database.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT \(ConnectionRow.selection) FROM connections \(SQLiteStore.byName) LIMIT 2"
            )
            .map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
        }
        #expect(plan.contains("connections_by_name") && !plan.contains("TEMP B-TREE"), "\(plan)")
        #expect(try store.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // FULL: a commit (a rotated refresh token) is on disk before the write returns, power cut or not.
        #expect(try store.database.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    @Test func effectiveStatusAccountsForExpiry() {
        var connection = Fixtures.connectedConnection()
        let expiry = connection.tokens!.expiresAt!
        #expect(connection.status(at: expiry.addingTimeInterval(-1)) == .connected)
        #expect(connection.status(at: expiry) == .expired)
        connection.tokens?.refreshToken = nil
        #expect(connection.status(at: expiry).code == "needs_reconnect")
    }
}
