import Foundation
import GRDB
@testable import ConnectionsCore

extension SQLiteStore {
    /// Runs `sql` on a connection's row (values no Connections path writes, such as dates past any calendar), then
    /// stamps the row as Connections would, so that it stays authentic.
    func rewriteConnection(_ linkName: String, _ sql: String, _ arguments: StatementArguments = []) throws {
        try database.write { db in
            try db.execute(sql: sql, arguments: arguments)
            let statement = try db.makeStatement(sql: "SELECT \(ConnectionRow.selection) FROM connections WHERE link_name = ?")
            let cursor = try Row.fetchCursor(statement, arguments: [linkName])
            guard try cursor.next() != nil,
                let row = ConnectionRow(sqlite: statement.sqliteStatement, columns: ConnectionColumn.columns, tagged: true)
            else { throw StoreError.notFound(kind: "connection", linkName: linkName) }
            try Self.update(db, row, authentication: authentication, kind: "connection")
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
