import Foundation

/// The lower-cased text each row of a list is found by, in one buffer, searched with `memmem`:
/// String.contains compares by Unicode rules and costs milliseconds over 10,000 rows.
struct SearchKeys: Equatable, Sendable {
    private var bytes: [UInt8] = []
    /// Where each row's key ends in `bytes`.
    private var ends: [Int] = []

    init() {}

    init(_ keys: some Sequence<String>) {
        for key in keys {
            bytes.append(contentsOf: key.lowercased().utf8)
            ends.append(bytes.count)
        }
    }

    /// The rows whose key contains `query`, in any case: `memchr` finds each candidate first byte over the
    /// whole buffer, `memcmp` checks the rest, and a match never runs across the end of a row.
    func matching(_ query: String) -> [Int] {
        let needle = Array(query.lowercased().utf8)
        guard !needle.isEmpty else { return Array(ends.indices) }
        guard bytes.count >= needle.count else { return [] }
        var rows: [Int] = []
        bytes.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { wanted in
                let base = haystack.baseAddress!
                let last = haystack.count - wanted.count
                var position = 0
                var row = 0
                while position <= last, let hit = memchr(base + position, Int32(wanted[0]), last - position + 1) {
                    let offset = UnsafeRawPointer(hit) - base
                    while ends[row] <= offset { row += 1 }
                    if offset + wanted.count <= ends[row], memcmp(hit, wanted.baseAddress!, wanted.count) == 0 {
                        rows.append(row)
                        position = ends[row]
                    } else {
                        position = offset + 1
                    }
                }
            }
        }
        return rows
    }
}
