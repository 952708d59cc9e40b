import Foundation
import GRDB
@testable import ConnectionsCore

/// Makes a store's connections as a version before summary tags wrote them: no summary tag, and a row tag that
/// covers only the other columns.
protocol SummaryTagRemoval {
    func removeSummaryTags() throws
}

extension SQLiteStore: SummaryTagRemoval {
    func removeSummaryTags() throws {
        try database.write { db in
            let statement = try db.makeStatement(sql: "SELECT \(ConnectionRow.selection) FROM connections")
            let cursor = try Row.fetchCursor(statement)
            var rows: [ConnectionRow] = []
            while try cursor.next() != nil {
                if let row = ConnectionRow(sqlite: statement.sqliteStatement, columns: ConnectionColumn.columns, tagged: true) {
                    rows.append(row)
                }
            }
            for var row in rows {
                row[.summaryMac] = .null
                try db.execute(
                    sql: "UPDATE connections SET summary_mac = NULL, row_mac = ? WHERE link_name = ?",
                    arguments: [authentication.tag(row), row.key])
            }
        }
    }
}

extension PostgresStore: SummaryTagRemoval {
    func removeSummaryTags() throws {
        try run(reading: false) { connection throws(StoreError) in
            for texts in try connection.execute("SELECT \(ConnectionRow.selection) FROM connections.connections") {
                guard var row = ConnectionRow(postgres: texts, columns: ConnectionColumn.columns, tagged: true) else { continue }
                row[.summaryMac] = .null
                try connection.execute(
                    "UPDATE connections.connections SET summary_mac = NULL, row_mac = $1 WHERE link_name = $2",
                    [.bytes(authentication.tag(row)), .text(row.key)])
            }
        }
    }
}
