import Foundation

/// A connection as a store keeps it: one value per column, secrets sealed. Every store reads and writes
/// connections through this type, so a new column is a new case in `Columns`, a field and its conversion.
struct ConnectionRow: Sendable, Equatable {
    /// The columns, in the order queries select them; the summary's come first, so a list reads a prefix.
    enum Columns: Int, CaseIterable, Sendable {
        case linkName, name, serviceLinkName, status, statusReason, expiresAt, hasRefreshToken, scopes, grantedScopes,
            createdAt, updatedAt
        case clientID, parameters, tokenType, tokenExtra, secrets, tokenObtainedAt, createdBy, authorizedBy

        static let summary = allCases.filter { $0.rawValue <= Columns.updatedAt.rawValue }

        /// The column's name in the database: the case's name in snake case.
        var name: String { Self.names[rawValue] }

        private static let names = allCases.map { column in
            String(describing: column).replacingOccurrences(of: "ID", with: "Id").reduce(into: "") { name, character in
                if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
            }
        }

        static func list(_ columns: [Columns]) -> String { columns.map(\.name).joined(separator: ", ") }
    }

    static let selection = Columns.list(Columns.allCases)
    static let summarySelection = Columns.list(Columns.summary)

    var linkName: String
    var name: String
    var serviceLinkName: String
    var status: String
    var statusReason: String?
    var expiresAt: Double?
    var hasRefreshToken: Bool
    var scopes: String
    var grantedScopes: String?
    var createdAt: Double
    var updatedAt: Double
    var clientID: String = ""
    var parameters: String = "[]"
    var tokenType: String?
    var tokenExtra: String?
    var secrets: Data?
    var tokenObtainedAt: Double?
    var createdBy: String?
    var authorizedBy: String?

    static func sealingContext(_ linkName: String) -> String { "connection:" + linkName }

    /// The encrypted half of a row.
    private struct Secrets: Codable {
        var accessToken: Secret?
        var refreshToken: Secret?
        var tokenSecret: Secret?
        var clientSecret: Secret?
        var credentials: [String: Secret]
    }

    init(
        linkName: String, name: String, serviceLinkName: String, status: String, statusReason: String?, expiresAt: Double?,
        hasRefreshToken: Bool, scopes: String, grantedScopes: String?, createdAt: Double, updatedAt: Double
    ) {
        self.linkName = linkName
        self.name = name
        self.serviceLinkName = serviceLinkName
        self.status = status
        self.statusReason = statusReason
        self.expiresAt = expiresAt
        self.hasRefreshToken = hasRefreshToken
        self.scopes = scopes
        self.grantedScopes = grantedScopes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(_ connection: Connection, sealing json: SealedJSON) throws {
        let tokens = connection.tokens
        self.init(
            linkName: connection.linkName, name: connection.name, serviceLinkName: connection.serviceLinkName,
            status: connection.storedStatus.code, statusReason: connection.storedStatus.reason,
            expiresAt: tokens?.expiresAt?.clampedSecondsSince1970, hasRefreshToken: tokens?.refreshToken != nil,
            scopes: Self.spaceSeparated(connection.scopes), grantedScopes: tokens?.grantedScopes.map(Self.spaceSeparated),
            createdAt: connection.createdAt.timeIntervalSince1970, updatedAt: connection.updatedAt.timeIntervalSince1970)
        clientID = connection.clientID
        parameters = try SealedJSON.text(connection.parameters)
        tokenType = tokens?.tokenType
        tokenExtra = try tokens.map { try SealedJSON.text($0.extra) }
        tokenObtainedAt = tokens?.obtainedAt?.clampedSecondsSince1970
        createdBy = connection.createdBy
        authorizedBy = connection.authorizedBy
        if tokens != nil || !connection.credentials.isEmpty || connection.clientSecret != nil {
            let secrets = Secrets(
                accessToken: tokens?.accessToken, refreshToken: tokens?.refreshToken, tokenSecret: tokens?.tokenSecret,
                clientSecret: connection.clientSecret, credentials: connection.credentials)
            self.secrets = try json.seal(secrets, context: Self.sealingContext(connection.linkName))
        }
    }

    var summary: ConnectionSummary {
        ConnectionSummary(
            name: TerminalText.singleLine(name), linkName: linkName, serviceLinkName: serviceLinkName,
            storedStatus: ConnectionStatus(code: status, reason: statusReason) ?? .notConnected,
            expiresAt: Date.saturating(secondsSince1970: expiresAt), hasRefreshToken: hasRefreshToken,
            scopes: Self.scopeList(scopes) ?? [], grantedScopes: Self.scopeList(grantedScopes),
            createdAt: Date.saturating(secondsSince1970: createdAt) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Date.saturating(secondsSince1970: updatedAt) ?? Date(timeIntervalSince1970: 0))
    }

    func connection(opening json: SealedJSON) throws -> Connection {
        let summary = self.summary
        let secrets = try json.open(Secrets.self, secrets, context: Self.sealingContext(linkName), what: "connection \(linkName)")
        var tokens: TokenSet?
        if let accessToken = secrets?.accessToken {
            tokens = TokenSet(
                accessToken: accessToken, refreshToken: secrets?.refreshToken, tokenSecret: secrets?.tokenSecret,
                tokenType: tokenType ?? "Bearer", expiresAt: summary.expiresAt,
                obtainedAt: Date.saturating(secondsSince1970: tokenObtainedAt), grantedScopes: summary.grantedScopes,
                extra: try SealedJSON.value([String: String].self, from: tokenExtra) ?? [:])
        }
        return Connection(
            name: summary.name, linkName: linkName, serviceLinkName: serviceLinkName, clientID: clientID,
            clientSecret: secrets?.clientSecret, scopes: summary.scopes,
            parameters: try SealedJSON.value([KeyValue].self, from: parameters) ?? [], storedStatus: summary.storedStatus,
            tokens: tokens, credentials: secrets?.credentials ?? [:], createdAt: summary.createdAt, updatedAt: summary.updatedAt,
            createdBy: createdBy, authorizedBy: authorizedBy)
    }

    /// Scopes never contain white space (RFC 6749 §3.3), so one space separates them in their column.
    private static func spaceSeparated(_ scopes: [String]) -> String { scopes.joined(separator: " ") }

    static func scopeList(_ text: String?) -> [String]? {
        text.map { $0.split(separator: " ").map(String.init) }
    }
}
