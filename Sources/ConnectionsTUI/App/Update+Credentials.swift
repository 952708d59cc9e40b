import ConnectionsCore

/// Keys while the credentials form is open; `command` is the key's binding in the form's mode.
func pressInCredentials(_ detail: inout DetailState, _ state: inout AppState, _ key: Key, command: Command?) -> [Effect] {
    guard var form = detail.credentials else { return [] }
    if command == .back {
        detail.enter(.credentials(nil))
        return []
    }
    defer { if detail.credentials != nil { detail.enter(.credentials(form)) } }
    if form.edit(key, keymap: state.keymap) { return [] }
    let activates = state.keymap.command(for: key, in: [.field]) == .activate
    if command == .submit || (activates && form.focused?.id == "save_credentials") { return submitCredentials(&form, detail) }
    switch command {
    case .nextField: form.moveFocus(1)
    case .previousField: form.moveFocus(-1)
    case .reveal: revealFocused(&form)
    default:
        if activates {
            form.moveFocus(1)
            return []
        }
        return global(&state, command) ?? []
    }
    return []
}

/// Stores what the form holds, or marks the fields left empty.
func submitCredentials(_ form: inout Form, _ detail: DetailState) -> [Effect] {
    let empty = form.fields.filter { $0.id != "save_credentials" && $0.text.isEmpty }
    guard empty.isEmpty else {
        form.setErrors(empty.map { (field: $0.id, message: "\($0.label) is needed.") })
        return []
    }
    return [.storeCredentials(detail.connection.linkName, CredentialsForm.values(form))]
}
