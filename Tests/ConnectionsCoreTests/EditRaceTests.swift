import Foundation
import Synchronization
import Testing
@testable import ConnectionsCore

/// Edits racing refreshes against django-oauth-toolkit, which rotates refresh tokens and revokes the whole grant
/// when an old one is used again: an edit that wrote back the refresh token it had read would end the grant.
@Suite struct EditRaceTests {
    static let rounds = 100

    @Test func editsRacingRefreshesOnSQLiteLoseNoToken() async throws {
        let server = try OAuth2TestServer()
        let cli = try CLI.signedIn(to: server)
        let location = cli.home.location
        try await race(server) { Workspace(store: try SQLiteStore(location: location, environment: [:])) }
    }

    @Test func editsRacingRefreshesOnTheTeamStoreLoseNoToken() async throws {
        let server = try OAuth2TestServer()
        let (url, machines) = try TeamStoreTests().connectedTeam(server)
        let location = machines[0].cli.home.location
        try await race(server) {
            let store = try PostgresStore(
                address: try PostgresAddress(url), environment: ["CONNECTIONS_KEY": PostgresTestServer.teamKey], keyFile: nil)
            return Workspace(store: store, location: location)
        }
    }

    /// Each round one handle refreshes while four others rename the connection, each handle as another process
    /// would have it; the editors run on threads of their own, so that they really overlap the refresh.
    private func race(_ server: OAuth2TestServer, _ handle: () throws -> Workspace) async throws {
        let link = (try handle().store.connectionSummaries().first?.linkName) ?? ""
        let refresher = TokenProvider(workspace: try handle())
        let editors = try (0..<4).map { _ in try handle() }
        let failures = Mutex<[String]>([])
        var lastNames: Set<String> = []
        for round in 0..<Self.rounds {
            let names = (0..<editors.count).map { "Edit \(round).\($0)" }
            lastNames = Set(names)
            let editing = DispatchGroup()
            for (editor, name) in zip(editors, names) {
                DispatchQueue.global().async(group: editing) {
                    do {
                        _ = try editor.editConnection(link, ConnectionEdit(name: name))
                    } catch {
                        failures.withLock { $0.append("edit: \(error)") }
                    }
                }
            }
            do {
                _ = try await refresher.freshConnection(link, forceRefresh: true)
            } catch {
                failures.withLock { $0.append("round \(round) refresh: \(error)") }
            }
            await withCheckedContinuation { done in editing.notify(queue: .global()) { done.resume() } }
            if !failures.withLock({ $0.isEmpty }) { break }
        }
        #expect(failures.withLock { $0 } == [])
        let fresh = try await refresher.freshConnection(link, forceRefresh: true)
        #expect(try server.me(token: try #require(fresh.connection.tokens?.accessToken.exposedValue)).status == 200, "the grant is alive")
        let stored = try handle().connection(link)
        #expect(lastNames.contains(stored.name), "\(stored.name) is one of the last round's edits")
        #expect(stored.tokens?.refreshToken == fresh.connection.tokens?.refreshToken)
    }
}
