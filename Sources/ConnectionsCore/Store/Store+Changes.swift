import Foundation
import GRDB

/// How a view learns that connections changed, by this process or another, without reading them all again.
public struct ChangeMark: Sendable, Equatable {
    /// SQLite's `data_version` (moves when another connection commits) and `total_changes()` (this one's writes).
    public var stamp: String
    /// The newest `updated_at` seen; rows changed later are read.
    public var newest: Double
    /// How many connections there were: a different count (one added or deleted) means reading them all.
    public var count: Int

    public init(stamp: String, newest: Double, count: Int) {
        self.stamp = stamp
        self.newest = newest
        self.count = count
    }
}

/// What changed since a mark: the changed rows, or nil when the whole list must be read again.
public struct ConnectionChanges: Sendable {
    public var mark: ChangeMark
    public var changed: [ConnectionSummary]?

    public init(mark: ChangeMark, changed: [ConnectionSummary]?) {
        self.mark = mark
        self.changed = changed
    }
}

extension Store {
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
            try database.read { db -> ConnectionChanges? in
                let stamp = try Self.stamp(db)
                guard stamp != mark.stamp else { return nil }
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0
                let newest = try Double.fetchOne(db, sql: "SELECT max(updated_at) FROM connections") ?? 0
                let next = ChangeMark(stamp: stamp, newest: max(newest, mark.newest), count: count)
                guard count == mark.count else { return ConnectionChanges(mark: next, changed: nil) }
                let changed = try Array(Row.fetchCursor(
                    db, sql: "SELECT \(Self.summaryColumns) FROM connections WHERE updated_at >= ? ORDER BY name COLLATE NOCASE, link_name",
                    arguments: [mark.newest]
                ).map(Self.decodeSummary))
                return ConnectionChanges(mark: next, changed: changed)
            }
        }
    }

    private static func stamp(_ db: Database) throws -> String {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        let own = try Int.fetchOne(db, sql: "SELECT total_changes()") ?? 0
        return "\(version).\(own)"
    }
}
