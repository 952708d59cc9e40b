import Foundation
import GRDB

extension ConnectionRow: FetchableRecord, PersistableRecord {
    static let databaseTableName = "connections"
    static let selection = Columns.list(Columns.allCases)
    static let summarySelection = Columns.list(Columns.summary)

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
        }
    }

    /// Every column an update writes: all but the key and the creation time.
    static let updatedColumns = Columns.allCases.filter { $0 != .linkName && $0 != .createdAt }.map(\.name)
}
