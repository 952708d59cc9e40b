import Foundation
import GRDB

extension ConnectionRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "connections"

    /// Reads by position, in `Columns` order: a list of thousands decodes without looking a name up per cell.
    /// A row selected with `summarySelection` fills the summary's fields alone.
    init(row: Row) throws {
        func value<T: DatabaseValueConvertible>(_ column: Columns) throws -> T { try row.decode(atIndex: column.rawValue) }
        self.init(
            linkName: try value(.linkName), name: try value(.name), serviceLinkName: try value(.serviceLinkName),
            status: try value(.status), statusReason: try value(.statusReason), expiresAt: try value(.expiresAt),
            hasRefreshToken: try value(.hasRefreshToken), scopes: try value(.scopes), grantedScopes: try value(.grantedScopes),
            createdAt: try value(.createdAt), updatedAt: try value(.updatedAt))
        guard row.count > Columns.updatedAt.rawValue + 1 else { return }
        clientID = try value(.clientID)
        parameters = try value(.parameters)
        tokenType = try value(.tokenType)
        tokenExtra = try value(.tokenExtra)
        secrets = try value(.secrets)
        tokenObtainedAt = try value(.tokenObtainedAt)
        createdBy = try value(.createdBy)
        authorizedBy = try value(.authorizedBy)
    }

    /// The list reader: a summary straight from a row selected with `summarySelection`, by position and with concrete
    /// types, without a record in between (thousands of rows: this is what a long list costs).
    static func summary(_ row: Row) throws -> ConnectionSummary {
        let status: String = try row.decode(atIndex: Columns.status.rawValue)
        let reason: String? = try row.decode(atIndex: Columns.statusReason.rawValue)
        let expiresAt: Double? = try row.decode(atIndex: Columns.expiresAt.rawValue)
        let scopes: String = try row.decode(atIndex: Columns.scopes.rawValue)
        let grantedScopes: String? = try row.decode(atIndex: Columns.grantedScopes.rawValue)
        let createdAt: Double = try row.decode(atIndex: Columns.createdAt.rawValue)
        let updatedAt: Double = try row.decode(atIndex: Columns.updatedAt.rawValue)
        return ConnectionSummary(
            name: try row.decode(atIndex: Columns.name.rawValue), linkName: try row.decode(atIndex: Columns.linkName.rawValue),
            serviceLinkName: try row.decode(atIndex: Columns.serviceLinkName.rawValue),
            storedStatus: ConnectionStatus(code: status, reason: reason) ?? .notConnected,
            expiresAt: Date.saturating(secondsSince1970: expiresAt),
            hasRefreshToken: try row.decode(atIndex: Columns.hasRefreshToken.rawValue),
            scopes: scopeList(scopes) ?? [], grantedScopes: scopeList(grantedScopes),
            createdAt: Date.saturating(secondsSince1970: createdAt) ?? Date(timeIntervalSince1970: 0),
            updatedAt: Date.saturating(secondsSince1970: updatedAt) ?? Date(timeIntervalSince1970: 0))
    }

    func encode(to container: inout PersistenceContainer) throws {
        for column in Columns.allCases { container[column.name] = databaseValue(column) }
    }

    func databaseValue(_ column: Columns) -> DatabaseValueConvertible? {
        switch column {
        case .linkName: linkName
        case .name: name
        case .serviceLinkName: serviceLinkName
        case .status: status
        case .statusReason: statusReason
        case .expiresAt: expiresAt
        case .hasRefreshToken: hasRefreshToken
        case .scopes: scopes
        case .grantedScopes: grantedScopes
        case .createdAt: createdAt
        case .updatedAt: updatedAt
        case .clientID: clientID
        case .parameters: parameters
        case .tokenType: tokenType
        case .tokenExtra: tokenExtra
        case .secrets: secrets
        case .tokenObtainedAt: tokenObtainedAt
        case .createdBy: createdBy
        case .authorizedBy: authorizedBy
        }
    }

    /// Every column an update writes: all but the key and the creation time.
    static let updatedColumns = Columns.allCases.filter { $0 != .linkName && $0 != .createdAt }.map(\.name)
}
