import Foundation

/// A custom service's columns, declared once for every store (see `StoredColumn`).
enum ServiceColumn: Int, StoredColumn {
    case linkName, name, authType, definition, secrets, createdAt, updatedAt

    static let table = "services"
    /// The cases' names in snake case, written out (`StoredColumnTests` checks them).
    static let names = ["link_name", "name", "auth_type", "definition", "secrets", "created_at", "updated_at"]
    static let columns = allCases

    var kind: StoredCell.Kind {
        switch self {
        case .linkName, .name, .authType, .definition: .text
        case .secrets: .bytes
        case .createdAt, .updatedAt: .number
        }
    }
}

/// A custom service as a store keeps it: its definition as JSON without secrets, and the secrets sealed.
typealias ServiceRow = StoredRow<ServiceColumn>

extension StoredRow where Column == ServiceColumn {
    static func sealingContext(_ linkName: String) -> String { "service:" + linkName }

    init(_ service: Service, sealing json: SealedJSON, createdAt: Double, updatedAt: Double) throws {
        self.init()
        let secrets = service.secrets
        set(.linkName, service.linkName)
        set(.name, service.name)
        set(.authType, service.auth.type.rawValue)
        set(.definition, try SealedJSON.text(service.withoutSecrets))
        set(.secrets, secrets.isEmpty ? nil : try json.seal(secrets, context: Self.sealingContext(service.linkName)))
        set(.createdAt, createdAt)
        set(.updatedAt, updatedAt)
    }

    func service(opening json: SealedJSON) throws -> Service {
        guard var service = try SealedJSON.value(Service.self, from: text(.definition)), service.linkName == key else {
            throw StoreError.undecryptable(what: "service \(key)")
        }
        service.name = TerminalText.singleLine(service.name)
        let secrets = try json.open(
            ServiceSecrets.self, bytes(.secrets), context: Self.sealingContext(key), what: "service \(key)")
        let opened = secrets.map { service.applying($0) } ?? service
        // Checked as it is read, not only when it was written: the same rules as an import or the form.
        let problems = ServiceValidator.errors(in: opened)
        if !problems.isEmpty { throw StoreError.invalidService(linkName: key, problems: problems.map(\.description)) }
        return opened
    }
}
