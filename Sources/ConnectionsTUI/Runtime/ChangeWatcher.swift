import ConnectionsCore
import Foundation
import Synchronization

/// Waits on a thread of its own for the store to announce a change made by another process (the team store's
/// NOTIFY) and says so at once; the tick's check stays, for stores that announce nothing and announcements lost.
final class ChangeWatcher: Sendable {
    private let stopped = Atomic<Bool>(false)

    /// Starts watching when the store can announce; `announced` is called on the watcher's thread.
    func start(_ store: any ConnectionStore, announced: @escaping @Sendable () -> Void) {
        guard let waiter = store.changeWaiter() else { return }
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                do {
                    if try waiter.wait(timeout: .seconds(1)) { announced() }
                } catch {
                    // Unreachable: the tick's check tells the user; try again in a second.
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
        thread.name = "connections change watcher"
        thread.start()
    }

    /// Ends the thread within a second.
    func stop() { stopped.store(true, ordering: .relaxed) }
}
