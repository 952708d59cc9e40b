import Foundation
import GRDB

/// The embedded store: an SQLite database (WAL, several processes at once) and the vault that encrypts its secrets.
/// One connection per process: a command reads a row or two, and a pool would cost a second connection and,
/// with GRDB, a write transaction on every open to make sure the WAL file exists.
public final class SQLiteStore: ConnectionStore {
    public let location: StoreLocation
    let database: DatabaseQueue
    let vault: Vault
    let authentication: RowAuthentication
    var sealedJSON: SealedJSON { SealedJSON(vault: vault) }

    public var place: String { location.databaseFile.path }

    private static let keyCheckContext = "meta:key_check"

    public init(location: StoreLocation, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        self.location = location
        try Self.makePrivateDirectory(location.directory)
        let path = location.databaseFile.path
        let keyGiven = environment["CONNECTIONS_KEY"].map { !$0.isEmpty } ?? false
        try Self.refuseEmptyFile(path, keyFile: location.keyFile.path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "connections"
        let keyCheck: Data?
        let stamping = Stamping()
        let migrator = Self.migrator(stamping: stamping)
        let migrated: Bool
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            // SQLite gives the -wal and -shm files the database file's mode, so 0600 here covers all three.
            chmod(path, 0o600)
            try database.writeWithoutTransaction { db in
                // The mode is kept in the file: only a new database is switched, and reading it writes nothing.
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            }
            // Checking in a read costs nothing; migrating takes the write lock and syncs the WAL, so only when needed.
            // The steps before rows were authenticated need no key; the one that authenticates them runs once the
            // key is known to open this database.
            let completed = try database.read { db in (try migrator.hasCompletedMigrations(db), try migrator.completedMigrations(db)) }
            migrated = completed.0
            if !completed.1.contains(Self.lastMigrationWithoutKey) { try migrator.migrate(database, upTo: Self.lastMigrationWithoutKey) }
            keyCheck = try database.read { db in try Data.fetchOne(db, sql: Self.keyCheckQuery) }
        } catch {
            throw .databaseFile(path: path, reason: Self.describe(error))
        }
        // A database that already holds secrets never gets a new key: that would make every stored secret unreadable.
        if keyCheck != nil, !keyGiven, !FileManager.default.fileExists(atPath: location.keyFile.path) {
            throw .keyMissing(path: location.keyFile.path)
        }
        vault = try Vault.open(keyFile: location.keyFile, environment: environment)
        authentication = RowAuthentication(vault: vault)
        try verifyKey(stored: keyCheck)
        if !migrated {
            stamping.authentication = authentication
            try run { try migrator.migrate(database) }
        }
    }

    /// An empty file where the database should be is a damaged store, not a new one, unless the store was never
    /// finished (no key yet): then it is what a first start killed before SQLite wrote anything left behind.
    private static func refuseEmptyFile(_ path: String, keyFile: String) throws(StoreError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw .databaseFile(path: path, reason: "it is a directory, not a database")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size == 0, FileManager.default.fileExists(atPath: keyFile) || FileManager.default.fileExists(atPath: path + "-wal") {
            throw .databaseFile(
                path: path,
                reason:
                    "it is empty (0 bytes), so the connections it held are gone. Restore it from a backup, or move it away to start afresh")
        }
    }

    /// The key the step that authenticates rows stamps them with, known only once the key is checked.
    final class Stamping: @unchecked Sendable {
        var authentication: RowAuthentication?
    }

    static let lastMigrationWithoutKey = "v4 created and authorized by"

    static func migrator(stamping: Stamping) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
                    CREATE TABLE services (
                        link_name TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        auth_type TEXT NOT NULL,
                        definition TEXT NOT NULL,
                        secrets BLOB,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE connections (
                        link_name TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        service_link_name TEXT NOT NULL,
                        client_id TEXT NOT NULL DEFAULT '',
                        scopes TEXT NOT NULL,
                        parameters TEXT NOT NULL,
                        status TEXT NOT NULL,
                        status_reason TEXT,
                        token_type TEXT,
                        expires_at REAL,
                        has_refresh_token INTEGER NOT NULL DEFAULT 0,
                        granted_scopes TEXT,
                        token_extra TEXT,
                        secrets BLOB,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX connections_by_service ON connections(service_link_name);
                    """)
        }
        // Lists come in this order: read through the index, the first screenful needs no sort of every row.
        migrator.registerMigration("v2 connections by name") { db in
            try db.execute(sql: "CREATE INDEX connections_by_name ON connections(name COLLATE NOCASE, link_name)")
        }
        // A token's lifetime, so that refreshing ahead of expiry never takes more than half of it.
        migrator.registerMigration("v3 token obtained at") { db in
            try db.execute(sql: "ALTER TABLE connections ADD COLUMN token_obtained_at REAL")
        }
        migrator.registerMigration("v4 created and authorized by") { db in
            try db.execute(sql: "ALTER TABLE connections ADD COLUMN created_by TEXT; ALTER TABLE connections ADD COLUMN authorized_by TEXT")
        }
        // Every row authenticated (`RowAuthentication`); the rows there are now are trusted once, as they are.
        migrator.registerMigration("v5 authenticated rows") { db in
            guard let authentication = stamping.authentication else { throw StoreError.database("the store's key is not known yet") }
            try db.execute(sql: "ALTER TABLE connections ADD COLUMN row_mac BLOB; ALTER TABLE services ADD COLUMN row_mac BLOB")
            try stamp(db, ConnectionRow.self, authentication)
            try stamp(db, ServiceRow.self, authentication)
        }
        // What is remembered of a connection's use (ConnectionHealth); empty cells leave the rows' tags as they were.
        migrator.registerMigration("v6 connection health") { db in
            for column in [
                "account TEXT", "last_refresh_at REAL", "last_verified_at REAL", "last_verification_passed INTEGER",
                "last_error TEXT", "consecutive_failures REAL", "refresh_token_expires_at REAL",
            ] {
                try db.execute(sql: "ALTER TABLE connections ADD COLUMN \(column)")
            }
        }
        // Each connection's summary authenticated on its own, so that a list reads no secrets; a row that fails its
        // check keeps no summary tag and is listed as changed outside Connections.
        migrator.registerMigration("v7 summary tags") { db in
            guard let authentication = stamping.authentication else { throw StoreError.database("the store's key is not known yet") }
            try db.execute(sql: "ALTER TABLE connections ADD COLUMN summary_mac BLOB")
            // Columns a later step adds are not there yet: they read as empty, as they are.
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM connections").compactMap(ConnectionRow.init(named:))
            for row in rows where authentication.isAuthentic(row) {
                let stamped = authentication.stamped(row)
                try db.execute(
                    sql: "UPDATE connections SET summary_mac = ?, row_mac = ? WHERE link_name = ?",
                    arguments: [stamped[.summaryMac].databaseValue, stamped.authentication, row.key])
            }
        }
        // When the last refresh or check failed, for keep-alive's back-off; empty cells leave the tags as they were.
        migrator.registerMigration("v8 last failure") { db in
            try db.execute(sql: "ALTER TABLE connections ADD COLUMN last_failure_at REAL")
        }
        return migrator
    }

    private static func stamp<Column>(_ db: Database, _: StoredRow<Column>.Type, _ authentication: RowAuthentication) throws {
        // Columns a later step adds are not there yet: they read as empty, as they will be.
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(Column.table)").compactMap(StoredRow<Column>.init(named:))
        for row in rows {
            try db.execute(
                sql: "UPDATE \(Column.table) SET \(StoredColumnNames.authentication) = ? WHERE \(Column.names[0]) = ?",
                arguments: [authentication.tag(row), row.key])
        }
    }

    /// A sealed known value in `meta` tells a wrong key apart from a damaged row.
    private static let keyCheckQuery = "SELECT value FROM meta WHERE key = 'key_check'"

    private func verifyKey(stored: Data?) throws(StoreError) {
        let vault = self.vault
        let check = Self.keyCheckQuery
        do {
            if let stored {
                guard (try? vault.open(stored, context: Self.keyCheckContext)) != nil else {
                    throw StoreError.keyMismatch(path: vault.keySource)
                }
                return
            }
            let sealed = try vault.seal(Data("connections".utf8), context: Self.keyCheckContext)
            try database.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('key_check', ?)", arguments: [sealed])
            }
            // Another process may have won the insert with its own key.
            let winner = try database.read { db in try Data.fetchOne(db, sql: check) }
            guard let winner, (try? vault.open(winner, context: Self.keyCheckContext)) != nil else {
                throw StoreError.keyMismatch(path: vault.keySource)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .databaseFile(path: location.databaseFile.path, reason: Self.describe(error))
        }
    }

    /// Runs a database job and turns every failure into a `StoreError`.
    func run<T>(_ job: () throws -> T) throws(StoreError) -> T {
        do {
            return try job()
        } catch let error as StoreError {
            throw error
        } catch {
            throw .databaseFile(path: location.databaseFile.path, reason: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_NOTADB {
                return "it is not a Connections database (or it is damaged); restore it from a backup, or move it away to start afresh"
            }
            return "\(error.message ?? "SQLite error \(error.resultCode)")"
        }
        return HTTPClient.safeName(of: error)
    }

    private static func makePrivateDirectory(_ directory: URL) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotCreateDirectory(path: directory.path, reason: (error as NSError).localizedDescription)
        }
    }
}
