import Foundation

/// Copies every custom service and connection, tokens included, from one store to another (each seals with its own
/// key). All or nothing; what the target already holds unchanged is skipped, so copying again changes nothing; a
/// link name the target holds with other content stops the copy before anything is written.
public enum StoreCopy {
    public struct Report: Sendable, Equatable {
        public var services: Int
        public var connections: Int
        public var alreadyThere: Int
    }

    public struct Conflicts: Error, CustomStringConvertible {
        public var linkNames: [String]
        public var target: String

        public var description: String {
            "\(target) already holds \(linkNames.count) link name(s) with other content: \(linkNames.joined(separator: ", ")). "
                + "Nothing was copied. Rename or delete them on one side, then copy again."
        }
    }

    public static func copy(from source: any ConnectionStore, to target: any ConnectionStore) throws -> Report {
        var conflicts: [String] = []
        var alreadyThere = 0
        var services: [Service] = []
        for service in try source.customServices() {
            if let existing = try target.customService(service.linkName) {
                if existing == service { alreadyThere += 1 } else { conflicts.append("service \(service.linkName)") }
            } else {
                services.append(service)
            }
        }
        var connections: [Connection] = []
        for summary in try source.connectionSummaries() {
            guard let connection = try source.connection(summary.linkName) else { continue }
            if let existing = try target.connection(summary.linkName) {
                if comparable(existing) == comparable(connection) { alreadyThere += 1 } else { conflicts.append(summary.linkName) }
            } else {
                connections.append(connection)
            }
        }
        if !conflicts.isEmpty { throw Conflicts(linkNames: conflicts, target: target.place) }
        try target.insertAll(services: services, connections: connections)
        return Report(services: services.count, connections: connections.count, alreadyThere: alreadyThere)
    }

    /// Times to the millisecond (a store keeps seconds as a double), and the last change left out.
    private static func comparable(_ connection: Connection) -> Connection {
        func rounded(_ date: Date) -> Date { Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000) }
        var copy = connection
        copy.createdAt = rounded(copy.createdAt)
        copy.updatedAt = Date(timeIntervalSince1970: 0)
        if var tokens = copy.tokens {
            tokens.expiresAt = tokens.expiresAt.map(rounded)
            tokens.obtainedAt = tokens.obtainedAt.map(rounded)
            copy.tokens = tokens
        }
        return copy
    }
}
