import Foundation
import GRDB

extension SQLiteStore {
    /// The mark as of now: two pragmas and, only when they moved, a count and a maximum.
    public func changeMark() throws(StoreError) -> ChangeMark {
        try run {
            try database.read { db in
                ChangeMark(
                    stamp: try Self.stamp(db),
                    newest: try Double.fetchOne(db, sql: "SELECT max(updated_at) FROM connections") ?? 0,
                    count: try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0)
            }
        }
    }

    /// Nil when nothing changed since `mark` (the usual case: no row is read).
    public func changes(since mark: ChangeMark) throws(StoreError) -> ConnectionChanges? {
        try run {
            // The stamp alone needs no transaction: the usual answer, that nothing changed, costs two pragmas.
            if try database.unsafeRead({ try Self.stamp($0) }) == mark.stamp { return nil }
            return try database.read { db -> ConnectionChanges? in
                let stamp = try Self.stamp(db)
                guard stamp != mark.stamp else { return nil }
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0
                let newest = try Double.fetchOne(db, sql: "SELECT max(updated_at) FROM connections") ?? 0
                let next = ChangeMark(stamp: stamp, newest: max(newest, mark.newest), count: count)
                guard count == mark.count else { return ConnectionChanges(mark: next, changed: nil) }
                let changed = try Self.summaries(
                    db, "SELECT \(ConnectionRow.summarySelection) FROM connections WHERE updated_at >= ? \(Self.byName)",
                    arguments: [mark.newest], authentication: authentication)
                return ConnectionChanges(mark: next, changed: changed)
            }
        }
    }

    /// SQLite announces nothing to other processes.
    public func changeWaiter() -> (any ChangeWaiter)? { nil }

    private static func stamp(_ db: Database) throws -> String {
        // Cached statements: the proxy asks before every request.
        let version = try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
        let own = try Int.fetchOne(db.cachedStatement(sql: "SELECT total_changes()")) ?? 0
        return "\(version).\(own)"
    }
}
