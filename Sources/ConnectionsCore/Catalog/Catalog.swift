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
        guard let url = bundledFileURL, let data = FileManager.default.contents(atPath: url.path) else {
            throw ServiceFileError(file: "catalog.yaml", line: nil, key: "", message: "the bundled catalog is missing; reinstall connections")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.lastPathComponent)
    }
}
