import Foundation

/// The per-run secret every request to the proxy must carry, and the file (mode 0600) that scripts read it from.
public struct ProxySecret: Sendable {
    public let value: String
    private let expected: [UInt8]

    public init() {
        var generator = SystemRandomNumberGenerator()
        value = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        expected = Array(value.utf8)
    }

    /// Compares in time that does not depend on where the first difference is.
    func matches(_ given: String?) -> Bool {
        guard let given else { return false }
        let received = Array(given.utf8)
        var difference = UInt8(expected.count == received.count ? 0 : 1)
        for index in expected.indices { difference |= expected[index] ^ (index < received.count ? received[index] : 0) }
        return difference == 0
    }

    /// Where the secret of a proxy on `port` is kept: the runtime directory of the store's location.
    public static func file(for location: StoreLocation, port: Int) -> URL {
        location.runtimeDirectory.appendingPathComponent("proxy-\(port).secret")
    }

    /// Writes the secret to a new file only the user can read (the directory made 0700 when it is made).
    public func write(to file: URL) throws {
        let directory = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        unlink(file.path)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw ProxyStartError.secretFile(path: file.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard Array((value + "\n").utf8).withUnsafeBytes({ writeAll(descriptor, $0) }), fchmod(descriptor, 0o600) == 0 else {
            throw ProxyStartError.secretFile(path: file.path, reason: String(cString: strerror(errno)))
        }
    }
}
