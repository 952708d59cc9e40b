import Crypto
import Foundation
import Testing
@testable import ConnectionsCore

/// Someone who can write the store's tables but has no key changes one column, inserts a row, or moves one: every
/// read refuses the row, in SQLite and in PostgreSQL alike. Driven by the one list of columns (`StoredColumn`).
@Suite struct RowAuthenticationTests {
    /// SQL that gives a column another value of its kind.
    static func changed(_ column: String, kind: StoredCell.Kind, in place: StorePlace) -> String {
        switch kind {
        case .text: "COALESCE(\(column), '') || 'x'"
        case .number: "COALESCE(\(column), 0) + 1"
        case .flag: place.flipped(column)
        case .bytes: place.bytes
        }
    }

    static let connectionColumns = ConnectionColumn.allCases.map { ($0.name, $0.kind) } + [(StoredColumnNames.authentication, .bytes)]
    static let serviceColumns = ServiceColumn.allCases.map { ($0.name, $0.kind) } + [(StoredColumnNames.authentication, .bytes)]

    @Test(arguments: StoreBackend.allCases)
    func aConnectionChangedInAnyColumnIsRefused(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let summarised = Set(ConnectionRow.summaryColumns.map(\.name))
        for (column, kind) in Self.connectionColumns {
            try store.insertConnection(Fixtures.connectedConnection())
            #expect(try store.connection("acme_main") != nil)
            let listed = try store.connectionSummaries()
            try place.execute(
                "UPDATE \(place.tables)connections SET \(column) = \(Self.changed(column, kind: kind, in: place)) "
                    + "WHERE link_name = 'acme_main'")
            let link = column == "link_name" ? "acme_mainx" : "acme_main"
            let refused = StoreError.changedOutside(kind: "connection", linkName: link)
            #expect(throws: refused, "\(column) changed") { try store.connection(link) }
            #expect(throws: refused, "\(column) changed") { try store.modifyConnection(link) { $0.name = "Edited" } }
            #expect(throws: refused, "\(column) changed") { try store.saveStatus(link, .connected) }
            // A list reads (and checks) only the summary's columns; the others are checked when the row is opened.
            if summarised.contains(column) {
                #expect(try store.connectionSummaries().map(\.storedStatus) == [.changedOutside], "\(column) changed")
            } else {
                #expect(try store.connectionSummaries() == listed, "\(column) changed")
            }
            try store.deleteConnection(link)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aServiceChangedInAnyColumnIsRefused(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        for (column, kind) in Self.serviceColumns {
            try store.saveService(Fixtures.oauth2Service(), replace: true)
            #expect(try store.customService("acme") != nil)
            try place.execute(
                "UPDATE \(place.tables)services SET \(column) = \(Self.changed(column, kind: kind, in: place)) WHERE link_name = 'acme'")
            let link = column == "link_name" ? "acmex" : "acme"
            let refused = StoreError.changedOutside(kind: "service", linkName: link)
            #expect(throws: refused, "\(column) changed") { try store.customService(link) }
            #expect(throws: refused, "\(column) changed") { try store.customServices() }
            try store.deleteService(link)
        }
    }

    /// A row inserted by hand, and a whole row copied under another link name (its secrets sealed for the first).
    @Test(arguments: StoreBackend.allCases)
    func insertedAndCopiedRowsAreRefused(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        try store.insertConnection(Fixtures.connectedConnection())
        let names = ConnectionColumn.allCases.map(\.name) + [StoredColumnNames.authentication]
        let columns = names.joined(separator: ", ")
        let copied = names.map { $0 == "link_name" ? "'copy'" : $0 }.joined(separator: ", ")
        try place.execute("INSERT INTO \(place.tables)connections (\(columns)) SELECT \(copied) FROM \(place.tables)connections")
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "copy")) { try store.connection("copy") }
        try place.execute(
            "INSERT INTO \(place.tables)connections (link_name, name, service_link_name, scopes, parameters, status, created_at, "
                + "updated_at) VALUES ('planted', 'Planted', 'acme', '', '[]', 'connected', 0, 0)")
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "planted")) { try store.connection("planted") }
        #expect(try store.connection("acme_main") == Fixtures.connectedConnection(), "the others are read as they were")
    }
}

extension RowAuthenticationTests {
    /// A store made before rows were authenticated: its rows are stamped once, when this version first opens it,
    /// and read as they were.
    @Test(arguments: StoreBackend.allCases)
    func aStoreFromBeforeIsAuthenticatedOnceWhenOpened(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        try place.open().insertConnection(Fixtures.connectedConnection())
        try place.open().saveService(Fixtures.oauth2Service(), replace: false)
        let dropped = ["connections", "services"].map {
            "ALTER TABLE \(place.tables)\($0) DROP COLUMN \(StoredColumnNames.authentication);"
        }.joined()
        let later = ConnectionColumn.allCases.drop { $0 != .account }.map {
            "ALTER TABLE \(place.tables)connections DROP COLUMN \($0.name);"
        }.joined()
        switch backend {
        case .sqlite:
            let steps = ["v5 authenticated rows", "v6 connection health", "v7 summary tags", "v8 last failure"].map { "'\($0)'" }
            try place.execute(dropped + later + "DELETE FROM grdb_migrations WHERE identifier IN (\(steps.joined(separator: ", ")));")
        case .postgresql: try place.execute(dropped + later + "UPDATE connections.meta SET value = '1' WHERE key = 'schema_version';")
        }
        let store = try place.open()
        #expect(try store.connection("acme_main") == Fixtures.connectedConnection())
        #expect(try store.customService("acme") == Fixtures.oauth2Service())
        #expect(try store.connectionSummaries().map(\.storedStatus) == [.connected])
        try place.execute("UPDATE \(place.tables)connections SET name = 'Changed'")
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "acme_main")) { try store.connection("acme_main") }
    }

    /// A store whose rows were authenticated before summaries had a tag of their own: the authentic rows get one
    /// when this version first opens it; a row changed outside before that stays refused, in the list too.
    @Test(arguments: StoreBackend.allCases)
    func summaryTagsAreAddedOnlyToAuthenticRows(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let other = Connection(name: "Other", linkName: "acme_other", serviceLinkName: "acme", storedStatus: .connected)
        let before = try place.open()
        try before.insertConnections([Fixtures.connectedConnection(), other])
        try #require(before as? any SummaryTagRemoval).removeSummaryTags()
        let dropped = [ConnectionColumn.summaryMac, .lastFailureAt].map {
            "ALTER TABLE \(place.tables)connections DROP COLUMN \($0.name);"
        }.joined()
        switch backend {
        case .sqlite: try place.execute(dropped + "DELETE FROM grdb_migrations WHERE identifier IN ('v7 summary tags', 'v8 last failure');")
        case .postgresql: try place.execute(dropped + "UPDATE connections.meta SET value = '3' WHERE key = 'schema_version';")
        }
        try place.execute("UPDATE \(place.tables)connections SET name = 'Changed' WHERE link_name = 'acme_other'")
        let store = try place.open()
        let listed = try store.connectionSummaries()
        #expect(listed.map(\.linkName) == ["acme_main", "acme_other"])
        #expect(listed.map(\.storedStatus) == [.connected, .changedOutside])
        #expect(try store.connection("acme_main") == Fixtures.connectedConnection())
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "acme_other")) { try store.connection("acme_other") }
    }
}

extension RowAuthenticationTests {
    /// Through the CLI: a service whose token URL was changed in the database sends nothing (the server sees no
    /// refresh), says what happened and what to do; the list marks the connection; `delete` removes it, telling no one.
    @Test func theCommandsRefuseAChangedRowAndSendNothing() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.signedIn(to: server)
        let before = try server.tokenRequests()["refresh_token", default: 0]
        try await cli.home.store().database.write { db in
            try db.execute(sql: "UPDATE services SET definition = replace(definition, '127.0.0.1', '127.0.0.2')")
        }
        let refused = try cli.run("token", "test_one", "--refresh")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Service test was changed outside Connections; nothing was sent."), "\(refused.stderr)")
        #expect(try server.tokenRequests()["refresh_token", default: 0] == before)

        try await cli.home.store().database.write { db in try db.execute(sql: "UPDATE connections SET name = 'Renamed'") }
        #expect(try cli.ok("list").contains("Changed outside Connections"))
        let shown = try cli.run("show", "test_one")
        #expect(shown.status != 0 && shown.stderr.contains("`connections delete test_one`"), "\(shown.stderr)")
        #expect(try cli.ok("delete", "test_one").contains("changed outside Connections; the provider was not told"))
        #expect(try cli.ok("service", "delete", "test").contains("changed outside Connections"))
        #expect(try cli.ok("list", "--json").trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    /// A long list is checked a batch at a time beside the reading: every row keeps its place, and only the rows
    /// changed outside, whichever batch they fall in, are refused.
    @Test(arguments: StoreBackend.allCases)
    func aLongListRefusesExactlyTheChangedRows(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let links = (0..<1300).map { String(format: "conn_%04d", $0) }
        try store.insertConnections(
            links.map { link in
                Connection(name: "Name \(link)", linkName: link, serviceLinkName: "acme", scopes: ["read"], storedStatus: .connected)
            })
        let changed: Set = ["conn_0000", "conn_0511", "conn_0512", "conn_1299"]
        try place.execute(
            "UPDATE \(place.tables)connections SET name = name || 'x' WHERE link_name IN "
                + "(\(changed.map { "'\($0)'" }.joined(separator: ", ")))")
        let listed = try store.connectionSummaries()
        #expect(listed.map(\.linkName) == links)
        #expect(Set(listed.filter { $0.storedStatus == .changedOutside }.map(\.linkName)) == changed)
        #expect(listed.filter { $0.storedStatus != .changedOutside }.allSatisfy { $0.name == "Name \($0.linkName)" })
    }

    /// A cell that does not fit its column (text where a time belongs, a flag of 7), wherever in a long list: those rows
    /// are listed as changed outside, by their link names, and opening one says so; the rows around them read as ever.
    @Test func aCellOfTheWrongKindRefusesOnlyItsRow() throws {
        let place = try StoreBackend.sqlite.fresh()
        let store = try place.open()
        let links = (0..<1100).map { String(format: "conn_%04d", $0) }
        try store.insertConnections(
            links.map { link in
                Connection(name: "Name \(link)", linkName: link, serviceLinkName: "acme", scopes: ["read"], storedStatus: .connected)
            })
        try place.execute("UPDATE connections SET expires_at = 'soon' WHERE link_name = 'conn_0600'")
        try place.execute("UPDATE connections SET has_refresh_token = 7 WHERE link_name = 'conn_1099'")
        let listed = try store.connectionSummaries()
        #expect(listed.map(\.linkName) == links)
        #expect(listed.filter { $0.storedStatus == .changedOutside }.map(\.linkName) == ["conn_0600", "conn_1099"])
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "conn_0600")) { try store.connection("conn_0600") }
        #expect(throws: StoreError.changedOutside(kind: "connection", linkName: "conn_1099")) { try store.connection("conn_1099") }
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    /// The bytes a tag covers never change: a row stored by any earlier version, with cells of every kind, keeps the
    /// tags it was given (its whole tag and its summary's).
    @Test func theTagsOfAStoredRowStayTheSame() throws {
        let authentication = RowAuthentication(vault: Vault(keyBytes: Data((0..<32).map { UInt8($0 * 11 % 256) }), keySource: "test"))
        var row = StoredRow<ConnectionColumn>()
        row.set(.linkName, "acme_main")
        row.set(.name, "Acme — main ✓")
        row.set(.serviceLinkName, "acme")
        row.set(.status, "connected")
        row.set(.expiresAt, 1_800_000_000.25)
        row.set(.hasRefreshToken, true)
        row.set(.scopes, "read write")
        row.set(.createdAt, -0.5)
        row.set(.lastVerificationPassed, false)
        row.set(.secrets, Data((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) }))
        row.set(.account, String(repeating: "a", count: 70_000))
        let stamped = authentication.stamped(row)
        #expect(stamped.bytes(.summaryMac).map(Self.hex) == "f63a4549b5b3a17317f3725411059886a057d6716360757d7bd412795dde4325")
        #expect(stamped.authentication.map(Self.hex) == "90c425d57b2f0d5190de222356ddd6798243f0f4e002720f232511c632b64f22")
    }

    /// The row key's two hash states stand for swift-crypto's HMAC: a tag made before they did still checks.
    @Test func theCodeIsSwiftCryptosHMAC() throws {
        let vault = Vault(keyBytes: Data((0..<32).map { UInt8($0 * 7 % 256) }), keySource: "test")
        let authentication = RowAuthentication(vault: vault)
        let key = vault.derivedKey(purpose: "connections row authentication v1")
        for length in [0, 1, 55, 56, 63, 64, 65, 300, 1000] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
            let expected = Data(HMAC<SHA256>.authenticationCode(for: bytes, using: key))
            #expect(Data(bytes.withUnsafeBytes(authentication.authenticationCode)) == expected, "\(length) bytes")
        }
    }
}
