import Crypto
import Foundation

/// Proves that a stored row was written by Connections with the store's key: an HMAC-SHA256 over every column of
/// the row, its table's name and the columns' names, under a key derived from the vault's. A row changed, moved to
/// another link name, or inserted by someone without the key fails the check and is refused on every read.
struct RowAuthentication: @unchecked Sendable {
    /// Immutable once made (swift-crypto does not mark it Sendable): an HMAC keyed once, copied for each row, so
    /// that a list of thousands of rows prepares the key once.
    private let keyed: HMAC<SHA256>

    init(vault: Vault) {
        keyed = HMAC<SHA256>(key: vault.derivedKey(purpose: "connections row authentication v1"))
    }

    func tag<Column>(_ row: StoredRow<Column>) -> Data {
        Data(code(row))
    }

    func isAuthentic<Column>(_ row: StoredRow<Column>) -> Bool {
        guard let tag = row.authentication else { return false }
        return code(row) == tag
    }

    func stamped<Column>(_ row: StoredRow<Column>) -> StoredRow<Column> {
        var row = row
        row.authentication = tag(row)
        return row
    }

    /// The HMAC of the table, then each column that holds a value as its name, a kind byte, a length and the value's
    /// bytes: no two different rows encode alike. An empty (NULL) cell adds nothing, so that a column added later,
    /// empty in the rows there are, leaves their tags as they were.
    private func code<Column>(_ row: StoredRow<Column>) -> HashedAuthenticationCode<SHA256> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        func length(_ count: Int) {
            let value = UInt32(truncatingIfNeeded: count)
            bytes.append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
        }
        func text(_ text: String) {
            length(text.utf8.count)
            bytes.append(contentsOf: text.utf8)
        }
        text(Column.table)
        for column in Column.columns {
            let cell = row[column]
            if cell == .null { continue }
            text(column.name)
            switch cell {
            case .null:
                break
            case .text(let value):
                bytes.append(1)
                text(value)
            case .number(let number):
                bytes.append(2)
                let bits = number.bitPattern
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            case .flag(let flag):
                bytes.append(3)
                bytes.append(flag ? 1 : 0)
            case .bytes(let data):
                bytes.append(4)
                length(data.count)
                bytes.append(contentsOf: data)
            }
        }
        var hmac = keyed
        hmac.update(data: bytes)
        return hmac.finalize()
    }
}
