import Foundation

/// The team store: services and connections in PostgreSQL, shared by every machine of a team. Secrets are sealed
/// here with the team key (AES-256-GCM, as the local store does); the key never reaches the server. One libpq
/// connection, one caller at a time.
public final class PostgresStore: ConnectionStore, @unchecked Sendable {
    public let address: PostgresAddress
    let vault: Vault
    let authentication: RowAuthentication
    var sealedJSON: SealedJSON { SealedJSON(vault: vault) }
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// Moves each time the connection is made again: notifications sent meanwhile were lost.
    private(set) var generation = 0
    var listening = false

    public var place: String { address.place }

    private static let keyCheckContext = "meta:key_check"

    public init(address: PostgresAddress, environment: [String: String], keyFile: URL?) throws(StoreError) {
        self.address = address
        let vault = try Vault.teamKey(environment: environment, keyFile: keyFile, place: address.place)
        self.vault = vault
        authentication = RowAuthentication(vault: vault)
        connection = try PostgresConnection(address)
        // One round trip when the schema is current; migrating (under a lock) only when it is not.
        var meta = try? Self.meta(connection)
        if meta?["schema_version"].flatMap(Int.init) != PostgresSchema.version {
            try PostgresSchema.migrate(connection) { connection, trustingAll throws(StoreError) in
                try stampRows(connection, trustingAll: trustingAll)
            }
            meta = try Self.meta(connection)
        }
        try verifyKey(stored: meta?["key_check"])
    }

    /// Stamps the rows a store made before a step that its tags cover, with a key that opens the store only: every
    /// row, trusted once as it is, when rows had no authentication yet (`trustingAll`); else the authentic ones.
    private func stampRows(_ connection: PostgresConnection, trustingAll: Bool) throws(StoreError) {
        guard let check = try connection.value("SELECT value FROM connections.meta WHERE key = 'key_check'") else { return }
        guard opens(check) else { throw .teamKeyMismatch(place: place) }
        try stamp(connection, ConnectionRow.self, trustingAll: trustingAll)
        try stamp(connection, ServiceRow.self, trustingAll: trustingAll)
    }

    private func stamp<Column>(_ connection: PostgresConnection, _: StoredRow<Column>.Type, trustingAll: Bool) throws(StoreError) {
        let table = StoredRow<Column>.postgresTable
        for texts in try connection.execute("SELECT \(StoredRow<Column>.selection) FROM \(table)") {
            guard let row = StoredRow<Column>(postgres: texts, columns: Column.columns, tagged: true),
                trustingAll || authentication.isAuthentic(row)
            else { continue }
            try update(connection, row, kind: Column.table)
        }
    }

    private static func meta(_ connection: PostgresConnection) throws(StoreError) -> [String: String] {
        var values: [String: String] = [:]
        for row in try connection.execute("SELECT key, value FROM connections.meta WHERE key IN ('schema_version', 'key_check')") {
            if let key = row[0], let value = row[1] { values[key] = value }
        }
        return values
    }

    /// A sealed known value tells a wrong key apart at once, before anything is read or written.
    private func opens(_ keyCheck: String?) -> Bool {
        guard let keyCheck, let sealed = Data(base64Encoded: keyCheck) else { return false }
        return (try? vault.open(sealed, context: Self.keyCheckContext)) != nil
    }

    private func verifyKey(stored: String?) throws(StoreError) {
        if stored != nil {
            guard opens(stored) else { throw .teamKeyMismatch(place: place) }
            return
        }
        guard let sealed = try? vault.seal(Data("connections".utf8), context: Self.keyCheckContext) else {
            throw .teamKeyMismatch(place: place)
        }
        try connection.execute(
            "INSERT INTO connections.meta (key, value) VALUES ('key_check', $1) ON CONFLICT (key) DO NOTHING",
            [.text(sealed.base64EncodedString())])
        // Another machine may have won the insert with its own key.
        guard opens(try Self.meta(connection)["key_check"]) else { throw .teamKeyMismatch(place: place) }
    }

    /// Runs a job on the connection, one caller at a time. A connection the server dropped is made again first,
    /// and a read that fails because the server went away meanwhile is tried once more on a new connection.
    func run<T>(reading: Bool = false, _ job: (PostgresConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        try reconnectIfBroken()
        do {
            return try job(connection)
        } catch .teamStoreUnreachable(let place, let reason) {
            guard reading, connection.isBroken, connection.reconnect() else {
                throw StoreError.teamStoreUnreachable(place: place, reason: reason)
            }
            reconnected()
            return try job(connection)
        }
    }

    private func reconnectIfBroken() throws(StoreError) {
        guard connection.isBroken else { return }
        guard connection.reconnect() else { throw .teamStoreUnreachable(place: place, reason: connection.lastError) }
        reconnected()
    }

    private func reconnected() {
        generation += 1
        listening = false
    }

    /// Opens another connection to the same store (a refresh lease holds its own).
    func openConnection() throws(StoreError) -> PostgresConnection { try PostgresConnection(address) }
}
