import Foundation

/// Checks rows as a list reads them and makes each into a value: a batch is checked on another core while the next
/// one is read, so that reading and checking overlap and only a batch of rows is held at a time. The values are
/// made in place and moved out once, without a copy each.
final class RowChecker<Column: StoredColumn, Value: Sendable> {
    typealias Make = @Sendable (_ key: String, _ row: StoredRow<Column>?) -> Value
    private struct Read: Sendable {
        let row: StoredRow<Column>?
        /// The key of a row whose cells do not fit their columns, to name it in the refusal.
        let undecodableKey: String?
    }

    private static var batchSize: Int { 512 }
    private let isAuthentic: @Sendable (StoredRow<Column>, inout [UInt8]) -> Bool
    private let make: Make
    private var batch: [Read] = []
    private let checking = DispatchGroup()
    /// Values made so far, then the slots of the batch being checked: reallocated only while no batch is.
    private var values: UnsafeMutablePointer<Value>
    private var capacity = 1024
    private var made = 0
    private var inFlight = 0

    /// `make` gets nil for a row that fails its check or could not be read.
    init(_ authentication: RowAuthentication, summaries: Bool, make: @escaping Make) {
        isAuthentic = authentication.check(Column.self, summaries: summaries)
        self.make = make
        values = .allocate(capacity: capacity)
        batch.reserveCapacity(Self.batchSize)
    }

    deinit {
        checking.wait()
        values.deinitialize(count: made + inFlight)
        values.deallocate()
    }

    func add(_ row: StoredRow<Column>?, key: @autoclosure () -> String) {
        batch.append(Read(row: row, undecodableKey: row == nil ? key() : nil))
        if batch.count == Self.batchSize { submit() }
    }

    func finish() -> [Value] {
        submit()
        collect()
        let all = [Value](unsafeUninitializedCapacity: made) { array, count in
            array.baseAddress!.moveInitialize(from: values, count: made)
            count = made
        }
        made = 0
        return all
    }

    private func submit() {
        guard !batch.isEmpty else { return }
        collect()
        if made + batch.count > capacity {
            capacity = max(capacity * 2, made + batch.count)
            let larger = UnsafeMutablePointer<Value>.allocate(capacity: capacity)
            larger.moveInitialize(from: values, count: made)
            values.deallocate()
            values = larger
        }
        let reads = batch
        batch.removeAll(keepingCapacity: true)
        inFlight = reads.count
        nonisolated(unsafe) let slots = values + made
        let isAuthentic = isAuthentic
        let make = make
        DispatchQueue.global().async(group: checking) {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1024)
            for (index, read) in reads.enumerated() {
                let row = read.row.flatMap { isAuthentic($0, &buffer) ? $0 : nil }
                (slots + index).initialize(to: make(read.row?.key ?? read.undecodableKey ?? "", row))
            }
        }
    }

    /// Waits for the batch being checked; its values join those made.
    private func collect() {
        guard inFlight > 0 else { return }
        checking.wait()
        made += inFlight
        inFlight = 0
    }
}

extension RowChecker {
    /// Rows already in memory (a team store's whole answer): decoded, checked and made into values on every core.
    /// `decode` gives a source's row (nil when its cells do not fit) and the key to name it by.
    static func all<Source: Sendable>(
        _ sources: [Source], _ authentication: RowAuthentication, summaries: Bool, make: Make,
        decode: @Sendable (Source) -> (row: StoredRow<Column>?, key: String)
    ) -> [Value] {
        let isAuthentic = authentication.check(Column.self, summaries: summaries)
        let parts = sources.count < 1000 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let size = (sources.count + parts - 1) / parts
        return [Value](unsafeUninitializedCapacity: sources.count) { values, count in
            nonisolated(unsafe) let slots = values.baseAddress!
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(1024)
                for index in part * size..<min(sources.count, (part + 1) * size) {
                    let (row, key) = decode(sources[index])
                    (slots + index).initialize(to: make(key, row.flatMap { isAuthentic($0, &buffer) ? $0 : nil }))
                }
            }
            count = sources.count
        }
    }
}
