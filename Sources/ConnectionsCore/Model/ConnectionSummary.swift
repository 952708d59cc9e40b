import Foundation

/// What a list shows of a connection, read without decrypting anything.
public struct ConnectionSummary: Sendable, Equatable {
    public var name: String
    public var linkName: String
    public var serviceLinkName: String
    public var storedStatus: ConnectionStatus
    public var expiresAt: Date?
    public var hasRefreshToken: Bool
    public var scopes: [String]
    public var grantedScopes: [String]?
    public var createdAt: Date
    public var updatedAt: Date
    public var health = ConnectionHealth()

    public func status(at now: Date) -> ConnectionStatus {
        ConnectionStatus.effective(stored: storedStatus, expiresAt: expiresAt, hasRefreshToken: hasRefreshToken, now: now)
    }
}

extension ConnectionStatus {
    /// The stored status corrected for time: a connected token past its expiry is *Expired* when it can refresh.
    public static func effective(stored: ConnectionStatus, expiresAt: Date?, hasRefreshToken: Bool, now: Date) -> ConnectionStatus {
        guard stored == .connected, let expiresAt, expiresAt <= now else { return stored }
        return hasRefreshToken ? .expired : .needsReconnect(reason: "The access token expired and the provider gave no refresh token.")
    }
}

extension Connection {
    public var summary: ConnectionSummary {
        ConnectionSummary(
            name: name, linkName: linkName, serviceLinkName: serviceLinkName, storedStatus: storedStatus,
            expiresAt: tokens?.expiresAt, hasRefreshToken: tokens?.refreshToken != nil, scopes: scopes,
            grantedScopes: tokens?.grantedScopes, createdAt: createdAt, updatedAt: updatedAt, health: health)
    }
}

extension ConnectionSummary {
    /// What a list shows of a row that failed its check: its link name and that it was changed outside Connections.
    static func changedOutside(_ linkName: String) -> ConnectionSummary {
        let epoch = Date(timeIntervalSince1970: 0)
        return ConnectionSummary(
            name: linkName, linkName: linkName, serviceLinkName: "", storedStatus: .changedOutside, expiresAt: nil,
            hasRefreshToken: false, scopes: [], grantedScopes: nil, createdAt: epoch, updatedAt: epoch)
    }
}
