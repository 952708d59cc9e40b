import Foundation

/// A connection's columns, declared once for every store (see `StoredColumn`). New columns go last: the order is
/// the order each row's tag takes them in. A new column is a case here with its kind and its name in `names`, its cell
/// written in `init` and read back below, and a schema step in each backend (`SQLiteStore`'s migrator,
/// `PostgresSchema.steps`).
enum ConnectionColumn: Int, StoredColumn {
    case linkName, name, serviceLinkName, status, statusReason, expiresAt, hasRefreshToken, scopes, grantedScopes,
        createdAt, updatedAt
    case clientID, parameters, tokenType, tokenExtra, secrets, tokenObtainedAt, createdBy, authorizedBy
    case account, lastRefreshAt, lastVerifiedAt, lastVerificationPassed, lastError, consecutiveFailures, refreshTokenExpiresAt
    case summaryMac
    case lastFailureAt

    static let table = "connections"
    /// The cases' names in snake case, written out: deriving them from the cases at run time costs every command about a
    /// millisecond (`StoredColumnTests` checks that the two agree).
    static let names = [
        "link_name", "name", "service_link_name", "status", "status_reason", "expires_at", "has_refresh_token", "scopes", "granted_scopes",
        "created_at", "updated_at", "client_id", "parameters", "token_type", "token_extra", "secrets", "token_obtained_at", "created_by",
        "authorized_by", "account", "last_refresh_at", "last_verified_at", "last_verification_passed", "last_error", "consecutive_failures",
        "refresh_token_expires_at", "summary_mac", "last_failure_at",
    ]
    static let columns = allCases
    /// What `ConnectionSummary` is made of.
    static let summary: StoredSummary<Self>? = StoredSummary(
        columns: Array(columns[linkName.rawValue...updatedAt.rawValue] + columns[account.rawValue...refreshTokenExpiresAt.rawValue])
            + [lastFailureAt],
        tag: .summaryMac)

    var kind: StoredCell.Kind {
        switch self {
        case .expiresAt, .createdAt, .updatedAt, .tokenObtainedAt, .lastRefreshAt, .lastVerifiedAt, .consecutiveFailures,
            .refreshTokenExpiresAt, .lastFailureAt:
            .number
        case .hasRefreshToken, .lastVerificationPassed: .flag
        case .secrets, .summaryMac: .bytes
        case .linkName, .name, .serviceLinkName, .status, .statusReason, .scopes, .grantedScopes, .clientID, .parameters,
            .tokenType, .tokenExtra, .createdBy, .authorizedBy, .account, .lastError:
            .text
        }
    }
}

/// A connection as a store keeps it: one cell per column, secrets sealed. Every store reads and writes
/// connections through this type.
typealias ConnectionRow = StoredRow<ConnectionColumn>

extension StoredRow where Column == ConnectionColumn {
    static func sealingContext(_ linkName: String) -> String { "connection:" + linkName }

    /// The encrypted half of a row.
    private struct Secrets: Codable {
        var accessToken: Secret?
        var refreshToken: Secret?
        var tokenSecret: Secret?
        var clientSecret: Secret?
        var credentials: [String: Secret]
    }

    init(_ connection: Connection, sealing json: SealedJSON) throws {
        self.init()
        let tokens = connection.tokens
        set(.linkName, connection.linkName)
        set(.name, connection.name)
        set(.serviceLinkName, connection.serviceLinkName)
        set(.status, connection.storedStatus.code)
        set(.statusReason, connection.storedStatus.reason)
        set(.expiresAt, tokens?.expiresAt?.clampedSecondsSince1970)
        set(.hasRefreshToken, tokens?.refreshToken != nil)
        set(.scopes, Self.spaceSeparated(connection.scopes))
        set(.grantedScopes, tokens?.grantedScopes.map(Self.spaceSeparated))
        set(.createdAt, connection.createdAt.timeIntervalSince1970)
        set(.updatedAt, connection.updatedAt.timeIntervalSince1970)
        set(.clientID, connection.clientID)
        set(.parameters, try SealedJSON.text(connection.parameters))
        set(.tokenType, tokens?.tokenType)
        set(.tokenExtra, try tokens.map { try SealedJSON.text($0.extra) })
        set(.tokenObtainedAt, tokens?.obtainedAt?.clampedSecondsSince1970)
        set(.createdBy, connection.createdBy)
        set(.authorizedBy, connection.authorizedBy)
        let health = connection.health
        set(.account, health.account)
        set(.lastRefreshAt, health.lastRefreshAt?.clampedSecondsSince1970)
        set(.lastVerifiedAt, health.lastVerifiedAt?.clampedSecondsSince1970)
        if let passed = health.lastVerificationPassed { set(.lastVerificationPassed, passed) }
        set(.lastError, health.lastError)
        set(.consecutiveFailures, Double(health.consecutiveFailures))
        set(.refreshTokenExpiresAt, health.refreshTokenExpiresAt?.clampedSecondsSince1970)
        set(.lastFailureAt, health.lastFailureAt?.clampedSecondsSince1970)
        if tokens != nil || !connection.credentials.isEmpty || connection.clientSecret != nil {
            let secrets = Secrets(
                accessToken: tokens?.accessToken, refreshToken: tokens?.refreshToken, tokenSecret: tokens?.tokenSecret,
                clientSecret: connection.clientSecret, credentials: connection.credentials)
            set(.secrets, try json.seal(secrets, context: Self.sealingContext(connection.linkName)))
        }
    }

    var summary: ConnectionSummary {
        ConnectionSummary(
            name: TerminalText.singleLine(text(.name) ?? ""), linkName: key, serviceLinkName: text(.serviceLinkName) ?? "",
            storedStatus: ConnectionStatus(code: text(.status) ?? "", reason: text(.statusReason)) ?? .notConnected,
            expiresAt: Date.saturating(secondsSince1970: number(.expiresAt)), hasRefreshToken: flag(.hasRefreshToken),
            scopes: Self.scopeList(text(.scopes)) ?? [], grantedScopes: Self.scopeList(text(.grantedScopes)),
            createdAt: Date.saturating(secondsSince1970: number(.createdAt)) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Date.saturating(secondsSince1970: number(.updatedAt)) ?? Date(timeIntervalSince1970: 0), health: health)
    }

    var health: ConnectionHealth {
        let failures = number(.consecutiveFailures).map { $0.isFinite ? Int(max(0, min($0, 1e9))) : 0 } ?? 0
        return ConnectionHealth(
            account: text(.account).map { TerminalText.singleLine($0) },
            lastRefreshAt: Date.saturating(secondsSince1970: number(.lastRefreshAt)),
            lastVerifiedAt: Date.saturating(secondsSince1970: number(.lastVerifiedAt)),
            lastVerificationPassed: self[.lastVerificationPassed] == .null ? nil : flag(.lastVerificationPassed),
            lastError: text(.lastError), consecutiveFailures: failures,
            refreshTokenExpiresAt: Date.saturating(secondsSince1970: number(.refreshTokenExpiresAt)),
            lastFailureAt: Date.saturating(secondsSince1970: number(.lastFailureAt)))
    }

    func connection(opening json: SealedJSON) throws -> Connection {
        let summary = self.summary
        let secrets = try json.open(
            Secrets.self, bytes(.secrets), context: Self.sealingContext(key), what: "connection \(key)")
        var tokens: TokenSet?
        if let accessToken = secrets?.accessToken {
            tokens = TokenSet(
                accessToken: accessToken, refreshToken: secrets?.refreshToken, tokenSecret: secrets?.tokenSecret,
                tokenType: text(.tokenType) ?? "Bearer", expiresAt: summary.expiresAt,
                obtainedAt: Date.saturating(secondsSince1970: number(.tokenObtainedAt)), grantedScopes: summary.grantedScopes,
                extra: try SealedJSON.value([String: String].self, from: text(.tokenExtra)) ?? [:])
        }
        return Connection(
            name: summary.name, linkName: key, serviceLinkName: summary.serviceLinkName, clientID: text(.clientID) ?? "",
            clientSecret: secrets?.clientSecret, scopes: summary.scopes,
            parameters: try SealedJSON.value([KeyValue].self, from: text(.parameters)) ?? [], storedStatus: summary.storedStatus,
            tokens: tokens, credentials: secrets?.credentials ?? [:], createdAt: summary.createdAt, updatedAt: summary.updatedAt,
            createdBy: text(.createdBy), authorizedBy: text(.authorizedBy), health: summary.health)
    }

    /// Scopes never contain white space (RFC 6749 §3.3), so one space separates them in their column.
    private static func spaceSeparated(_ scopes: [String]) -> String { scopes.joined(separator: " ") }

    static func scopeList(_ text: String?) -> [String]? {
        text.map { $0.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) } }
    }
}
