import Crypto
import Foundation

/// Proves that a stored row was written by Connections with the store's key: an HMAC-SHA256 over every column of
/// the row, its table's name and the columns' names, under a key derived from the vault's. A row changed, moved to
/// another link name, or inserted by someone without the key fails the check and is refused on every read.
struct RowAuthentication: @unchecked Sendable {
    /// Immutable once made; swift-crypto does not mark it Sendable.
    private let key: SymmetricKey

    init(vault: Vault) {
        key = vault.derivedKey(purpose: "connections row authentication v1")
    }

    func tag<Column>(_ row: StoredRow<Column>) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: canonical(row), using: key))
    }

    func isAuthentic<Column>(_ row: StoredRow<Column>) -> Bool {
        guard let tag = row.authentication else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: canonical(row), using: key)
    }

    func stamped<Column>(_ row: StoredRow<Column>) -> StoredRow<Column> {
        var row = row
        row.authentication = tag(row)
        return row
    }

    /// The table, then each column that holds a value as its name, a kind byte, a length and the value's bytes: no
    /// two different rows encode alike. An empty (NULL) cell adds nothing, so that a column added later, empty in
    /// the rows there are, leaves their tags as they were.
    private func canonical<Column>(_ row: StoredRow<Column>) -> Data {
        var data = Data()
        data.reserveCapacity(512)
        func append(_ bytes: some Collection<UInt8>) {
            var length = UInt32(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
            data.append(contentsOf: bytes)
        }
        append(Column.table.utf8)
        for column in Column.allCases where row[column] != .null {
            append(column.name.utf8)
            switch row[column] {
            case .null:
                break
            case .text(let text):
                data.append(1)
                append(text.utf8)
            case .number(let number):
                data.append(2)
                var bits = number.bitPattern.bigEndian
                withUnsafeBytes(of: &bits) { data.append(contentsOf: $0) }
            case .flag(let flag):
                data.append(3)
                data.append(flag ? 1 : 0)
            case .bytes(let bytes):
                data.append(4)
                append(bytes)
            }
        }
        return data
    }
}
