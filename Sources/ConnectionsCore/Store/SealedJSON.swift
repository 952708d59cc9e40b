import Foundation

/// How structured values become column values, in any store: JSON text for plain ones, JSON sealed by the
/// vault for secrets. The context binds a sealed value to its row, so secrets moved to another row do not open.
struct SealedJSON: Sendable {
    let vault: Vault

    static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func value<T: Decodable>(_ type: T.Type, from text: String?) throws -> T? {
        guard let text else { return nil }
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    func seal<T: Encodable>(_ value: T, context: String) throws -> Data {
        try vault.seal(Data(try Self.text(value).utf8), context: context)
    }

    func open<T: Decodable>(_ type: T.Type, _ sealed: Data?, context: String, what: String) throws -> T? {
        guard let sealed else { return nil }
        guard let plain = try? vault.open(sealed, context: context) else { throw StoreError.undecryptable(what: what) }
        return try JSONDecoder().decode(type, from: plain)
    }
}
