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

    public static let bundledFileURL = Bundle.module.url(forResource: "catalog", withExtension: "yaml")

    /// The catalog shipped with the program.
    public static func bundled() throws(ServiceFileError) -> Catalog {
        try parse(try bundledText(), file: "catalog.yaml")
    }

    /// One service of the bundled catalog, parsing only its own entry: `token` and `invoke` need one service,
    /// and parsing all of them would cost more than the rest of the command.
    public static func bundledService(_ linkName: String) throws(ServiceFileError) -> Service? {
        guard let entry = entry(linkName, in: try bundledText()) else { return nil }
        return try parse("services:\n" + entry, file: "catalog.yaml").services.first
    }

    /// The text of the list entry whose `link_name` is `linkName` (entries start with `  - `).
    static func entry(_ linkName: String, in text: String) -> String? {
        var entries: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - ") { entries.append([line]) } else if !entries.isEmpty { entries[entries.count - 1].append(line) }
        }
        let wanted = "link_name: \(linkName)"
        return entries.first { lines in
            lines.contains { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "- ")) == wanted }
        }?.joined(separator: "\n")
    }

    private static func bundledText() throws(ServiceFileError) -> String {
        guard let url = bundledFileURL, let data = FileManager.default.contents(atPath: url.path) else {
            throw ServiceFileError(file: "catalog.yaml", line: nil, key: "", message: "the bundled catalog is missing; reinstall connections")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
