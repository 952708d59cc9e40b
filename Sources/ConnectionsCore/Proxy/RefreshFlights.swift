import Foundation
import Synchronization

/// One refresh per connection at a time within this process: requests that need a fresh token while one is being
/// fetched wait for that one (across processes, `TokenProvider`'s lease does the same).
final class RefreshFlights: Sendable {
    private let tokens: TokenProvider
    private let flights = Mutex<[String: Task<TokenProvider.Fresh, any Error>]>([:])

    init(tokens: TokenProvider) { self.tokens = tokens }

    /// The connection with a token to use. `refused`: the token the API just refused; a stored token other than it is
    /// taken as fresh (another request refreshed meanwhile), else the token is refreshed even if not yet due.
    func fresh(_ linkName: String, refused: Secret? = nil) async throws -> TokenProvider.Fresh {
        let tokens = self.tokens
        let flight = flights.withLock { running in
            if let flight = running[linkName] { return flight }
            let flight = Task {
                defer { _ = self.flights.withLock { $0.removeValue(forKey: linkName) } }
                if let refused {
                    let stored = try tokens.workspace.connection(linkName)
                    if let current = stored.tokens, current.accessToken != refused, !current.isExpired(at: Date()) {
                        return TokenProvider.Fresh(connection: stored)
                    }
                }
                return try await tokens.freshConnection(linkName, forceRefresh: refused != nil)
            }
            running[linkName] = flight
            return flight
        }
        return try await flight.value
    }
}
