import Foundation

/// Work raced against a deadline. The deadline, or a cancel, answers at once: the abandoned work is cancelled and
/// winds down on its own, so a hung peer never holds the caller.
enum Deadline {
    static func run<T: Sendable>(seconds: TimeInterval, onTimeout: any Error, _ work: @escaping @Sendable () async throws -> T) async throws
        -> T
    {
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
        return try await race.value()
    }
}
