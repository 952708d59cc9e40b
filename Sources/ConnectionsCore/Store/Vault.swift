import Crypto
import Foundation

/// Encrypts secrets with AES-256-GCM under one key kept in a 0600 file (or `CONNECTIONS_KEY`).
public struct Vault: Sendable {
    private let keyBytes: Data
    /// Where the key came from, for messages.
    public let keySource: String

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(keyBytes: Data, keySource: String) {
        self.keyBytes = keyBytes
        self.keySource = keySource
    }

    /// Reads the key from `CONNECTIONS_KEY` or the key file, creating the file atomically (0600) on first use.
    public static func open(keyFile: URL, environment: [String: String]) throws(StoreError) -> Vault {
        if let text = environment["CONNECTIONS_KEY"], !text.isEmpty {
            guard let bytes = decodeKeyText(text) else { throw .badKeyVariable }
            return Vault(keyBytes: bytes, keySource: "CONNECTIONS_KEY")
        }
        let path = keyFile.path
        if !FileManager.default.fileExists(atPath: path) { try createKeyFile(at: keyFile) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyUnreadable(path: path, reason: "permission denied")
        }
        guard data.count == 32 else { throw .keyUnreadable(path: path, reason: "it holds \(data.count) bytes") }
        chmod(path, 0o600)
        return Vault(keyBytes: data, keySource: path)
    }

    /// A team store's key: `CONNECTIONS_KEY`, else the key file the config names (hex, base64 or 32 raw bytes).
    /// Never made here: a new team key comes from `connections key new`, shared out of band.
    public static func teamKey(environment: [String: String], keyFile: URL?, place: String) throws(StoreError) -> Vault {
        if let text = environment["CONNECTIONS_KEY"], !text.isEmpty {
            guard let bytes = decodeKeyText(text) else { throw .badKeyVariable }
            return Vault(keyBytes: bytes, keySource: "CONNECTIONS_KEY")
        }
        guard let keyFile else { throw .teamKeyMissing(place: place) }
        guard let data = FileManager.default.contents(atPath: keyFile.path) else {
            throw .keyUnreadable(path: keyFile.path, reason: "it cannot be read")
        }
        if data.count == 32 { return Vault(keyBytes: data, keySource: keyFile.path) }
        guard let bytes = decodeKeyText(String(decoding: data, as: UTF8.self)) else {
            throw .keyUnreadable(path: keyFile.path, reason: "it holds neither 32 bytes nor 64 hex digits nor base64 of 32 bytes")
        }
        return Vault(keyBytes: bytes, keySource: keyFile.path)
    }

    /// A fresh key as 64 hex digits, for `connections key new`.
    public static func newKeyText() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }

    public func seal(_ plaintext: Data, context: String) throws -> Data {
        try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8)).combined!
    }

    public func open(_ sealed: Data, context: String) throws -> Data {
        try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(context.utf8))
    }

    /// A key for one purpose (HKDF-SHA256), so that no two uses share the vault's own key.
    func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// Writes a fresh key to a temporary file and links it into place, so that two processes starting together agree on one key.
    private static func createKeyFile(at keyFile: URL) throws(StoreError) {
        let path = keyFile.path
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .keyUnreadable(path: path, reason: String(cString: strerror(errno))) }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let written = write(descriptor, bytes, bytes.count)
        fsync(descriptor)
        close(descriptor)
        defer { unlink(temporary) }
        guard written == bytes.count else { throw .keyUnreadable(path: path, reason: "could not write a new key") }
        if link(temporary, path) != 0, errno != EEXIST {
            throw .keyUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    static func decodeKeyText(_ text: String) -> Data? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count == 64, let data = hexData(trimmed) { return data }
        if let data = Data(base64Encoded: trimmed), data.count == 32 { return data }
        return nil
    }

    private static func hexData(_ text: String) -> Data? {
        var bytes: [UInt8] = []
        var iterator = text.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return Data(bytes)
    }
}
