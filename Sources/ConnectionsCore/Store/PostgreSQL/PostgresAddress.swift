import Foundation

/// A team store's URL, `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=…]`, and how messages name it
/// (host, port and database: never the password).
public struct PostgresAddress: Sendable, Equatable {
    public let url: String
    public let host: String
    public let port: Int
    public let database: String

    /// `HOST:PORT/DB`.
    public var place: String { "\(host):\(port)/\(database)" }

    public static func isTeamStore(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String) throws(StoreError) {
        guard Self.isTeamStore(text), let components = URLComponents(string: text) else {
            throw .badStoreAddress(text: Self.withoutPassword(text))
        }
        url = text
        let host = components.host ?? ""
        self.host = host.isEmpty ? "localhost" : host
        port = components.port ?? 5432
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? (components.user ?? "postgres") : path
    }

    /// The URL as it may be shown.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "the store URL"
    }
}
