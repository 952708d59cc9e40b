import Foundation

/// How a view learns that connections changed, by this process or another, without reading them all again.
public struct ChangeMark: Sendable, Equatable {
    /// Whether anything may have changed. SQLite: its `data_version` (moves when another connection commits) and
    /// `total_changes()` (this one's writes). The team store: which of its connections is listening for the
    /// `NOTIFY`s of changed rows (`PostgresStore+Changes`), since one made again has lost what was announced meanwhile.
    public var stamp: String
    /// SQLite: the newest `updated_at` seen; rows changed later are read. The team store reads the rows its
    /// notifications name instead, and leaves this 0.
    public var newest: Double
    /// How many connections there were. SQLite: a different count (one added or deleted) means reading them all; the
    /// team store reads them all when an insert or delete is announced.
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
