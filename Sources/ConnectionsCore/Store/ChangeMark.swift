import Foundation

/// How a view learns that connections changed, by this process or another, without reading them all again.
public struct ChangeMark: Sendable, Equatable {
    /// SQLite: `data_version` (moves when another connection commits) and `total_changes()` (this one's writes).
    /// PostgreSQL: the connection's generation (a connection made again lost what was announced meanwhile).
    public var stamp: String
    /// SQLite: the newest `updated_at` seen; rows changed later are read. PostgreSQL reads the rows announced.
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
