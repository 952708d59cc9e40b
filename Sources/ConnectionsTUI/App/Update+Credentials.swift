import ConnectionsCore

/// Keys while the credentials form is open; nil when it is not.
func pressInCredentials(_ detail: inout DetailState, _ key: Key, keymap: Keymap) -> [Effect]? {
    guard var form = detail.credentials else { return nil }
    if key == .escape {
        detail.credentials = nil
        return []
    }
    defer { detail.credentials = form }
    if form.edit(key, keymap: keymap) { return [] }
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
