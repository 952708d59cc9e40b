import Foundation
import Testing
@testable import ConnectionsCore

/// Which fields are secret is declared once, in the field table; every one of them is stored sealed, in both stores.
@Suite struct SecretFieldTests {
    /// A service of `type` with every secret field the table gives it set to a marker naming the field.
    static func serviceWithEverySecret(_ type: AuthType) -> Service {
        var service = Service(name: "Every \(type.rawValue)", linkName: "every_\(type.rawValue)", auth: .basic)
        switch type {
        case .oauth2: service.auth = Fixtures.oauth2Service().auth
        case .oauth1: service.auth = Fixtures.oauth1Service().auth
        case .apiKey: service.auth = .apiKey([APIKeyField(key: "X-Key", label: "Key", placement: .header)])
        case .basic: break
        }
        for field in ServiceFields.secretFields where ServiceFields.section(for: type) == field.section {
            field.set(.text(marker(field.key)), in: &service)
        }
        return service
    }

    static func marker(_ key: String) -> String { "marker-" + key.replacingOccurrences(of: ".", with: "-") }

    @Test func theTableNamesEverySecretTheModelHas() {
        #expect(
            ServiceFields.secretFields.map(\.key).sorted() == [
                "oauth1.consumer_secret", "oauth2.client_secret", "oauth2.registration_access_token",
            ])
        for type in AuthType.allCases {
            let service = Self.serviceWithEverySecret(type)
            let plain = try? SealedJSON.text(service.withoutSecrets)
            for field in ServiceFields.secretFields { #expect(plain?.contains(Self.marker(field.key)) == false, "\(field.key)") }
            #expect(service.withoutSecrets.applying(service.secrets) == service)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func noSecretOfAnyAuthTypeIsInADump(_ backend: StoreBackend) throws {
        let place = try backend.fresh()
        let store = try place.open()
        let services = AuthType.allCases.map(Self.serviceWithEverySecret)
        for service in services { try store.saveService(service, replace: false) }
        try store.insertConnection(Fixtures.connectedConnection())
        let dump = try place.dump()
        #expect(dump.contains("every_oauth2") && dump.contains("acme_main"), "the dump holds the rows")
        for secret in ServiceFields.secretFields.map({ Self.marker($0.key) }) + Fixtures.storedSecrets {
            #expect(!dump.contains(secret), "\(secret) is readable in the dump")
        }
        for service in services { #expect(try store.customService(service.linkName) == service) }
    }
}
