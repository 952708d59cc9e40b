import Testing

@testable import ConnectionsCore

/// The column names written out in each table are its cases' names in snake case, in case order: a column added
/// or moved without its name fails here, before any row is written with it.
@Suite struct StoredColumnTests {
    static func snakeCase<Column: StoredColumn>(_: Column.Type) -> [String] {
        Column.allCases.map { column in
            String(describing: column).replacingOccurrences(of: "ID", with: "Id").reduce(into: "") { name, character in
                if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
            }
        }
    }

    @Test func theNamesAreTheCasesInSnakeCase() {
        #expect(ConnectionColumn.names == Self.snakeCase(ConnectionColumn.self))
        #expect(ServiceColumn.names == Self.snakeCase(ServiceColumn.self))
        #expect(ConnectionColumn.names.contains("client_id") && Set(ConnectionColumn.names).count == ConnectionColumn.allCases.count)
    }
}
