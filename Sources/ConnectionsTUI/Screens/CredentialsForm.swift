import ConnectionsCore
import Foundation

/// The credentials form of an API key or Basic connection: one field per value, secrets masked.
enum CredentialsForm {
    static func make(for service: Service) -> Form {
        var fields = CredentialPrompt.prompts(for: service.auth).map { prompt in
            Form.Field(
                id: prompt.key, label: prompt.label, kind: .text(TextField("", secret: prompt.isSecret)),
                keyHint: prompt.isSecret ? KeyHint(.reveal, "reveals") : nil)
        }
        fields.append(Form.Field(id: "save_credentials", label: "Save and connect", kind: .button))
        return Form(fields: fields)
    }

    static func values(_ form: Form) -> [String: Secret] {
        var values: [String: Secret] = [:]
        for field in form.fields where field.id != "save_credentials" { values[field.id] = Secret(field.text) }
        return values
    }
}
