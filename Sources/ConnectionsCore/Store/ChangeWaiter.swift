import Foundation

/// Wakes a view the moment another process announces a change, so that it asks `changes(since:)` at once rather
/// than at its next tick. Its calls block: make them on a thread of their own, never on Swift's cooperative pool.
public protocol ChangeWaiter: AnyObject, Sendable {
    /// Blocks until a change may have been made or `timeout` passes; true for the former. The call that connects
    /// (the first, and the next after one that threw because the store could not be reached) answers true at once:
    /// what was announced before it listened is unknown.
    func wait(timeout: Duration) throws(StoreError) -> Bool
}
