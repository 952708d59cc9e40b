import ConnectionsCore
import Testing
@testable import ConnectionsTUI

/// The field table is the one definition of a service's fields: every entry survives the service file (export,
/// then the strict reader) and every form entry survives the Custom Service form, with a value that is not the
/// default. A field added to the table is covered here without another line.
@Suite struct ServiceFieldTableTests {
    /// A non-default value for each field, valid together.
    static func sample(_ field: ServiceField) -> ServiceField.Value {
        switch (field.name, field.kind) {
        case ("name", _): .text("Every Field")
        case ("link_name", _): .text("every_field")
        case ("parameters", _): .list(["shop"])
        case ("token_fields", _): .list(["instance_url"])
        case ("allowed_hosts", _): .list(["files.example.test", "*.cdn.example.test"])
        case ("scopes", _): .list(["read", "write"])
        case (_, .url): .text("https://{shop}.example.test/\(field.name)")
        case (_, .text): .text("value-\(field.name)")
        case (_, .secret): .text("secret-\(field.name)")
        case (_, .port): .text("8123")
        case (_, .days): .text("45")
        case (_, .words): .list(["word_\(field.name)"])
        case (_, .pairs): .pairs([KeyValue("key_\(field.name)", "value 1")])
        case (_, .choice(let options)): .text(options.last ?? "")
        case (_, .toggle): .toggle(false)
        }
    }

    static func everyFieldSet(_ auth: AuthType) -> Service {
        var service = ServiceForm.blank(auth, like: nil)
        let section = ServiceFields.section(for: auth)
        for field in ServiceFields.all where field.section == .common || field.section == section {
            field.set(sample(field), in: &service)
        }
        return service
    }

    static func fields(_ auth: AuthType) -> [ServiceField] {
        ServiceFields.all.filter { $0.section == .common || $0.section == ServiceFields.section(for: auth) }
    }

    @Test(arguments: [AuthType.oauth2, .oauth1])
    func everyFieldSurvivesTheServiceFile(_ auth: AuthType) throws {
        let service = Self.everyFieldSet(auth)
        let read = try ServiceFile.parse(ServiceFile.export(service, secrets: .include), file: "every.yaml")
        for field in Self.fields(auth) {
            #expect(field.value(in: read) == Self.sample(field), "\(field.key)")
        }
    }

    @Test(arguments: [AuthType.oauth2, .oauth1])
    func everyFormFieldSurvivesTheForm(_ auth: AuthType) {
        let service = Self.everyFieldSet(auth)
        let form = ServiceForm.make(auth: auth, from: service)
        let fresh = ServiceForm.service(from: form)
        let edited = ServiceForm.service(from: form, base: service)
        for field in Self.fields(auth) {
            if field.inForm {
                #expect(form.fields.contains { $0.id == field.key && $0.label == field.label }, "\(field.key) is in the form")
                #expect(field.value(in: fresh) == Self.sample(field), "\(field.key) read from the form")
            }
            #expect(field.value(in: edited) == Self.sample(field), "\(field.key) kept when editing")
        }
    }

    @Test func theReaderKnowsExactlyTheTablesKeys() {
        #expect(throws: ServiceFileError.self) {
            try ServiceFile.parse("name: A\nlink_name: a\nauth: basic\nno_such_field: 1\n", file: "a.yaml")
        }
        do {
            _ = try ServiceFile.parse(
                "name: A\nlink_name: a\nauth: oauth2\noauth2: {token_url: 'https://a.test', nope: 1}\n", file: "a.yaml")
            Issue.record("an unknown oauth2 key was accepted")
        } catch {
            let expected = ServiceFields.fields(in: .oauth2).map(\.name).joined(separator: ", ")
            #expect(error.message.contains(expected), "\(error)")
        }
    }
}
