import Foundation

/// Where effects make their blocking store calls: a serial queue of its own, off Swift's cooperative pool, so that a
/// store that hangs (a team store that is down takes 5 s to say so) holds up only other store calls, never the
/// tasks that wait on the network, the clipboard or a sign-in.
final class StoreIO: Sendable {
    private let queue = DispatchQueue(label: "connections.store-io")
    private static let onStoreQueue = DispatchSpecificKey<Bool>()

    init() { queue.setSpecific(key: Self.onStoreQueue, value: true) }

    /// Whether the caller runs on a store queue (as every blocking store call of an effect should).
    static var isCurrent: Bool { DispatchQueue.getSpecific(key: onStoreQueue) == true }

    func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try job() }) }
        }
    }
}
