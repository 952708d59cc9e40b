import Foundation
@testable import ConnectionsCore

/// A fresh directory under the system temp dir, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("connections-test-" + UUID().uuidString, isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var location: StoreLocation { StoreLocation.resolve(home: url.path, environment: [:]) }

    func store() throws -> SQLiteStore { try SQLiteStore(location: location, environment: [:]) }

    func workspace() throws -> Workspace { Workspace(store: try store()) }
}
