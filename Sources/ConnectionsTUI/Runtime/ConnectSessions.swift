import Foundation
import Synchronization

/// The authorizations (and Try it requests) in progress, so that Esc can cancel one and a pasted redirect can
/// reach it.
final class ConnectSessions: Sendable {
    private struct Session {
        var task: Task<Void, Never>
        var pastes: AsyncStream<String>.Continuation
    }

    private let running = Mutex<[String: Session]>([:])

    func isRunning(_ link: String) -> Bool { running.withLock { $0[link] != nil } }

    /// Runs `body` as the one session of `link`; a second one for the same link is refused. `body` reads what the
    /// user pastes from its stream, which ends when the session is cancelled.
    func run(_ link: String, _ body: @escaping @Sendable (Pastes) async -> Void) async -> Bool {
        let (stream, pastes) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let task: Task<Void, Never>? = running.withLock { running in
            guard running[link] == nil else { return nil }
            let task = Task { await body(Pastes(stream: stream)) }
            running[link] = Session(task: task, pastes: pastes)
            return task
        }
        guard let task else { return false }
        await task.value
        pastes.finish()
        running.withLock { $0[link] = nil }
        return true
    }

    func cancel(_ link: String) {
        running.withLock { $0[link] }?.task.cancel()
    }

    func paste(_ link: String, _ text: String) -> Bool {
        guard let session = running.withLock({ $0[link] }) else { return false }
        session.pastes.yield(text)
        return true
    }
}

/// What the user pastes into one session, one at a time; nil once the session is cancelled.
struct Pastes: Sendable {
    let stream: AsyncStream<String>

    func next() async -> String? {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
    }
}
