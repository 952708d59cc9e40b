import Foundation

/// A valid access token for a connection, refreshed when it has expired or is about to: one refresh at a time
/// per connection across processes, and every new token set stored before it is handed out.
public struct TokenProvider: Sendable {
    public let workspace: Workspace
    let http: HTTPClient

    public init(workspace: Workspace, http: HTTPClient = HTTPClient()) {
        self.workspace = workspace
        self.http = http
    }

    /// The connection with a fresh token. `margin`: refresh when the token expires within this many seconds.
    public func freshConnection(_ linkName: String, margin: TimeInterval = 60, forceRefresh: Bool = false) async throws -> Connection {
        let seen = try workspace.connection(linkName)
        try Self.checkUsable(seen)
        if let tokens = seen.tokens, !forceRefresh, !tokens.isExpired(at: Date(), margin: margin) { return seen }

        let lock = try await RefreshLock.acquire(directory: workspace.store.location.directory, linkName: linkName)
        defer { lock.release() }
        let current = try workspace.connection(linkName)
        try Self.checkUsable(current)
        // Another process refreshed while this one waited for the lock: use its token.
        if let tokens = current.tokens, tokens.accessToken != seen.tokens?.accessToken, !tokens.isExpired(at: Date(), margin: 0) {
            return current
        }
        return try await refresh(current)
    }

    private func refresh(_ connection: Connection) async throws -> Connection {
        let service = try workspace.service(connection.serviceLinkName)
        let client = try OAuth2Client(service: service, connection: connection)
        let endpoint = TokenEndpoint(client: client, http: http)
        let fresh: TokenSet
        do {
            if let refreshToken = connection.tokens?.refreshToken {
                var received = try await endpoint.refresh(refreshToken)
                // No refresh token in the answer means: keep the one we have.
                if received.refreshToken == nil { received.refreshToken = refreshToken }
                fresh = received
            } else if client.settings.grant == .clientCredentials {
                fresh = try await endpoint.clientCredentials()
            } else {
                throw ConnectError.noRefreshToken(linkName: connection.linkName)
            }
        } catch ConnectError.provider(let error, let description, _) where error == "invalid_grant" {
            let reason = "invalid_grant" + (description.map { ": " + $0 } ?? "")
            try workspace.store.saveStatus(connection.linkName, .needsReconnect(reason: reason))
            throw ConnectError.needsReconnect(linkName: connection.linkName, reason: reason)
        }
        var merged = fresh
        merged.extra = (connection.tokens?.extra ?? [:]).merging(fresh.keptExtras(for: service)) { $1 }
        if merged.grantedScopes == nil { merged.grantedScopes = connection.tokens?.grantedScopes }
        try workspace.store.saveAuthorization(connection.linkName, tokens: merged, status: .connected)
        var updated = connection
        updated.tokens = merged
        updated.storedStatus = .connected
        return updated
    }

    static func checkUsable(_ connection: Connection) throws(ConnectError) {
        switch connection.storedStatus {
        case .connected, .expired: break
        case .needsReconnect(let reason): throw .needsReconnect(linkName: connection.linkName, reason: reason)
        case .notConnected, .disconnected: throw .notConnected(linkName: connection.linkName, status: connection.storedStatus.displayName)
        }
        if connection.tokens == nil { throw .notConnected(linkName: connection.linkName, status: "without a token") }
    }
}
