import Foundation
import GRDB
@testable import ConnectionsCore

/// Each store implementation the contract tests run against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgresql

    var description: String { rawValue }

    /// A new, empty store of this kind.
    func fresh() throws -> StorePlace {
        switch self {
        case .sqlite:
            let home = TemporaryDirectory()
            let location = home.location
            return StorePlace(keeping: home, tables: "", bytes: "X'00'", flipped: { "1 - COALESCE(\($0), 0)" }) { environment in
                try SQLiteStore(location: location, environment: environment)
            } execute: { sql in
                try DatabaseQueue(path: location.databaseFile.path).write { db in try db.execute(sql: sql) }
            } dump: {
                try ChildProcess.run("/usr/bin/sqlite3", [location.databaseFile.path, ".dump"]).stdout
            }
        case .postgresql:
            let server = try PostgresTestServer.shared.get()
            let url = try server.freshDatabase()
            let address = try PostgresAddress(url)
            return StorePlace(keeping: server, tables: "connections.", bytes: "'\\x00'::bytea", flipped: { "NOT COALESCE(\($0), false)" }) {
                environment in
                let key = ["CONNECTIONS_KEY": PostgresTestServer.teamKey].merging(environment) { $1 }
                return try PostgresStore(address: address, environment: key, keyFile: nil)
            } execute: { sql in
                try PostgresConnection(address).executeScript(sql)
            } dump: {
                try ChildProcess.run(PostgresTestServer.binary("pg_dump"), ["--dbname", url], environment: ["PATH": "/usr/bin:/bin"]).stdout
            }
        }
    }
}

/// One empty store's place; each `open` is another handle on it, as another process would have.
final class StorePlace: @unchecked Sendable {
    private let resource: AnyObject
    private let opener: @Sendable ([String: String]) throws -> any ConnectionStore
    private let executor: @Sendable (String) throws -> Void
    private let dumper: @Sendable () throws -> String
    /// What goes before a table's name: its schema, if any.
    let tables: String
    /// SQL for a one-byte blob, and for a flag turned over.
    let bytes: String
    let flipped: @Sendable (String) -> String

    init(
        keeping resource: AnyObject, tables: String, bytes: String, flipped: @escaping @Sendable (String) -> String,
        opener: @escaping @Sendable ([String: String]) throws -> any ConnectionStore,
        execute: @escaping @Sendable (String) throws -> Void, dump: @escaping @Sendable () throws -> String
    ) {
        dumper = dump
        self.resource = resource
        self.tables = tables
        self.bytes = bytes
        self.flipped = flipped
        self.opener = opener
        executor = execute
    }

    func open(environment: [String: String] = [:]) throws -> any ConnectionStore { try opener(environment) }

    /// Runs SQL on the database itself, as someone with write access and no key would.
    func execute(_ sql: String) throws { try executor(sql) }

    /// The whole database as text: `sqlite3 .dump`, or `pg_dump`.
    func dump() throws -> String { try dumper() }
}
