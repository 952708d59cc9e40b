import Foundation

extension PostgresStore {
    public func customServices() throws(StoreError) -> [Service] {
        let rows: [(key: String, row: ServiceRow?)] = try run(reading: true) { connection throws(StoreError) in
            try self.rows(connection, "SELECT \(ServiceRow.selection) FROM connections.services ORDER BY lower(name)")
        }
        var services: [Service] = []
        for (linkName, row) in rows {
            guard let row else { throw StoreError.changedOutside(kind: "service", linkName: linkName) }
            services.append(try opened(row))
        }
        return services
    }

    public func customService(_ linkName: String) throws(StoreError) -> Service? {
        let row: ServiceRow? = try run(reading: true) { connection throws(StoreError) in
            try self.row(connection, linkName, kind: "service")
        }
        return try row.map { row throws(StoreError) in try opened(row) }
    }

    private func opened(_ row: ServiceRow) throws(StoreError) -> Service {
        try Self.decoding("service \(row.key)") { try row.service(opening: sealedJSON) }
    }

    public func saveService(_ service: Service, replace: Bool) throws(StoreError) {
        let row = try sealed(service, createdAt: Date().timeIntervalSince1970)
        try run { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in try saveService(connection, row, replace: replace) }
        }
    }

    func sealed(_ service: Service, createdAt: Double) throws(StoreError) -> ServiceRow {
        try Self.encoding("service \(service.linkName)") {
            try ServiceRow(service, sealing: sealedJSON, createdAt: createdAt, updatedAt: Date().timeIntervalSince1970)
        }
    }

    /// Inserts the row, or replaces the one with its link name (keeping when that was created) when `replace` is set;
    /// inside a transaction.
    func saveService(_ connection: PostgresConnection, _ row: ServiceRow, replace: Bool) throws(StoreError) {
        let existing = try connection.execute(
            "SELECT created_at FROM connections.services WHERE link_name = $1 FOR UPDATE", [.text(row.key)]
        ).first.flatMap { PostgresCell.double($0.first ?? nil) }
        guard let createdAt = existing else {
            if try !insert(connection, row) { throw StoreError.duplicate(kind: "service", linkName: row.key) }
            return
        }
        if !replace { throw StoreError.duplicate(kind: "service", linkName: row.key) }
        var replacement = row
        replacement.set(.createdAt, createdAt)
        try update(connection, replacement, kind: "service")
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
