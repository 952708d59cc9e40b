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

    /// What libpq is given: our settings, then the URL, whose own settings override ours. A host reached over the
    /// network gets `sslmode=require` unless the URL names a mode (`disable` included) or `PGSSLMODE` asks for at
    /// least as much: libpq's default, `prefer`, lets a man in the middle answer "no TLS here". This machine and
    /// Unix sockets keep libpq's default.
    func libpqParameters(environment: [String: String]) -> [(keyword: String, value: String)] {
        var parameters = [(keyword: "connect_timeout", value: "5"), (keyword: "application_name", value: "connections")]
        if needsTLS(environment: environment) { parameters.append((keyword: "sslmode", value: "require")) }
        parameters.append((keyword: "dbname", value: url))
        return parameters
    }

    private func needsTLS(environment: [String: String]) -> Bool {
        guard let components = URLComponents(string: url) else { return true }
        let query = components.queryItems ?? []
        func setting(_ name: String) -> String? { query.last { $0.name == name }?.value.flatMap { $0.isEmpty ? nil : $0 } }
        if setting("sslmode") != nil { return false }
        if let mode = environment["PGSSLMODE"], ["require", "verify-ca", "verify-full"].contains(mode) { return false }
        let urlHost = components.percentEncodedHost.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        // Where libpq connects: hostaddr when given (host then only names the certificate), else host.
        let hosts =
            setting("hostaddr") ?? environment["PGHOSTADDR"].flatMap { $0.isEmpty ? nil : $0 } ?? setting("host") ?? urlHost
            ?? environment["PGHOST"] ?? ""
        return hosts.split(separator: ",", omittingEmptySubsequences: false).contains { entry in
            let host = entry.trimmingCharacters(in: .whitespaces)
            return !host.isEmpty && !host.hasPrefix("/") && !host.hasPrefix("@") && !Origin.isThisMachine(host: host)
        }
    }

    /// The URL as it may be shown.
    static func withoutPassword(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "the store URL"
    }
}
