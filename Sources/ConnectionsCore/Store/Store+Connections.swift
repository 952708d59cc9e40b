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

    public func connectionSummaries() throws(StoreError) -> [ConnectionSummary] {
        try run {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT link_name, name, service_link_name, status, status_reason, expires_at, has_refresh_token,
                           scopes, granted_scopes, created_at, updated_at
                    FROM connections ORDER BY name COLLATE NOCASE, link_name
                    """).map(Self.decodeSummary)
            }
        }
    }

    public func connectionLinkNames() throws(StoreError) -> Set<String> {
        Set(try run { try pool.read { db in try String.fetchAll(db, sql: "SELECT link_name FROM connections") } })
    }

    public func connection(_ linkName: String) throws(StoreError) -> Connection? {
        try run {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM connections WHERE link_name = ?", arguments: [linkName]).map(decodeConnection)
            }
        }
    }

    public func insertConnection(_ connection: Connection) throws(StoreError) {
        let values = try run { try rowValues(connection) }
        try run {
            try pool.write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM connections WHERE link_name = ?", arguments: [connection.linkName]) ?? false {
                    throw StoreError.duplicate(kind: "connection", linkName: connection.linkName)
                }
                try db.execute(sql: """
                    INSERT INTO connections (link_name, name, service_link_name, client_id, scopes, parameters, status, status_reason,
                        token_type, expires_at, has_refresh_token, granted_scopes, token_extra, secrets, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(values))
            }
        }
    }

    /// Stores every field but the link name and creation time.
    public func updateConnection(_ connection: Connection) throws(StoreError) {
        let values = try run { try rowValues(connection) }
        try run {
            try pool.write { db in try Self.update(db, values: values) }
        }
    }

    static func update(_ db: Database, values: [DatabaseValueConvertible?]) throws {
        try db.execute(sql: """
            UPDATE connections SET name = ?2, service_link_name = ?3, client_id = ?4, scopes = ?5, parameters = ?6,
                status = ?7, status_reason = ?8, token_type = ?9, expires_at = ?10, has_refresh_token = ?11,
                granted_scopes = ?12, token_extra = ?13, secrets = ?14, updated_at = ?16
            WHERE link_name = ?1
            """, arguments: StatementArguments(values))
        if db.changesCount == 0 { throw StoreError.notFound(kind: "connection", linkName: values[0] as? String ?? "") }
    }

    public func deleteConnection(_ linkName: String) throws(StoreError) {
        try run {
            try pool.write { db in
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
            try Self.json(connection.scopes), try Self.json(connection.parameters),
            connection.storedStatus.code, connection.storedStatus.reason,
            tokens?.tokenType, tokens?.expiresAt?.timeIntervalSince1970, tokens?.refreshToken != nil,
            try tokens?.grantedScopes.map(Self.json), try tokens.map { try Self.json($0.extra) },
            hasSecrets ? try sealJSON(secrets, context: Self.connectionContext(connection.linkName)) : nil,
            connection.createdAt.timeIntervalSince1970, connection.updatedAt.timeIntervalSince1970,
        ]
    }

    static func decodeSummary(_ row: Row) throws -> ConnectionSummary {
        ConnectionSummary(
            name: row["name"], linkName: row["link_name"], serviceLinkName: row["service_link_name"],
            storedStatus: ConnectionStatus(code: row["status"], reason: row["status_reason"]) ?? .notConnected,
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            hasRefreshToken: row["has_refresh_token"],
            scopes: try fromJSON([String].self, row["scopes"]) ?? [],
            grantedScopes: try fromJSON([String].self, row["granted_scopes"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    func decodeConnection(_ row: Row) throws -> Connection {
        let summary = try Self.decodeSummary(row)
        let secrets = try openJSON(
            ConnectionSecrets.self, row["secrets"], context: Self.connectionContext(summary.linkName),
            what: "connection \(summary.linkName)")
        var tokens: TokenSet?
        if let accessToken = secrets?.accessToken {
            tokens = TokenSet(
                accessToken: accessToken, refreshToken: secrets?.refreshToken, tokenSecret: secrets?.tokenSecret,
                tokenType: row["token_type"] ?? "Bearer", expiresAt: summary.expiresAt, grantedScopes: summary.grantedScopes,
                extra: try Self.fromJSON([String: String].self, row["token_extra"]) ?? [:])
        }
        return Connection(
            name: summary.name, linkName: summary.linkName, serviceLinkName: summary.serviceLinkName,
            clientID: row["client_id"], clientSecret: secrets?.clientSecret, scopes: summary.scopes,
            parameters: try Self.fromJSON([KeyValue].self, row["parameters"]) ?? [], storedStatus: summary.storedStatus,
            tokens: tokens, credentials: secrets?.credentials ?? [:], createdAt: summary.createdAt, updatedAt: summary.updatedAt)
    }
}
