import Crypto
import Foundation

/// Proves that a stored row was written by Connections with the store's key: an HMAC-SHA256 over every column of
/// the row, its table's name and the columns' names, under a key derived from the vault's. A row changed, moved to
/// another link name, or inserted by someone without the key fails the check and is refused on every read. A
/// table with a summary (`StoredColumn.summary`) also tags the summary's columns alone, so that a list checks rows
/// without reading their secrets.
struct RowAuthentication: @unchecked Sendable {
    /// HMAC-SHA256 (RFC 2104) with the key's inner and outer pads hashed once: each row copies these two states,
    /// so that a list of thousands of rows prepares the key once and hashes through the concrete `SHA256`.
    /// Immutable once made (swift-crypto does not mark its hashers Sendable).
    private let inner: SHA256
    private let outer: SHA256

    init(vault: Vault) {
        let key = vault.derivedKey(purpose: "connections row authentication v1")
        var block = [UInt8](repeating: 0, count: SHA256.blockByteCount)
        key.withUnsafeBytes { block.replaceSubrange(0..<$0.count, with: $0) }
        var inner = SHA256()
        var outer = SHA256()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        block.map { $0 ^ 0x5c }.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    func tag<Column>(_ row: StoredRow<Column>) -> Data {
        var buffer: [UInt8] = []
        return Data(code(row, TagLayout(whole: Column.self), buffer: &buffer))
    }

    func isAuthentic<Column>(_ row: StoredRow<Column>) -> Bool {
        var buffer: [UInt8] = []
        return check(Column.self, summaries: false)(row, &buffer)
    }

    /// The check of whole rows, or of summaries, prepared once for a list of them; `buffer` is reused from row to row.
    func check<Column>(_: Column.Type, summaries: Bool) -> @Sendable (StoredRow<Column>, inout [UInt8]) -> Bool {
        if summaries, let summary = Column.summary {
            let layout = TagLayout(summaryOf: Column.self)
            return { row, buffer in
                guard case .bytes(let tag) = row[summary.tag] else { return false }
                return Self.equal(code(row, layout, buffer: &buffer), tag)
            }
        }
        let layout = TagLayout(whole: Column.self)
        return { row, buffer in row.authentication.map { Self.equal(code(row, layout, buffer: &buffer), $0) } ?? false }
    }

    /// In constant time, as tags are compared.
    private static func equal(_ code: SHA256.Digest, _ tag: Data) -> Bool {
        guard tag.count == SHA256.byteCount else { return false }
        return code.withUnsafeBytes { code in
            tag.withUnsafeBytes { (tag: UnsafeRawBufferPointer) in
                var difference: UInt8 = 0
                for index in 0..<SHA256.byteCount { difference |= code[index] ^ tag[index] }
                return difference == 0
            }
        }
    }

    /// The row with its summary's tag, then its own, made anew.
    func stamped<Column>(_ row: StoredRow<Column>) -> StoredRow<Column> {
        var row = row
        if let summary = Column.summary {
            var buffer: [UInt8] = []
            row[summary.tag] = .bytes(Data(code(row, TagLayout(summaryOf: Column.self), buffer: &buffer)))
        }
        row.authentication = tag(row)
        return row
    }

    /// The HMAC of the layout's domain, then each of its columns that holds a value as its name, a kind byte, a
    /// length and the value's bytes: no two different rows encode alike. An empty (NULL) cell adds nothing, so that
    /// a column added later, empty in the rows there are, leaves their tags as they were.
    private func code<Column>(_ row: StoredRow<Column>, _ layout: TagLayout<Column>, buffer bytes: inout [UInt8]) -> SHA256.Digest {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: layout.domain)
        row.cells.withUnsafeBufferPointer { cells in
            for (slot, column) in layout.columns.enumerated() {
                let cell = cells[column]
                if case .null = cell { continue }
                bytes.append(contentsOf: layout.prefixes[layout.prefixBounds[slot]..<layout.prefixBounds[slot + 1]])
                switch cell {
                case .null: break
                case .text(let value):
                    appendBigEndian(UInt32(truncatingIfNeeded: value.utf8.count), to: &bytes)
                    if value.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
                        bytes.append(contentsOf: value.utf8)
                    }
                case .number(let number): appendBigEndian(number.bitPattern, to: &bytes)
                case .flag(let flag): bytes.append(flag ? 1 : 0)
                case .bytes(let data):
                    appendBigEndian(UInt32(truncatingIfNeeded: data.count), to: &bytes)
                    bytes.append(contentsOf: data)
                }
            }
        }
        return bytes.withUnsafeBytes(authenticationCode)
    }

    /// HMAC-SHA256 of `bytes` under the row key: the same code as swift-crypto's `HMAC<SHA256>`.
    func authenticationCode(_ bytes: UnsafeRawBufferPointer) -> SHA256.Digest {
        var innerHash = inner
        innerHash.update(bufferPointer: bytes)
        var outerHash = outer
        innerHash.finalize().withUnsafeBytes { outerHash.update(bufferPointer: $0) }
        return outerHash.finalize()
    }
}

/// What a tag covers, encoded once: the domain (the table's name, with " summary" for a summary's tag), and for
/// each column (by its index in a row's cells) its name and kind byte, as every cell that holds a value begins; the
/// prefixes are one array, column `slot`'s at `prefixBounds[slot]..<prefixBounds[slot + 1]`.
private struct TagLayout<Column: StoredColumn> {
    let domain: [UInt8]
    let columns: [Int]
    let prefixes: [UInt8]
    let prefixBounds: [Int]

    init(whole _: Column.Type) { self.init(domain: Column.table, columns: Column.columns) }

    init(summaryOf _: Column.Type) {
        self.init(domain: Column.table + " summary", columns: Column.summary?.columns ?? Column.columns)
    }

    private init(domain: String, columns: [Column]) {
        self.domain = Self.text(domain)
        self.columns = columns.map(\.rawValue)
        var prefixes: [UInt8] = [], bounds = [0]
        for column in columns {
            let kind: UInt8 =
                switch column.kind {
                case .text: 1
                case .number: 2
                case .flag: 3
                case .bytes: 4
                }
            prefixes += Self.text(column.name) + [kind]
            bounds.append(prefixes.count)
        }
        self.prefixes = prefixes
        prefixBounds = bounds
    }

    static func text(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendBigEndian(UInt32(truncatingIfNeeded: text.utf8.count), to: &bytes)
        return bytes + Array(text.utf8)
    }
}

/// `value` in big-endian byte order: every length and number a tag covers.
private func appendBigEndian(_ value: some FixedWidthInteger, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
}
