import Foundation
import GRDB

extension Store {
    static func serviceContext(_ linkName: String) -> String { "service:" + linkName }

    public func customServices() throws(StoreError) -> [Service] {
        try run { try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM services ORDER BY name COLLATE NOCASE") } }
            .map { row throws(StoreError) in try decodeService(row) }
    }

    public func customService(_ linkName: String) throws(StoreError) -> Service? {
        let row = try run { try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM services WHERE link_name = ?", arguments: [linkName]) } }
        return try row.map { row throws(StoreError) in try decodeService(row) }
    }

    /// Inserts a custom service, or replaces the one with the same link name when `replace` is set.
    public func saveService(_ service: Service, replace: Bool) throws(StoreError) {
        let definition = try run { try Self.json(service.withoutSecrets) }
        let secrets = service.secrets
        let sealed = try run { secrets.isEmpty ? nil : try sealJSON(secrets, context: Self.serviceContext(service.linkName)) }
        let now = Date().timeIntervalSince1970
        try run {
            try database.write { db in
                let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM services WHERE link_name = ?", arguments: [service.linkName]) ?? false
                if exists, !replace { throw StoreError.duplicate(kind: "service", linkName: service.linkName) }
                try db.execute(sql: """
                    INSERT INTO services (link_name, name, auth_type, definition, secrets, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(link_name) DO UPDATE SET name = excluded.name, auth_type = excluded.auth_type,
                        definition = excluded.definition, secrets = excluded.secrets, updated_at = excluded.updated_at
                    """, arguments: [service.linkName, service.name, service.auth.type.rawValue, definition, sealed, now, now])
            }
        }
    }

    public func deleteService(_ linkName: String) throws(StoreError) {
        try run {
            try database.write { db in
                let users = try String.fetchAll(db, sql: "SELECT link_name FROM connections WHERE service_link_name = ? ORDER BY link_name", arguments: [linkName])
                if !users.isEmpty { throw StoreError.serviceInUse(linkName: linkName, connections: users) }
                try db.execute(sql: "DELETE FROM services WHERE link_name = ?", arguments: [linkName])
                if db.changesCount == 0 { throw StoreError.notFound(kind: "service", linkName: linkName) }
            }
        }
    }

    private func decodeService(_ row: Row) throws(StoreError) -> Service {
        let linkName: String = row["link_name"]
        return try run {
            guard let service = try Self.fromJSON(Service.self, row["definition"]) else { throw StoreError.undecryptable(what: "service \(linkName)") }
            let secrets = try openJSON(ServiceSecrets.self, row["secrets"], context: Self.serviceContext(linkName), what: "service \(linkName)")
            return secrets.map { service.applying($0) } ?? service
        }
    }
}
