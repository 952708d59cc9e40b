import Foundation

/// One refresh at a time per connection, across processes: an exclusive `flock` on a per-connection file.
/// The kernel releases it when the holder exits, even if it is killed, so a crash never leaves it stuck.
final class RefreshLock: RefreshLease, @unchecked Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Waits (off the cooperative thread pool) until this process holds the lock for `linkName`.
    static func acquire(directory: URL, linkName: String) async throws(StoreError) -> RefreshLock {
        let locks = directory.appendingPathComponent("locks", isDirectory: true)
        try? FileManager.default.createDirectory(at: locks, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let path = locks.appendingPathComponent(linkName + ".lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .database("cannot open the refresh lock \(path): \(String(cString: strerror(errno)))") }
        let locked: Int32 = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var result: Int32
                repeat { result = flock(descriptor, LOCK_EX) } while result != 0 && errno == EINTR
                continuation.resume(returning: result)
            }
        }
        guard locked == 0 else {
            close(descriptor)
            throw .database("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        return RefreshLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

}
