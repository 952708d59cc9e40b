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
        guard let entry = entry(linkName, in: PackageResources.catalog_yaml) else { return nil }
        return try parse("services:\n" + entry, file: "catalog.yaml").services.first
    }

    /// The text of the list entry whose `link_name` is `linkName`: entries start with `  - name:` and give their link
    /// name on the next line (as scripts/catalog/build_catalog.py writes them). Found in the bytes, without decoding
    /// or splitting the whole catalog, which is most of what a `token` or `invoke` would otherwise spend on it.
    static func entry(_ linkName: String, in bytes: [UInt8]) -> String? {
        let entryStart = Array("\n  - ".utf8)
        guard let hit = bytes.firstRange(of: Array(("\n    link_name: " + linkName + "\n").utf8)) else { return nil }
        var start = hit.lowerBound
        while start >= 0, !bytes[start...].starts(with: entryStart) { start -= 1 }
        guard start >= 0 else { return nil }
        let end = bytes[hit.upperBound...].firstRange(of: entryStart)?.lowerBound ?? bytes.endIndex
        return String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
    }

    private static func bundledText() -> String {
        String(decoding: PackageResources.catalog_yaml, as: UTF8.self)
    }
}
