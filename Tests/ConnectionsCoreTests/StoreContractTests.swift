import Foundation
import Synchronization
import Testing
@testable import ConnectionsCore

/// What every `ConnectionStore` promises, run against each implementation.
@Suite struct StoreContractTests {
    @Test(arguments: StoreBackend.allCases)
    func connectionsRoundTripWithEveryField(_ backend: StoreBackend) throws {
        let store = try backend.fresh().open()
        let connection = Fixtures.connectedConnection()
        try store.insertConnection(connection)
        #expect(try store.connection("acme_main") == connection)
        #expect(try store.connectionSummaries() == [connection.summary])
        func change(_ changed: inout Connection) {
            changed.name = "Renamed"
            changed.tokens = nil
            changed.credentials = [:]
            changed.clientSecret = nil
            changed.storedStatus = .needsReconnect(reason: "invalid_grant: revoked")
            changed.createdAt = Date(timeIntervalSince1970: 5)
        }
        let written = try store.modifyConnection("acme_main", change)
        var changed = connection
        change(&changed)
        changed.createdAt = connection.createdAt
        changed.updatedAt = written.updatedAt
        #expect(written == changed, "every field but the creation time is written")
        var stored = try #require(try store.connection("acme_main"))
        #expect(abs(stored.updatedAt.timeIntervalSince(written.updatedAt)) < 0.001)
        stored.updatedAt = written.updatedAt
        #expect(stored == written)
        #expect(throws: StoreError.duplicate(kind: "connection", linkName: "acme_main")) { try store.insertConnection(connection) }
        try store.deleteConnection("acme_main")
        #expect(try store.connection("acme_main") == nil)
        #expect(throws: StoreError.notFound(kind: "connection", linkName: "acme_main")) { try store.deleteConnection("acme_main") }
        #expect(throws: StoreError.notFound(kind: "connection", linkName: "acme_main")) { try store.modifyConnection("acme_main", change) }
    }

    @Test(arguments: StoreBackend.allCases)
    func listsComeByNameInAnyCaseAndTheFirstScreenfulAlone(_ backend: StoreBackend) throws {
        let store = try backend.fresh().open()
        let names = ["beta", "Alpha", "gamma", "alpha", "Delta"]
        try store.insertConnections(names.enumerated().map { Connection(name: $1, linkName: "c\($0)", serviceLinkName: "acme") })
        #expect(try store.connectionSummaries().map(\.name) == ["Alpha", "alpha", "beta", "Delta", "gamma"])
        #expect(try store.connectionSummaries(limit: 2).map(\.linkName) == ["c1", "c3"])
        #expect(try store.connectionCount() == 5)
        #expect(try store.connectionLinkNames() == ["c0", "c1", "c2", "c3", "c4"])
    }

    @Test(arguments: StoreBackend.allCases)
    func aBatchWithOneTakenLinkNameInsertsNothing(_ backend: StoreBackend) throws {
        let store = try backend.fresh().open()
        try store.insertConnection(Connection(name: "Taken", linkName: "taken", serviceLinkName: "acme"))
        let batch = ["a", "taken", "b"].map { Connection(name: $0, linkName: $0, serviceLinkName: "acme") }
        #expect(throws: StoreError.duplicate(kind: "connection", linkName: "taken")) { try store.insertConnections(batch) }
        #expect(try store.connectionLinkNames() == ["taken"])
    }

    @Test(arguments: StoreBackend.allCases)
    func manyWritersAtOnceLoseNothing(_ backend: StoreBackend) async throws {
        let place = try backend.fresh()
        _ = try place.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let store = try place.open()
                    for index in 0..<25 {
                        try store.insertConnection(Connection(name: "c", linkName: "c_\(writer)_\(index)", serviceLinkName: "acme"))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try place.open().connectionCount() == 200)
    }

    @Test(arguments: StoreBackend.allCases)
    func servicesKeepTheirSecretsAndCannotBeDeletedWhileInUse(_ backend: StoreBackend) throws {
        let store = try backend.fresh().open()
        let service = Fixtures.oauth2Service(secret: "kept-secret")
        try store.saveService(service, replace: false)
        #expect(try store.customService("acme") == service)
        #expect(throws: StoreError.duplicate(kind: "service", linkName: "acme")) { try store.saveService(service, replace: false) }
        var renamed = service
        renamed.name = "Acme renamed"
        try store.saveService(renamed, replace: true)
        var zed = Fixtures.oauth2Service(linkName: "zed", secret: nil)
        zed.name = "zed"
        try store.saveService(zed, replace: false)
        #expect(try store.customServices().map(\.linkName) == ["acme", "zed"])
        #expect(try store.customService("acme")?.auth.oauth2?.clientSecret?.exposedValue == "kept-secret")

        try store.insertConnection(Connection(name: "Uses acme", linkName: "uses_acme", serviceLinkName: "acme"))
        #expect(throws: StoreError.serviceInUse(linkName: "acme", connections: ["uses_acme"])) { try store.deleteService("acme") }
        try store.deleteConnection("uses_acme")
        try store.deleteService("acme")
        #expect(try store.customService("acme") == nil)
        #expect(throws: StoreError.notFound(kind: "service", linkName: "acme")) { try store.deleteService("acme") }
    }

    @Test(arguments: StoreBackend.allCases)
    func authorizationsCredentialsAndStatusChangeOnlyWhatTheySay(_ backend: StoreBackend) throws {
        let store = try backend.fresh().open()
        let original = Fixtures.connectedConnection()
        try store.insertConnection(original)
        let tokens = TokenSet(
            accessToken: Secret("new-access"), refreshToken: Secret("rotated"), expiresAt: Date(timeIntervalSince1970: 2_100_000_000))
        try store.saveAuthorization("acme_main", tokens: tokens, status: .connected)
        var read = try #require(try store.connection("acme_main"))
        #expect(read.tokens == tokens)
        #expect(read.name == original.name && read.parameters == original.parameters && read.credentials == original.credentials)
        #expect(read.updatedAt > original.updatedAt)

        try store.saveCredentials("acme_main", ["X-Api-Key": Secret("other-key")], status: .connected)
        read = try #require(try store.connection("acme_main"))
        #expect(read.credentials == ["X-Api-Key": Secret("other-key")] && read.tokens == tokens)

        try store.saveStatus("acme_main", .needsReconnect(reason: "invalid_grant"))
        read = try #require(try store.connection("acme_main"))
        #expect(read.storedStatus == .needsReconnect(reason: "invalid_grant") && read.tokens == tokens)

        for change in [
            { try store.saveStatus("nobody", .connected) },
            { try store.saveAuthorization("nobody", tokens: nil, status: .connected) },
        ] as [() throws -> Void] {
            #expect(throws: StoreError.notFound(kind: "connection", linkName: "nobody")) { try change() }
        }
    }

    /// A view learns of changes from a mark: nothing read when nothing changed; the changed rows when some did
    /// (through this handle or another); everything when one was added or deleted.
    @Test(arguments: StoreBackend.allCases)
    func changesSinceAMark(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let other = try place.open()
        try store.insertConnections(["First", "Second"].map { Connection(name: $0, linkName: $0.lowercased(), serviceLinkName: "acme") })
        let mark = try store.changeMark()
        #expect(try store.changes(since: mark) == nil, "nothing changed")

        try other.modifyConnection("second") { $0.name = "Second renamed" }
        let elsewhere = try #require(try store.changes(since: mark), "another handle's write is seen")
        #expect(elsewhere.changed?.map(\.name) == ["Second renamed"])
        #expect(try store.changes(since: elsewhere.mark) == nil)

        try store.saveStatus("first", .needsReconnect(reason: "test"))
        let own = try #require(try store.changes(since: elsewhere.mark), "this handle's write is seen")
        #expect(own.changed?.contains { $0.linkName == "first" && $0.storedStatus == .needsReconnect(reason: "test") } == true)

        try other.deleteConnection("first")
        let deleted = try #require(try store.changes(since: own.mark))
        #expect(deleted.changed == nil, "a deletion means reading the list again")
        #expect(deleted.mark.count == 1)
    }

    /// Tasks on separate handles take one connection's lease in turn: never two inside at once.
    @Test(arguments: StoreBackend.allCases)
    func oneRefreshLeaseAtATime(_ backend: StoreBackend) async throws {
        let place = try backend.fresh()
        final class Count: Sendable {
            let inside = Atomic<Int>(0)
            let overlaps = Atomic<Int>(0)
        }
        let count = Count()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                let store = try place.open()
                group.addTask {
                    for _ in 0..<10 {
                        let lease = try await store.refreshLease("acme_main")
                        if count.inside.add(1, ordering: .sequentiallyConsistent).newValue > 1 { count.overlaps.add(1, ordering: .relaxed) }
                        for _ in 0..<5 { await Task.yield() }
                        count.inside.subtract(1, ordering: .sequentiallyConsistent)
                        lease.release()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(count.overlaps.load(ordering: .relaxed) == 0)
    }

    @Test(arguments: StoreBackend.allCases)
    func anotherKeyOpensNothingAndChangesNothing(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let key = ["CONNECTIONS_KEY": String(repeating: "cd", count: 32)]
        try place.open(environment: key).insertConnection(Fixtures.connectedConnection())
        #expect {
            try place.open(environment: ["CONNECTIONS_KEY": String(repeating: "ab", count: 32)])
        } throws: { error in
            switch error as? StoreError {
            case .keyMismatch, .teamKeyMismatch: true
            default: false
            }
        }
        #expect(try place.open(environment: key).connection("acme_main") == Fixtures.connectedConnection())
    }
}
