import ConnectionsCore
import Foundation

/// The credentials form of an API key or Basic connection: one field per value, secrets masked.
enum CredentialsForm {
    static func make(for service: Service) -> Form {
        var fields = CredentialPrompt.prompts(for: service.auth).map { prompt in
            Form.Field(id: prompt.key, label: prompt.label, kind: .text(TextField("", secret: prompt.isSecret)), hint: prompt.isSecret ? "ctrl+r reveals" : nil)
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

/// Keys while the credentials form is open; nil when it is not.
func pressInCredentials(_ detail: inout DetailState, _ key: Key, keymap: Keymap) -> [Effect]? {
    guard var form = detail.credentials else { return nil }
    if key == .escape {
        detail.credentials = nil
        return []
    }
    defer { detail.credentials = form }
    if form.edit(key) { return [] }
    let command = keymap.command(for: key, in: [.form])
    if command == .submit || (key == .enter && form.focused?.id == "save_credentials") {
        let empty = form.fields.filter { $0.id != "save_credentials" && $0.text.isEmpty }
        guard empty.isEmpty else {
            form.setErrors(empty.map { (field: $0.id, message: "\($0.label) is needed.") })
            return []
        }
        return [.storeCredentials(detail.connection.linkName, CredentialsForm.values(form))]
    }
    switch command {
    case .nextField: form.moveFocus(1)
    case .previousField: form.moveFocus(-1)
    case .reveal: revealFocused(&form)
    default:
        if key == .enter { form.moveFocus(1) }
    }
    return []
}

/// "Try it": the request builder's request, as the snippet shows it.
func tryItRequest(_ detail: DetailState) -> InvokeRequest {
    let request = ConnectionForms.snippetRequest(from: detail.request)
    return InvokeRequest(
        url: request.url, method: request.method.rawValue, parameters: request.parameters, headers: request.headers,
        body: request.body.map { Data($0.utf8) })
}

/// Keys while an answer is shown or awaited: Esc cancels or closes, arrows scroll. Nil lets the page handle the key.
func pressInTryIt(_ detail: inout DetailState, _ key: Key, command: Command?) -> [Effect]? {
    guard let tryIt = detail.tryIt else { return nil }
    if key == .escape {
        if tryIt.running { return [.cancelTryIt(detail.connection.linkName)] }
        detail.tryIt = nil
        return []
    }
    guard [.down, .up, .pageDown, .pageUp].contains(command) else { return nil }
    let step = command == .down ? 1 : command == .up ? -1 : command == .pageDown ? 10 : -10
    let lines = tryIt.response?.lines.count ?? 0
    detail.tryIt?.scroll = min(max(0, tryIt.scroll + step), max(0, lines - 1))
    return []
}
