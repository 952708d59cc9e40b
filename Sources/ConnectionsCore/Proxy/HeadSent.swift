import Synchronization

/// The status of the answer whose head has gone to the client, if one has: after that, an error can only end the
/// answer, not replace it.
final class HeadSent: Sendable {
    private let sent = Mutex<Int?>(nil)

    func mark(_ status: Int) { sent.withLock { $0 = status } }
    var status: Int? { sent.withLock { $0 } }
    var value: Bool { status != nil }
}
