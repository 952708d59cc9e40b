import Foundation

extension ConnectionRow {
    /// A row selected with `selection` or `summarySelection`, from its text cells in `Columns` order.
    init(cells: [String?]) {
        func text(_ column: Columns) -> String? { column.rawValue < cells.count ? cells[column.rawValue] : nil }
        func number(_ column: Columns) -> Double? { PostgresCell.double(text(column)) }
        self.init(
            linkName: text(.linkName) ?? "", name: text(.name) ?? "", serviceLinkName: text(.serviceLinkName) ?? "",
            status: text(.status) ?? "", statusReason: text(.statusReason), expiresAt: number(.expiresAt),
            hasRefreshToken: text(.hasRefreshToken) == "t", scopes: text(.scopes) ?? "", grantedScopes: text(.grantedScopes),
            createdAt: number(.createdAt) ?? 0, updatedAt: number(.updatedAt) ?? 0)
        guard cells.count > Columns.updatedAt.rawValue + 1 else { return }
        clientID = text(.clientID) ?? ""
        parameters = text(.parameters) ?? "[]"
        tokenType = text(.tokenType)
        tokenExtra = text(.tokenExtra)
        secrets = PostgresCell.bytes(text(.secrets))
        tokenObtainedAt = number(.tokenObtainedAt)
        createdBy = text(.createdBy)
        authorizedBy = text(.authorizedBy)
    }

    /// Every column's value, in `Columns` order, as a parameter.
    var postgresValues: [PostgresValue?] {
        Columns.allCases.map { column in
            switch column {
            case .linkName: .text(linkName)
            case .name: .text(name)
            case .serviceLinkName: .text(serviceLinkName)
            case .status: .text(status)
            case .statusReason: .optional(statusReason)
            case .expiresAt: .optional(expiresAt)
            case .hasRefreshToken: .flag(hasRefreshToken)
            case .scopes: .text(scopes)
            case .grantedScopes: .optional(grantedScopes)
            case .createdAt: .number(createdAt)
            case .updatedAt: .number(updatedAt)
            case .clientID: .text(clientID)
            case .parameters: .text(parameters)
            case .tokenType: .optional(tokenType)
            case .tokenExtra: .optional(tokenExtra)
            case .secrets: .optional(secrets)
            case .tokenObtainedAt: .optional(tokenObtainedAt)
            case .createdBy: .optional(createdBy)
            case .authorizedBy: .optional(authorizedBy)
            }
        }
    }

    /// `INSERT` of every column.
    static let postgresInsert =
        "INSERT INTO connections.connections (\(selection)) VALUES ("
        + Columns.allCases.map { "$\($0.rawValue + 1)" }.joined(separator: ", ") + ") ON CONFLICT (link_name) DO NOTHING RETURNING 1"

    /// `UPDATE` of every column but the creation time, by link name ($1); its parameters are `postgresUpdateValues`.
    static let postgresUpdate: String = {
        let set = updatedByPostgres.dropFirst().enumerated().map { "\($1.name) = $\($0 + 2)" }.joined(separator: ", ")
        return "UPDATE connections.connections SET \(set) WHERE link_name = $1 RETURNING 1"
    }()

    var postgresUpdateValues: [PostgresValue?] {
        let values = postgresValues
        return Self.updatedByPostgres.map { values[$0.rawValue] }
    }

    /// The link name first, then what an update writes.
    private static let updatedByPostgres = Columns.allCases.filter { $0 != .createdAt }
}
