import Foundation

/// Work raced against a deadline. The deadline, or a cancel, answers at once: the abandoned work is cancelled and
/// winds down on its own, so a hung peer never holds the caller.
enum Deadline {
    static func run<T: Sendable>(seconds: TimeInterval, onTimeout: any Error, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = FirstResult<T>()
        let worker = Task {
            do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(min(max(seconds, 0), 86_400 * 7)))
            race.finish(.failure(onTimeout))
        }
        defer {
            worker.cancel()
            timer.cancel()
        }
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The first of several outcomes, for one waiter; later ones are dropped.
public final class FirstResult<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    public init() {}

    public func finish(_ outcome: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = outcome
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(with: outcome)
    }

    public func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = lock.withLock {
                if let result { return result }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
