import Foundation

/// A custom service as a store keeps it: its definition as JSON without secrets, and the secrets sealed.
struct ServiceRow: Sendable {
    var linkName: String
    var name: String
    var authType: String
    var definition: String
    var secrets: Data?

    static func sealingContext(_ linkName: String) -> String { "service:" + linkName }

    init(linkName: String, name: String, authType: String, definition: String, secrets: Data?) {
        self.linkName = linkName
        self.name = name
        self.authType = authType
        self.definition = definition
        self.secrets = secrets
    }

    init(_ service: Service, sealing json: SealedJSON) throws {
        let secrets = service.secrets
        self.init(
            linkName: service.linkName, name: service.name, authType: service.auth.type.rawValue,
            definition: try SealedJSON.text(service.withoutSecrets),
            secrets: secrets.isEmpty ? nil : try json.seal(secrets, context: Self.sealingContext(service.linkName)))
    }

    func service(opening json: SealedJSON) throws -> Service {
        guard var service = try SealedJSON.value(Service.self, from: definition) else {
            throw StoreError.undecryptable(what: "service \(linkName)")
        }
        service.name = TerminalText.singleLine(service.name)
        let secrets = try json.open(ServiceSecrets.self, secrets, context: Self.sealingContext(linkName), what: "service \(linkName)")
        return secrets.map { service.applying($0) } ?? service
    }
}
