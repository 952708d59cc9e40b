import Foundation

/// A valid access token for a connection, refreshed when it has expired or is about to: one refresh at a time
/// per connection across processes, and every new token set stored before it is handed out.
public struct TokenProvider: Sendable {
    public let workspace: Workspace
    let http: HTTPClient
    /// Seconds a refresh may take, the whole exchange.
    let timeout: TimeInterval

    public init(workspace: Workspace, http: HTTPClient = HTTPClient(), timeout: TimeInterval = 30) {
        self.workspace = workspace
        self.http = http
        self.timeout = timeout
    }

    /// A connection with a token to use, and what the user should know about it.
    public struct Fresh: Sendable {
        public var connection: Connection
        /// Set when a refresh failed and the token in hand, still valid, was given instead.
        public var warning: String?
    }

    /// The connection with a fresh token. `margin`: refresh when the token expires within this many seconds (at
    /// most half its lifetime). A refresh that fails while the current token is still valid hands that token
    /// out with a warning; `forceRefresh` (the token was refused) never does.
    public func freshConnection(_ linkName: String, margin: TimeInterval = 60, forceRefresh: Bool = false) async throws -> Fresh {
        let seen = try workspace.connection(linkName)
        try Self.checkUsable(seen)
        if let tokens = seen.tokens, !forceRefresh, !tokens.wantsRefresh(at: Date(), margin: margin) { return Fresh(connection: seen) }

        let lock = try await workspace.store.refreshLease(linkName)
        defer { lock.release() }
        let current = try workspace.connection(linkName)
        try Self.checkUsable(current)
        if let tokens = current.tokens, !tokens.isExpired(at: Date()) {
            // Another process refreshed while this one waited for the lock: use its token.
            if tokens.accessToken != seen.tokens?.accessToken { return Fresh(connection: current) }
            if !forceRefresh, !tokens.wantsRefresh(at: Date(), margin: margin) { return Fresh(connection: current) }
        }
        do {
            return Fresh(connection: try await refresh(current))
        } catch let error as ConnectError {
            guard !forceRefresh, let tokens = current.tokens, !tokens.isExpired(at: Date()), Self.isTransient(error) else { throw error }
            let left = tokens.expiresAt.map { " (it expires \(Timestamp.relative($0, now: Date())))" } ?? ""
            return Fresh(connection: current, warning: "Warning: could not refresh \(linkName): \(error). Using the current token\(left).")
        }
    }

    /// Failures after which the token in hand is still worth using: the provider unreachable or failing, not a
    /// refusal of the grant.
    static func isTransient(_ error: ConnectError) -> Bool {
        switch error {
        case .network, .unreadableResponse: true
        case .provider(_, _, let status): status >= 500 || status == 429
        default: false
        }
    }

    private func refresh(_ connection: Connection) async throws -> Connection {
        let service = try workspace.service(connection.serviceLinkName)
        let client = try OAuth2Client(service: service, connection: connection)
        var endpoint = TokenEndpoint(client: client, http: http)
        endpoint.timeout = timeout
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
            try workspace.recordHealth(connection.linkName, step: "refresh") { stored in
                stored.storedStatus = .needsReconnect(reason: reason)
                stored.health.failed("The refresh was refused: \(reason)")
            }
            throw ConnectError.needsReconnect(linkName: connection.linkName, reason: reason)
        } catch {
            _ = try? workspace.recordHealth(connection.linkName, step: "refresh") { $0.health.failed("The refresh failed: \(error)") }
            throw error
        }
        var merged = fresh
        merged.extra = (connection.tokens?.extra ?? [:]).merging(fresh.keptExtras(for: service)) { $1 }
        if merged.grantedScopes == nil { merged.grantedScopes = connection.tokens?.grantedScopes }
        let now = Date()
        return try workspace.recordHealth(connection.linkName, step: "refresh") { stored in
            stored.tokens = merged
            stored.storedStatus = .connected
            stored.health.refreshed(at: now, tokens: merged, service: service)
        }
    }

    static func checkUsable(_ connection: Connection) throws(ConnectError) {
        switch connection.storedStatus {
        case .connected, .expired: break
        case .needsReconnect(let reason): throw .needsReconnect(linkName: connection.linkName, reason: reason)
        case .notConnected, .disconnected, .changedOutside:
            throw .notConnected(linkName: connection.linkName, status: connection.storedStatus.displayName)
        }
        if connection.tokens == nil { throw .notConnected(linkName: connection.linkName, status: "without a token") }
    }
}
