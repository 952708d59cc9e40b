import Foundation
import GRDB

extension SQLiteStore {
    public func customServices() throws(StoreError) -> [Service] {
        try run {
            try database.read { db in
                try Self.rows(
                    db, "SELECT \(ServiceRow.selection) FROM services ORDER BY name COLLATE NOCASE", authentication: authentication
                )
                .map { (linkName, row: ServiceRow?) in
                    guard let row else { throw StoreError.changedOutside(kind: "service", linkName: linkName) }
                    return try row.service(opening: sealedJSON)
                }
            }
        }
    }

    public func customService(_ linkName: String) throws(StoreError) -> Service? {
        try run {
            try database.read { db in
                try (Self.row(db, linkName, authentication: authentication, kind: "service") as ServiceRow?)?.service(opening: sealedJSON)
            }
        }
    }

    public func saveService(_ service: Service, replace: Bool) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        let row = try run { try ServiceRow(service, sealing: sealedJSON, createdAt: now, updatedAt: now) }
        try run { try database.write { db in try saveService(db, row, replace: replace) } }
    }

    /// Inserts the row, or replaces the one with its link name (keeping when that was created) when `replace` is set.
    func saveService(_ db: Database, _ row: ServiceRow, replace: Bool) throws {
        let createdAt = try Double.fetchOne(db, sql: "SELECT created_at FROM services WHERE link_name = ?", arguments: [row.key])
        guard let createdAt else { return try Self.insert(db, row, authentication: authentication) }
        if !replace { throw StoreError.duplicate(kind: "service", linkName: row.key) }
        var replacement = row
        replacement.set(.createdAt, createdAt)
        try Self.update(db, replacement, authentication: authentication, kind: "service")
    }

    public func deleteService(_ linkName: String) throws(StoreError) {
        try run {
            try database.write { db in
                let users = try String.fetchAll(
                    db, sql: "SELECT link_name FROM connections WHERE service_link_name = ? ORDER BY link_name", arguments: [linkName])
                if !users.isEmpty { throw StoreError.serviceInUse(linkName: linkName, connections: users) }
                try db.execute(sql: "DELETE FROM services WHERE link_name = ?", arguments: [linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "service", linkName: linkName) }
            }
        }
    }
}
