import Foundation

/// The authorizations in progress, so that Esc can cancel one and a pasted redirect can reach it.
final class ConnectSessions: @unchecked Sendable {
    private let lock = NSLock()
    private var running: [String: (task: Task<Void, Never>, paste: PasteSlot)] = [:]

    func isRunning(_ link: String) -> Bool { lock.withLock { running[link] != nil } }

    /// Runs `body` as the one authorization of `link`; a second one for the same link is refused.
    func run(_ link: String, _ body: @escaping @Sendable (PasteSlot) async -> Void) async -> Bool {
        let slot = PasteSlot()
        let task: Task<Void, Never>? = lock.withLock {
            guard running[link] == nil else { return nil }
            let task = Task { await body(slot) }
            running[link] = (task, slot)
            return task
        }
        guard let task else { return false }
        await task.value
        lock.withLock { running[link] = nil }
        return true
    }

    func cancel(_ link: String) {
        lock.withLock { running[link] }?.task.cancel()
    }

    func paste(_ link: String, _ text: String) -> Bool {
        guard let slot = lock.withLock({ running[link]?.paste }) else { return false }
        slot.deliver(text)
        return true
    }
}

/// What the user pasted, handed to the one waiting authorization; waiting ends with nil when cancelled.
final class PasteSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?
    private var waiter: CheckedContinuation<String?, Never>?
    private var cancelled = false

    func deliver(_ text: String) {
        let waiter: CheckedContinuation<String?, Never>? = lock.withLock {
            guard let waiter = self.waiter else {
                value = text
                return nil
            }
            self.waiter = nil
            return waiter
        }
        waiter?.resume(returning: text)
    }

    func wait() async -> String? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let immediate: String?? = lock.withLock {
                    if let value {
                        self.value = nil
                        return .some(value)
                    }
                    if cancelled { return .some(nil) }
                    waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter: CheckedContinuation<String?, Never>? = lock.withLock {
                cancelled = true
                defer { self.waiter = nil }
                return self.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
