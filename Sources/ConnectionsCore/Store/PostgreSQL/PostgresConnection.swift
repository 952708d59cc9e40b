import CLibPQ
import Foundation

/// One libpq connection, used by one thread at a time (the store holds a lock around it). Parameters and results
/// travel as text; `bytea` as `\x` hex.
final class PostgresConnection: @unchecked Sendable {
    private let pq: LibPQ
    private let handle: OpaquePointer
    let address: PostgresAddress

    /// Connects; libpq reads the password from the URL, `PGPASSWORD` or `~/.pgpass`, and TLS from `sslmode` (at
    /// least `require` for a host on the network).
    init(_ address: PostgresAddress) throws(StoreError) {
        self.address = address
        let pq = try LibPQ.shared.get()
        self.pq = pq
        // libpq reads this process's environment, so that is what decides here too.
        let parameters = address.libpqParameters(environment: ProcessInfo.processInfo.environment)
        let keywords = parameters.map(\.keyword)
        let values = parameters.map(\.value)
        let handle = Self.withCStrings(keywords) { keywordPointers in
            Self.withCStrings(values) { valuePointers in pq.connectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let handle else { throw .teamStoreUnreachable(place: address.place, reason: "out of memory") }
        self.handle = handle
        guard pq.status(handle) == CONNECTION_OK else { throw .teamStoreUnreachable(place: address.place, reason: lastError) }
    }

    deinit { pq.finish(handle) }

    var lastError: String {
        let text = pq.errorMessage(handle).map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.split(separator: "\n").first.map(String.init) ?? "the connection failed"
    }

    var isBroken: Bool { pq.status(handle) != CONNECTION_OK }

    /// Connects again after the server went away; true when it worked.
    func reconnect() -> Bool {
        pq.reset(handle)
        return !isBroken
    }

    /// Runs one statement with `$1`… parameters; the rows as text cells (nil for NULL).
    @discardableResult
    func execute(_ sql: String, _ parameters: [PostgresValue?] = []) throws(StoreError) -> [[String?]] {
        let texts = parameters.map { $0?.text }
        let result = Self.withOptionalCStrings(texts) { pointers in
            pq.execParams(handle, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
        }
        defer { pq.clear(result) }
        guard let result else { throw .teamStoreUnreachable(place: address.place, reason: lastError) }
        switch pq.resultStatus(result) {
        case PGRES_COMMAND_OK: return []
        case PGRES_TUPLES_OK: return rows(result)
        default: throw failure(result)
        }
    }

    /// The first cell of the first row.
    func value(_ sql: String, _ parameters: [PostgresValue?] = []) throws(StoreError) -> String? {
        try execute(sql, parameters).first?.first ?? nil
    }

    /// Runs several statements without parameters (a migration step).
    func executeScript(_ sql: String) throws(StoreError) {
        let result = pq.exec(handle, sql)
        defer { pq.clear(result) }
        guard let result else { throw .teamStoreUnreachable(place: address.place, reason: lastError) }
        let status = pq.resultStatus(result)
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else { return }
        throw failure(result)
    }

    private func failure(_ result: OpaquePointer) -> StoreError {
        if isBroken { return .teamStoreUnreachable(place: address.place, reason: lastError) }
        let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let message = pq.resultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? lastError
        return .teamStoreFailed(place: address.place, state: state, message: message)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if !isBroken { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// The notifications that arrived, without waiting (LISTEN must have been sent on this connection).
    func notifications() throws(StoreError) -> [(channel: String, payload: String)] {
        guard pq.consumeInput(handle) == 1 else { throw .teamStoreUnreachable(place: address.place, reason: lastError) }
        var found: [(String, String)] = []
        while let notice = pq.notifies(handle) {
            found.append((String(cString: notice.pointee.relname), String(cString: notice.pointee.extra)))
            pq.freemem(notice)
        }
        return found
    }

    /// Waits until the server sends something (a notification, or the end of the connection) or `milliseconds` pass;
    /// true for the former. Read what came with `notifications()`.
    func waitForInput(milliseconds: Int32) throws(StoreError) -> Bool {
        var socket = pollfd(fd: pq.socket(handle), events: Int16(POLLIN), revents: 0)
        guard socket.fd >= 0 else { throw .teamStoreUnreachable(place: address.place, reason: lastError) }
        return poll(&socket, 1, milliseconds) > 0
    }

    private func rows(_ result: OpaquePointer) -> [[String?]] {
        let rowCount = pq.ntuples(result), columnCount = pq.nfields(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var cells: [String?] = []
            cells.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if pq.getisnull(result, row, column) == 1 {
                    cells.append(nil)
                } else {
                    cells.append(pq.getvalue(result, row, column).map { String(cString: $0) })
                }
            }
            rows.append(cells)
        }
        return rows
    }

    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        withOptionalCStrings(strings + [nil]) { body($0!) }
    }

    private static func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        let copies = strings.map { $0.map { UnsafePointer(strdup($0)) } ?? nil }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return copies.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// A parameter as PostgreSQL reads it in text form.
enum PostgresValue {
    case text(String)
    case number(Double)
    case flag(Bool)
    case bytes(Data)

    var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): number.isFinite ? "\(number)" : (number > 0 ? "Infinity" : "-Infinity")
        case .flag(let flag): flag ? "t" : "f"
        case .bytes(let data): "\\x" + data.map { String(format: "%02x", $0) }.joined()
        }
    }

    static func optional(_ text: String?) -> PostgresValue? { text.map(PostgresValue.text) }
    static func optional(_ number: Double?) -> PostgresValue? { number.map(PostgresValue.number) }
    static func optional(_ data: Data?) -> PostgresValue? { data.map(PostgresValue.bytes) }
}

/// Reading text cells back.
enum PostgresCell {
    static func double(_ text: String?) -> Double? {
        guard let text else { return nil }
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    static func bytes(_ text: String?) -> Data? {
        guard var text, text.hasPrefix("\\x") else { return nil }
        // Into an array first: a list decodes a tag on every row, and Data grows slowly a byte at a time.
        return text.withUTF8 { utf8 -> Data? in
            var bytes = [UInt8](repeating: 0, count: (utf8.count - 2) / 2)
            for index in bytes.indices {
                guard let high = hexValue(utf8[2 + 2 * index]), let low = hexValue(utf8[3 + 2 * index]) else { return nil }
                bytes[index] = high << 4 | low
            }
            // An odd digit at the end (no server sends one) is checked, and dropped as before.
            if utf8.count % 2 == 1, hexValue(utf8[utf8.count - 1]) == nil { return nil }
            return Data(bytes)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
