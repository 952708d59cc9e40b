import Foundation
import GRDB
@testable import ConnectionsCore

extension SQLiteStore {
    /// Runs `sql` on a connection's row (values no Connections path writes, such as dates past any calendar), then
    /// stamps the row as Connections would, so that it stays authentic.
    func rewriteConnection(_ linkName: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        try database.write { db in
            try db.execute(sql: sql, arguments: arguments)
            let selected = try Row.fetchOne(
                db, sql: "SELECT \(ConnectionRow.selection) FROM connections WHERE link_name = ?", arguments: [linkName])
            guard let row = selected.flatMap(ConnectionRow.init(row:)) else {
                throw StoreError.notFound(kind: "connection", linkName: linkName)
            }
            try db.execute(sql: "UPDATE connections SET row_mac = ? WHERE link_name = ?", arguments: [authentication.tag(row), linkName])
        }
    }
}

extension SQLiteStore {
    /// Seconds since 1970 that trap a naive Int or time_t conversion; SQLite keeps 9e999 as infinity.
    static let worstSeconds = ["1e300", "-1e300", "9223372036854775807.0", "9e999", "-9e999"]

    /// Gives connections `worst_0`… one of `worstSeconds` each, as every date they keep.
    func writeWorstDates() throws {
        for (index, seconds) in Self.worstSeconds.enumerated() {
            try rewriteConnection(
                "worst_\(index)",
                "UPDATE connections SET expires_at = \(seconds), created_at = \(seconds), updated_at = \(seconds), "
                    + "token_obtained_at = \(seconds) WHERE link_name = 'worst_\(index)'")
        }
    }
}
