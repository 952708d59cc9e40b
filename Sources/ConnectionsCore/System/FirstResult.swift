import Synchronization

/// One value, one waiter: the first outcome given is kept and later ones are dropped; the waiter gets it whether
/// it came before or after the wait began, and a cancelled waiter ends the wait with `CancellationError`
/// (which is then the outcome). Every "wait for one answer" in the code is one of these.
public final class FirstResult<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
    }

    private let state = Mutex(State())

    public init() {}

    /// True when this outcome is the one kept.
    @discardableResult
    public func finish(_ outcome: Result<T, any Error>) -> Bool {
        let (kept, waiter) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
            guard state.result == nil else { return (false, nil) }
            state.result = outcome
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(with: outcome)
        return kept
    }

    public var isFinished: Bool { state.withLock { $0.result != nil } }

    public func value() async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<T, any Error>? = state.withLock { state in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            finish(.failure(CancellationError()))
        }
    }
}
