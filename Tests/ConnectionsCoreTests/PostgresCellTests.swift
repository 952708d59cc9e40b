import Foundation
import Testing

@testable import ConnectionsCore

/// PostgreSQL sends bytea as text, `\x` then two hex digits a byte: every byte value comes back, and anything else is
/// refused rather than guessed.
@Suite struct PostgresCellTests {
    @Test func byteaTextDecodesEveryByteAndRefusesTheRest() {
        let all = Data(0...255)
        let hex = "\\x" + all.map { String(format: "%02x", $0) }.joined()
        #expect(PostgresCell.bytes(hex) == all)
        #expect(PostgresCell.bytes(hex.uppercased().replacingOccurrences(of: "\\X", with: "\\x")) == all)
        #expect(PostgresCell.bytes("\\x") == Data())
        #expect(PostgresCell.bytes("\\x0g") == nil)
        #expect(PostgresCell.bytes("\\x0") == Data())
        #expect(PostgresCell.bytes("\\xzz00") == nil)
        #expect(PostgresCell.bytes("00ff") == nil)
        #expect(PostgresCell.bytes(nil) == nil)
    }
}
