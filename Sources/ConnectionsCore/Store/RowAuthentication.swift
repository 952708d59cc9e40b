import Crypto
import Foundation

/// Proves that a stored row was written by Connections with the store's key: an HMAC-SHA256 over every column of
/// the row, its table's name and the columns' names, under a key derived from the vault's. A row changed, moved to
/// another link name, or inserted by someone without the key fails the check and is refused on every read. A
/// table with a summary (`StoredColumn.summary`) also tags the summary's columns alone, so that a list checks rows
/// without reading their secrets.
struct RowAuthentication: @unchecked Sendable {
    /// Immutable once made (swift-crypto does not mark it Sendable): an HMAC keyed once, copied for each row, so
    /// that a list of thousands of rows prepares the key once.
    private let keyed: HMAC<SHA256>

    init(vault: Vault) {
        keyed = HMAC<SHA256>(key: vault.derivedKey(purpose: "connections row authentication v1"))
    }

    func tag<Column>(_ row: StoredRow<Column>) -> Data {
        Data(code(row, TagLayout(whole: Column.self)))
    }

    func isAuthentic<Column>(_ row: StoredRow<Column>) -> Bool { check(Column.self, summaries: false)(row) }

    /// The check of whole rows, or of summaries, prepared once for a list of them.
    func check<Column>(_: Column.Type, summaries: Bool) -> @Sendable (StoredRow<Column>) -> Bool {
        if summaries, let summary = Column.summary {
            let layout = TagLayout(summaryOf: Column.self)
            return { row in
                guard case .bytes(let tag) = row[summary.tag] else { return false }
                return Self.equal(code(row, layout), tag)
            }
        }
        let layout = TagLayout(whole: Column.self)
        return { row in row.authentication.map { Self.equal(code(row, layout), $0) } ?? false }
    }

    /// The rows that pass the check, the others nil: a long list is checked on every core.
    func authentic<Column>(_ rows: [StoredRow<Column>?], summaries: Bool) -> [StoredRow<Column>?] {
        let isAuthentic = check(Column.self, summaries: summaries)
        let parts = rows.count < 1000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        guard parts > 1 else { return rows.map { $0.flatMap { isAuthentic($0) ? $0 : nil } } }
        let verdicts = UnsafeMutableBufferPointer<Bool>.allocate(capacity: rows.count)
        defer { verdicts.deallocate() }
        nonisolated(unsafe) let shared = verdicts
        let size = (rows.count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for index in part * size..<min(rows.count, (part + 1) * size) {
                shared[index] = rows[index].map(isAuthentic) ?? false
            }
        }
        return rows.indices.map { verdicts[$0] ? rows[$0] : nil }
    }

    /// In constant time, as tags are compared.
    private static func equal(_ code: HashedAuthenticationCode<SHA256>, _ tag: Data) -> Bool {
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
        if let summary = Column.summary { row[summary.tag] = .bytes(Data(code(row, TagLayout(summaryOf: Column.self)))) }
        row.authentication = tag(row)
        return row
    }

    /// The HMAC of the layout's domain, then each of its columns that holds a value as its name, a kind byte, a
    /// length and the value's bytes: no two different rows encode alike. An empty (NULL) cell adds nothing, so that
    /// a column added later, empty in the rows there are, leaves their tags as they were.
    private func code<Column>(_ row: StoredRow<Column>, _ layout: TagLayout<Column>) -> HashedAuthenticationCode<SHA256> {
        var bytes = layout.domain
        bytes.reserveCapacity(512)
        for (column, prefix) in layout.columns {
            switch row[column] {
            case .null:
                continue
            case .text(var value):
                bytes.append(contentsOf: prefix)
                TagLayout<Column>.appendLength(value.utf8.count, to: &bytes)
                value.withUTF8 { bytes.append(contentsOf: $0) }
            case .number(let number):
                bytes.append(contentsOf: prefix)
                let bits = number.bitPattern
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            case .flag(let flag):
                bytes.append(contentsOf: prefix)
                bytes.append(flag ? 1 : 0)
            case .bytes(let data):
                bytes.append(contentsOf: prefix)
                TagLayout<Column>.appendLength(data.count, to: &bytes)
                bytes.append(contentsOf: data)
            }
        }
        var hmac = keyed
        bytes.withUnsafeBytes { hmac.update(data: $0) }
        return hmac.finalize()
    }
}

/// What a tag covers, encoded once: the domain (the table's name, with " summary" for a summary's tag), and for
/// each column its name and kind byte, as every cell that holds a value begins.
private struct TagLayout<Column: StoredColumn> {
    let domain: [UInt8]
    let columns: [(Column, [UInt8])]

    init(whole _: Column.Type) { self.init(domain: Column.table, columns: Column.columns) }

    init(summaryOf _: Column.Type) {
        self.init(domain: Column.table + " summary", columns: Column.summary?.columns ?? Column.columns)
    }

    private init(domain: String, columns: [Column]) {
        self.domain = Self.text(domain)
        self.columns = columns.map { column in
            let kind: UInt8 =
                switch column.kind {
                case .text: 1
                case .number: 2
                case .flag: 3
                case .bytes: 4
                }
            return (column, Self.text(column.name) + [kind])
        }
    }

    static func text(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendLength(text.utf8.count, to: &bytes)
        return bytes + Array(text.utf8)
    }

    static func appendLength(_ count: Int, to bytes: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: count)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
