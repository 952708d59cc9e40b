import Foundation
import GRDB

extension ServiceRow: FetchableRecord {
    init(row: Row) throws {
        self.init(
            linkName: row["link_name"], name: row["name"], authType: row["auth_type"], definition: row["definition"],
            secrets: row["secrets"])
    }
}

extension SQLiteStore {
    public func customServices() throws(StoreError) -> [Service] {
        try run {
            try database.read { db in try ServiceRow.fetchAll(db, sql: "SELECT * FROM services ORDER BY name COLLATE NOCASE") }
                .map { try $0.service(opening: sealedJSON) }
        }
    }

    public func customService(_ linkName: String) throws(StoreError) -> Service? {
        try run {
            try database.read { db in try ServiceRow.fetchOne(db, sql: "SELECT * FROM services WHERE link_name = ?", arguments: [linkName])
            }?
            .service(opening: sealedJSON)
        }
    }

    public func saveService(_ service: Service, replace: Bool) throws(StoreError) {
        let row = try run { try ServiceRow(service, sealing: sealedJSON) }
        try run { try database.write { db in try Self.save(db, row, replace: replace) } }
    }

    static func save(_ db: Database, _ row: ServiceRow, replace: Bool) throws {
        let now = Date().timeIntervalSince1970
        let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE link_name = ?", arguments: [row.linkName]) ?? false
        if exists, !replace { throw StoreError.duplicate(kind: "service", linkName: row.linkName) }
        try db.execute(
            sql: """
                        INSERT INTO services (link_name, name, auth_type, definition, secrets, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(link_name) DO UPDATE SET name = excluded.name, auth_type = excluded.auth_type,
                            definition = excluded.definition, secrets = excluded.secrets, updated_at = excluded.updated_at
                """, arguments: [row.linkName, row.name, row.authType, row.definition, row.secrets, now, now])
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
