import Foundation
import GRDB

/// The encrypted half of a connection row.
struct ConnectionSecrets: Codable {
    var accessToken: Secret?
    var refreshToken: Secret?
    var tokenSecret: Secret?
    var clientSecret: Secret?
    var credentials: [String: Secret]
}

extension Store {
    static func connectionContext(_ linkName: String) -> String { "connection:" + linkName }

    /// The columns `decodeSummary` reads, by position; full rows append the rest.
    static let summaryColumns = """
        link_name, name, service_link_name, status, status_reason, expires_at, has_refresh_token,
        scopes, granted_scopes, created_at, updated_at
        """
    static let connectionColumns = summaryColumns + ", client_id, parameters, token_type, token_extra, secrets, token_obtained_at"

    /// Every connection by name, or the first `limit` of them.
    public func connectionSummaries(limit: Int? = nil) throws(StoreError) -> [ConnectionSummary] {
        try run {
            try database.read { db in
                // A cursor decodes straight from the statement, without copying each row first.
                try Array(Row.fetchCursor(
                    db, sql: "SELECT \(Self.summaryColumns) FROM connections ORDER BY name COLLATE NOCASE, link_name LIMIT ?",
                    arguments: [limit ?? -1]
                ).map(Self.decodeSummary))
            }
        }
    }

    public func connectionCount() throws(StoreError) -> Int {
        try run { try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM connections") ?? 0 } }
    }

    public func connectionLinkNames() throws(StoreError) -> Set<String> {
        Set(try run { try database.read { db in try String.fetchAll(db, sql: "SELECT link_name FROM connections") } })
    }

    public func connection(_ linkName: String) throws(StoreError) -> Connection? {
        try run {
            try database.read { db in
                try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE link_name = ?", arguments: [linkName])
                    .map(decodeConnection)
            }
        }
    }

    public func insertConnection(_ connection: Connection) throws(StoreError) {
        try insertConnections([connection])
    }

    /// Inserts all or none, in one transaction.
    public func insertConnections(_ connections: [Connection]) throws(StoreError) {
        let rows = try run { try connections.map { ($0.linkName, try rowValues($0)) } }
        try run {
            try database.write { db in
                for (linkName, values) in rows {
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM connections WHERE link_name = ?", arguments: [linkName]) ?? false {
                        throw StoreError.duplicate(kind: "connection", linkName: linkName)
                    }
                    try db.execute(sql: """
                        INSERT INTO connections (link_name, name, service_link_name, client_id, scopes, parameters, status, status_reason,
                            token_type, expires_at, has_refresh_token, granted_scopes, token_extra, secrets, created_at, updated_at, token_obtained_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: StatementArguments(values))
                }
            }
        }
    }

    /// Stores every field but the link name and creation time.
    public func updateConnection(_ connection: Connection) throws(StoreError) {
        let values = try run { try rowValues(connection) }
        try run {
            try database.write { db in try Self.update(db, values: values) }
        }
    }

    static func update(_ db: Database, values: [DatabaseValueConvertible?]) throws {
        try db.execute(sql: """
            UPDATE connections SET name = ?2, service_link_name = ?3, client_id = ?4, scopes = ?5, parameters = ?6,
                status = ?7, status_reason = ?8, token_type = ?9, expires_at = ?10, has_refresh_token = ?11,
                granted_scopes = ?12, token_extra = ?13, secrets = ?14, updated_at = ?16, token_obtained_at = ?17
            WHERE link_name = ?1
            """, arguments: StatementArguments(values))
        if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: values[0] as? String ?? "") }
    }

    public func deleteConnection(_ linkName: String) throws(StoreError) {
        try run {
            try database.write { db in
                try db.execute(sql: "DELETE FROM connections WHERE link_name = ?", arguments: [linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            }
        }
    }

    /// Column values in the order of the INSERT statement above.
    func rowValues(_ connection: Connection) throws -> [DatabaseValueConvertible?] {
        let tokens = connection.tokens
        let secrets = ConnectionSecrets(
            accessToken: tokens?.accessToken, refreshToken: tokens?.refreshToken, tokenSecret: tokens?.tokenSecret,
            clientSecret: connection.clientSecret, credentials: connection.credentials)
        let hasSecrets = tokens != nil || !connection.credentials.isEmpty || connection.clientSecret != nil
        return [
            connection.linkName, connection.name, connection.serviceLinkName, connection.clientID,
            Self.spaceSeparated(connection.scopes), try Self.json(connection.parameters),
            connection.storedStatus.code, connection.storedStatus.reason,
            tokens?.tokenType, tokens?.expiresAt?.clampedSecondsSince1970, tokens?.refreshToken != nil,
            tokens?.grantedScopes.map(Self.spaceSeparated), try tokens.map { try Self.json($0.extra) },
            hasSecrets ? try sealJSON(secrets, context: Self.connectionContext(connection.linkName)) : nil,
            connection.createdAt.timeIntervalSince1970, connection.updatedAt.timeIntervalSince1970,
            tokens?.obtainedAt?.clampedSecondsSince1970,
        ]
    }

    /// Scopes never contain white space (RFC 6749 §3.3), so one space separates them in their column.
    static func spaceSeparated(_ scopes: [String]) -> String { scopes.joined(separator: " ") }

    static func scopeList(_ text: String?) -> [String]? {
        text.map { $0.split(separator: " ").map(String.init) }
    }

    static func decodeSummary(_ row: Row) throws -> ConnectionSummary {
        ConnectionSummary(
            name: try row.decode(atIndex: 1), linkName: try row.decode(atIndex: 0), serviceLinkName: try row.decode(atIndex: 2),
            storedStatus: ConnectionStatus(code: try row.decode(atIndex: 3), reason: try row.decode(atIndex: 4)) ?? .notConnected,
            expiresAt: Date.saturating(secondsSince1970: try row.decode(atIndex: 5)),
            hasRefreshToken: try row.decode(atIndex: 6),
            scopes: scopeList(try row.decode(atIndex: 7)) ?? [],
            grantedScopes: scopeList(try row.decode(atIndex: 8)),
            createdAt: Date.saturating(secondsSince1970: try row.decode(atIndex: 9)) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Date.saturating(secondsSince1970: try row.decode(atIndex: 10)) ?? Date(timeIntervalSince1970: 0))
    }

    func decodeConnection(_ row: Row) throws -> Connection {
        let summary = try Self.decodeSummary(row)
        let secrets = try openJSON(
            ConnectionSecrets.self, try row.decode(atIndex: 15), context: Self.connectionContext(summary.linkName),
            what: "connection \(summary.linkName)")
        var tokens: TokenSet?
        if let accessToken = secrets?.accessToken {
            tokens = TokenSet(
                accessToken: accessToken, refreshToken: secrets?.refreshToken, tokenSecret: secrets?.tokenSecret,
                tokenType: try row.decode(atIndex: 13) ?? "Bearer", expiresAt: summary.expiresAt,
                obtainedAt: Date.saturating(secondsSince1970: try row.decode(atIndex: 16)), grantedScopes: summary.grantedScopes,
                extra: try Self.fromJSON([String: String].self, try row.decode(atIndex: 14)) ?? [:])
        }
        return Connection(
            name: summary.name, linkName: summary.linkName, serviceLinkName: summary.serviceLinkName,
            clientID: try row.decode(atIndex: 11), clientSecret: secrets?.clientSecret, scopes: summary.scopes,
            parameters: try Self.fromJSON([KeyValue].self, try row.decode(atIndex: 12)) ?? [], storedStatus: summary.storedStatus,
            tokens: tokens, credentials: secrets?.credentials ?? [:], createdAt: summary.createdAt, updatedAt: summary.updatedAt)
    }
}

extension Store {
    /// Stores a new token set and status in one transaction, leaving name, scopes and parameters as they are.
    /// Called the moment a provider answers, so that a rotated refresh token is never lost.
    public func saveAuthorization(_ linkName: String, tokens: TokenSet?, status: ConnectionStatus) throws(StoreError) {
        try modify(linkName) { connection in
            connection.tokens = tokens
            connection.storedStatus = status
        }
    }

    /// Stores API key or Basic credentials (encrypted with the row) and the status, in one transaction.
    public func saveCredentials(_ linkName: String, _ credentials: [String: Secret], status: ConnectionStatus) throws(StoreError) {
        try modify(linkName) { connection in
            connection.credentials = credentials
            connection.storedStatus = status
        }
    }

    /// Reads, changes and writes back one connection in one write transaction.
    private func modify(_ linkName: String, _ change: @escaping (inout Connection) -> Void) throws(StoreError) {
        try run {
            try database.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE link_name = ?", arguments: [linkName]) else {
                    throw StoreError.notFound(kind: "connection", linkName: linkName)
                }
                var connection = try decodeConnection(row)
                change(&connection)
                connection.updatedAt = Date()
                try Self.update(db, values: try rowValues(connection))
            }
        }
    }

    /// Marks the connection as needing a new authorization, keeping its tokens for the record.
    public func saveStatus(_ linkName: String, _ status: ConnectionStatus) throws(StoreError) {
        try run {
            try database.write { db in
                try db.execute(
                    sql: "UPDATE connections SET status = ?, status_reason = ?, updated_at = ? WHERE link_name = ?",
                    arguments: [status.code, status.reason, Date().timeIntervalSince1970, linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            }
        }
    }
}
