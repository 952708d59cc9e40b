import Foundation

/// Where services and connections are kept: the embedded SQLite store and the team store on PostgreSQL.
/// `StoreContractTests` runs the same tests against each. Every row read is checked against its authentication
/// tag (`RowAuthentication`), and every change to a stored connection is one read-modify-write of the row as it is
/// now, in the store's transaction: nothing writes a column from a value read earlier.
public protocol ConnectionStore: AnyObject, Sendable {
    /// Where the store is, for messages: a file path, or a host and database.
    var place: String { get }

    func customServices() throws(StoreError) -> [Service]
    func customService(_ linkName: String) throws(StoreError) -> Service?
    /// Inserts a custom service, or replaces the one with the same link name when `replace` is set.
    func saveService(_ service: Service, replace: Bool) throws(StoreError)
    /// Refused while connections use the service.
    func deleteService(_ linkName: String) throws(StoreError)

    /// Every connection by name (any case, then link name), or the first `limit` of them; nothing is decrypted.
    func connectionSummaries(limit: Int?) throws(StoreError) -> [ConnectionSummary]
    func connectionCount() throws(StoreError) -> Int
    func connectionLinkNames() throws(StoreError) -> Set<String>
    func connection(_ linkName: String) throws(StoreError) -> Connection?
    /// Inserts all or none, in one transaction; a link name already taken is `StoreError.duplicate`.
    func insertConnections(_ connections: [Connection]) throws(StoreError)
    /// Inserts services and connections (as they are, times and authors included) in one transaction, all or none;
    /// a link name already taken is `StoreError.duplicate`. `store copy` moves a whole store with it.
    func insertAll(services: [Service], connections: [Connection]) throws(StoreError)
    func deleteConnection(_ linkName: String) throws(StoreError)
    /// Reads, changes and writes back one connection in one transaction, stamping `updatedAt`; returns it as
    /// written. An error `change` throws (a validation failure) leaves the row as it was and is thrown as it is;
    /// the store's own errors are `StoreError`s.
    @discardableResult
    func modifyConnection(_ linkName: String, _ change: (inout Connection) throws -> Void) throws -> Connection
    /// Sets the status alone, without decrypting the row (so it works on a row whose secrets no longer open).
    func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError)

    /// A mark to ask `changes(since:)` about later.
    func changeMark() throws(StoreError) -> ChangeMark
    /// Nil when nothing changed since `mark` (the usual case, and cheap).
    func changes(since mark: ChangeMark) throws(StoreError) -> ConnectionChanges?
    /// What wakes a view when another process changes a connection; nil when the store announces nothing (SQLite:
    /// asking `changes(since:)` now and then is all there is).
    func changeWaiter() -> (any ChangeWaiter)?

    /// Waits until this process alone may refresh `linkName`, across every process using the store.
    /// A holder that dies releases it.
    func refreshLease(_ linkName: String) async throws(StoreError) -> any RefreshLease
}

/// Held while one refresh runs; `release` ends it.
public protocol RefreshLease: Sendable {
    func release()
}

extension ConnectionStore {
    public func connectionSummaries() throws(StoreError) -> [ConnectionSummary] { try connectionSummaries(limit: nil) }

    public func insertConnection(_ connection: Connection) throws(StoreError) { try insertConnections([connection]) }

    /// Deletes a service whose row fails its check or whose values fail the service rules, sending nothing anywhere
    /// (nothing in it can be trusted, the addresses included); false when it is sound or there is none.
    func deleteIfChangedOutside(service linkName: String) throws(StoreError) -> Bool {
        do {
            _ = try customService(linkName)
            return false
        } catch .changedOutside, .invalidService {
            try deleteService(linkName)
            return true
        }
    }

    /// Deletes a connection whose row fails its check, as `deleteIfChangedOutside(service:)` does.
    func deleteIfChangedOutside(connection linkName: String) throws(StoreError) -> Bool {
        do {
            _ = try connection(linkName)
            return false
        } catch .changedOutside {
            try deleteConnection(linkName)
            return true
        }
    }

    /// Whether a custom service has this link name, whether or not its row passes its check.
    func customServiceExists(_ linkName: String) throws(StoreError) -> Bool {
        do {
            return try customService(linkName) != nil
        } catch .changedOutside, .invalidService {
            return true
        }
    }

    /// Stores a new token set and status in one transaction, leaving name, scopes and parameters as they are.
    /// Called the moment a provider answers, so that a rotated refresh token is never lost.
    /// `authorizedBy` names who signed in; a refresh leaves the last one.
    public func saveAuthorization(
        _ linkName: String, tokens: TokenSet?, status: ConnectionStatus, authorizedBy: String? = nil
    ) throws {
        try modifyConnection(linkName) { connection in
            connection.tokens = tokens
            connection.storedStatus = status
            if let authorizedBy { connection.authorizedBy = authorizedBy }
        }
    }

    /// Stores API key or Basic credentials (encrypted with the row) and the status, in one transaction.
    public func saveCredentials(
        _ linkName: String, _ credentials: [String: Secret], status: ConnectionStatus, authorizedBy: String? = nil
    ) throws {
        try modifyConnection(linkName) { connection in
            connection.credentials = credentials
            connection.storedStatus = status
            if let authorizedBy { connection.authorizedBy = authorizedBy }
        }
    }
}
