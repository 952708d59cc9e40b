import Foundation
import Testing
@testable import ConnectionsCore

/// What wakes a view when another process changes a connection: the team store's NOTIFY on a listening connection of
/// its own; SQLite announces nothing.
@Suite(.serialized) struct ChangeWaiterTests {
    static func open(_ url: String) throws -> PostgresStore {
        try PostgresStore(address: try PostgresAddress(url), environment: ["CONNECTIONS_KEY": PostgresTestServer.teamKey], keyFile: nil)
    }

    /// Waits until the waiter answers true, calling it again after each timeout or failure; false after `seconds`.
    static func woken(_ waiter: any ChangeWaiter, within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? waiter.wait(timeout: .milliseconds(200))) == true { return true }
        }
        return false
    }

    @Test func sqliteAnnouncesNothing() throws {
        #expect(try StoreBackend.sqlite.fresh().open().changeWaiter() == nil)
    }

    /// A write through another handle wakes a waiter blocked for a minute at once, and the store's own check then finds
    /// it; a dropped connection throws, is made again once the server is back, and wakes the caller to look.
    @Test func aWriteElsewhereWakesTheWaiterAndADropIsRidden() throws {
        let server = try PostgresTestServer()
        let url = try server.freshDatabase()
        let reader = try Self.open(url), writer = try Self.open(url)
        try writer.insertConnection(Connection(name: "First", linkName: "first", serviceLinkName: "acme"))
        let mark = try reader.changeMark()
        let waiter = try #require(reader.changeWaiter())
        #expect(try waiter.wait(timeout: .milliseconds(50)) == true, "connected, it says to look: it missed what came before")
        #expect(try waiter.wait(timeout: .milliseconds(50)) == false, "nothing was written")

        let written = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? writer.modifyConnection("first") { $0.name = "First renamed" }
            written.signal()
        }
        let started = Date()
        #expect(try waiter.wait(timeout: .seconds(60)) == true)
        #expect(Date().timeIntervalSince(started) < 10, "woken by the write, not by the timeout")
        written.wait()
        #expect(try reader.changes(since: mark)?.changed?.map(\.name) == ["First renamed"], "the check finds what woke it")

        server.stop()
        #expect(throws: StoreError.self) { _ = try waiter.wait(timeout: .seconds(60)) }
        server.start()
        #expect(Self.woken(waiter, within: 30), "made again, it says to look: announcements were lost meanwhile")
        // Another process: the writer's own connection died with the server, and a write is not tried twice.
        try Self.open(url).modifyConnection("first") { $0.name = "First after the restart" }
        #expect(Self.woken(waiter, within: 30))
    }
}
