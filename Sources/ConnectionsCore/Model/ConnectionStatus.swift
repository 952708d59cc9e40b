public enum ConnectionStatus: Sendable, Equatable {
    case notConnected
    case connected
    /// The access token has expired and a refresh token will renew it.
    case expired
    case needsReconnect(reason: String)
    /// Revoked by the user; Connect authorizes it again.
    case disconnected
    /// Its stored row was changed by someone without the store's key; it is never used (`StoreError.changedOutside`).
    case changedOutside

    public var code: String {
        switch self {
        case .notConnected: "not_connected"
        case .connected: "connected"
        case .expired: "expired"
        case .needsReconnect: "needs_reconnect"
        case .disconnected: "disconnected"
        case .changedOutside: "changed_outside"
        }
    }

    public var displayName: String {
        switch self {
        case .notConnected: "Not connected"
        case .connected: "Connected"
        case .expired: "Expired (will refresh)"
        case .needsReconnect: "Needs reconnect"
        case .disconnected: "Disconnected"
        case .changedOutside: "Changed outside Connections"
        }
    }

    public var reason: String? {
        if case .needsReconnect(let reason) = self { return reason }
        return nil
    }

    public init?(code: String, reason: String?) {
        switch code {
        case "not_connected": self = .notConnected
        case "connected": self = .connected
        case "expired": self = .expired
        case "needs_reconnect": self = .needsReconnect(reason: reason ?? "")
        case "disconnected": self = .disconnected
        default: return nil
        }
    }
}
