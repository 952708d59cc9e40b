import Foundation

/// The pre-built services of "Pick Your Service", loaded from the bundled `catalog.yaml`.
public struct Catalog: Sendable {
    public let services: [Service]

    public init(services: [Service]) { self.services = services }

    public func service(_ linkName: String) -> Service? {
        services.first { $0.linkName == linkName }
    }

    public static func parse(_ text: String, file: String) throws(ServiceFileError) -> Catalog {
        let root = try YAMLMapping.root(text, file: file)
        try root.rejectUnknown(["services"])
        var services: [Service] = []
        for entry in try root.mappings("services") {
            let service = try ServiceFile.service(from: entry, origin: .catalog)
            if services.contains(where: { $0.linkName == service.linkName }) {
                throw entry.error("link_name", "'\(service.linkName)' is used by two catalog entries")
            }
            services.append(service)
        }
        return Catalog(services: services)
    }

    /// The catalog shipped with the program.
    public static func bundled() throws(ServiceFileError) -> Catalog {
        try parse(bundledText(), file: "catalog.yaml")
    }

    /// One service of the bundled catalog, parsing only its own entry: `token` and `invoke` need one service,
    /// and parsing all of them would cost more than the rest of the command.
    public static func bundledService(_ linkName: String) throws(ServiceFileError) -> Service? {
        guard let entry = entry(linkName, in: bundledText()) else { return nil }
        return try parse("services:\n" + entry, file: "catalog.yaml").services.first
    }

    /// The text of the list entry whose `link_name` is `linkName` (entries start with `  - `).
    static func entry(_ linkName: String, in text: String) -> String? {
        let wanted = "link_name: " + linkName
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var start: Int?
        var found = false
        for (index, line) in lines.enumerated() {
            if line.hasPrefix("  - ") {
                if found, let start { return lines[start..<index].joined(separator: "\n") }
                start = index
            }
            if start != nil, !found, line.drop(while: { $0 == " " || $0 == "-" }).elementsEqual(wanted) { found = true }
        }
        guard found, let start else { return nil }
        return lines[start...].joined(separator: "\n")
    }

    private static func bundledText() -> String {
        String(decoding: PackageResources.catalog_yaml, as: UTF8.self)
    }
}
