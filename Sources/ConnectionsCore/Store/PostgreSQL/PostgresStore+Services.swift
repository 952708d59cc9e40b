import Foundation

extension PostgresStore {
    private static let serviceSelection = "link_name, name, auth_type, definition, secrets"

    private func service(_ cells: [String?]) throws(StoreError) -> Service {
        let row = ServiceRow(
            linkName: cells[0] ?? "", name: cells[1] ?? "", authType: cells[2] ?? "", definition: cells[3] ?? "",
            secrets: PostgresCell.bytes(cells[4]))
        return try Self.decoding("service \(row.linkName)") { try row.service(opening: sealedJSON) }
    }

    public func customServices() throws(StoreError) -> [Service] {
        let rows = try run(reading: true) { connection throws(StoreError) in
            try connection.execute("SELECT \(Self.serviceSelection) FROM connections.services ORDER BY lower(name)")
        }
        var services: [Service] = []
        for cells in rows { services.append(try service(cells)) }
        return services
    }

    public func customService(_ linkName: String) throws(StoreError) -> Service? {
        let rows = try run(reading: true) { connection throws(StoreError) in
            try connection.execute("SELECT \(Self.serviceSelection) FROM connections.services WHERE link_name = $1", [.text(linkName)])
        }
        return try rows.first.map { cells throws(StoreError) in try service(cells) }
    }

    public func saveService(_ service: Service, replace: Bool) throws(StoreError) {
        let row = try sealed(service)
        try run { connection throws(StoreError) in try Self.save(connection, row, replace: replace) }
    }

    func sealed(_ service: Service) throws(StoreError) -> ServiceRow {
        try Self.encoding("service \(service.linkName)") { try ServiceRow(service, sealing: sealedJSON) }
    }

    static func save(_ connection: PostgresConnection, _ row: ServiceRow, replace: Bool) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        let conflict =
            replace
            ? "DO UPDATE SET name = excluded.name, auth_type = excluded.auth_type, definition = excluded.definition, "
                + "secrets = excluded.secrets, updated_at = excluded.updated_at" : "DO NOTHING"
        let written = try connection.execute(
            """
            INSERT INTO connections.services (link_name, name, auth_type, definition, secrets, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (link_name) \(conflict) RETURNING 1
            """,
            [.text(row.linkName), .text(row.name), .text(row.authType), .text(row.definition), .optional(row.secrets), .number(now)])
        if written.isEmpty { throw StoreError.duplicate(kind: "service", linkName: row.linkName) }
    }

    public func deleteService(_ linkName: String) throws(StoreError) {
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                let users = try connection.execute(
                    "SELECT link_name FROM connections.connections WHERE service_link_name = $1 ORDER BY link_name", [.text(linkName)]
                ).compactMap { $0[0] }
                if !users.isEmpty { throw StoreError.serviceInUse(linkName: linkName, connections: users) }
                if try connection.execute("DELETE FROM connections.services WHERE link_name = $1 RETURNING 1", [.text(linkName)]).isEmpty {
                    throw StoreError.notFound(kind: "service", linkName: linkName)
                }
            }
        }
    }
}
