import Foundation
@testable import ConnectionsCore

/// Each store implementation the contract tests run against.
enum StoreBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgresql

    var description: String { rawValue }

    /// A new, empty store of this kind.
    func fresh() throws -> StorePlace {
        switch self {
        case .sqlite:
            let home = TemporaryDirectory()
            let location = home.location
            return StorePlace(keeping: home) { environment in try SQLiteStore(location: location, environment: environment) }
        case .postgresql:
            let server = try PostgresTestServer.shared.get()
            let address = try PostgresAddress(try server.freshDatabase())
            return StorePlace(keeping: server) { environment in
                let key = ["CONNECTIONS_KEY": PostgresTestServer.teamKey].merging(environment) { $1 }
                return try PostgresStore(address: address, environment: key, keyFile: nil)
            }
        }
    }
}

/// One empty store's place; each `open` is another handle on it, as another process would have.
final class StorePlace: @unchecked Sendable {
    private let resource: AnyObject
    private let opener: @Sendable ([String: String]) throws -> any ConnectionStore

    init(keeping resource: AnyObject, opener: @escaping @Sendable ([String: String]) throws -> any ConnectionStore) {
        self.resource = resource
        self.opener = opener
    }

    func open(environment: [String: String] = [:]) throws -> any ConnectionStore { try opener(environment) }
}
