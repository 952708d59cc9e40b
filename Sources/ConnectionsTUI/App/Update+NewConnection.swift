import ConnectionsCore

/// The new connection form: the link name follows the name until edited.
func pressInNewConnection(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .newConnection(var new) = state.screen else { return [] }
    defer { if case .newConnection = state.screen { state.screen = .newConnection(new) } }
    if new.confirmingDiscard {
        new.confirmingDiscard = false
        if state.keymap.isYes(key) { return leave(&state, new) }
        state.status = .keptForm
        return []
    }
    switch press(key, in: &new.form, keymap: state.keymap, move: moveInNewConnection) {
    case .edited(let field):
        followName(
            in: &new.form, edited: field, follows: &new.linkFollowsName, fallback: "connection",
            taken: Set(state.connections.map(\.linkName)))
    case .answered(let effects): return effects
    case .command(.back) where new.hasTypedWork:
        new.confirmingDiscard = true
        state.status = .discardQuestion(state.keymap)
    case .command(.back):
        return leave(&state, new)
    case .command(.submit) where new.editing == nil && refuseInvalid(&state, &new):
        return []
    case .command(.submit) where new.editing != nil:
        return [.updateConnection(new.editing!, ConnectionForms.edit(from: new.form, service: new.service))]
    case .command(.submit):
        return [.createConnection(ConnectionForms.draft(from: new.form, service: new.service), connect: true)]
    case .command(let command):
        if state.keymap.command(for: key, in: [.field]) == .activate { return activateInNewConnection(&state, &new) }
        return global(&state, command) ?? []
    }
    return []
}

/// The focused field's action, from its key or a click: save, create, or on to the next field.
func activateInNewConnection(_ state: inout AppState, _ new: inout NewConnectionState) -> [Effect] {
    let focusedID = new.form.focused?.id
    switch focusedID {
    case "save_connection":
        return [.updateConnection(new.editing ?? "", ConnectionForms.edit(from: new.form, service: new.service))]
    case "create_and_connect", "create":
        if refuseInvalid(&state, &new) { return [] }
        return [.createConnection(ConnectionForms.draft(from: new.form, service: new.service), connect: focusedID == "create_and_connect")]
    default: new.form.moveFocus(1)
    }
    return []
}

/// The next or previous field; leaving the link name checks it, as the service form does.
func moveInNewConnection(_ form: inout Form, by step: Int) {
    if form.focused?.id == "link_name", let index = form.index(of: "link_name") {
        form.fields[index].error = NameRules.linkNameProblem(form.value("link_name"))
    }
    form.moveFocus(step)
}

/// Back to the connection's page (an edit) or the list, without the form.
private func leave(_ state: inout AppState, _ new: NewConnectionState) -> [Effect] {
    if let link = new.editing { return [.loadDetail(link)] }
    state.screen = .main
    return []
}

/// Everything wrong with the form, said at once under each field (a missing client ID with where to get one);
/// true when the creation was refused.
private func refuseInvalid(_ state: inout AppState, _ new: inout NewConnectionState) -> Bool {
    let draft = ConnectionForms.draft(from: new.form, service: new.service)
    var seen = Set<String>()
    // One message a field: the first, as the field shows it.
    let problems = ConnectionValidator.errors(in: draft, linkName: draft.linkName ?? "", service: new.service).filter {
        seen.insert($0.field).inserted
    }
    let errors = problems.map { error in
        guard error.field == "client_id" else { return (field: error.field, message: error.message) }
        let copy = state.keymap.hint(.copy, "copies it", in: [.detail])
        return (
            field: error.field, message: ConnectionValidator.registrationHint(new.service) + " The redirect URI is shown below (\(copy))."
        )
    }
    guard !errors.isEmpty else { return false }
    new.form.setErrors(errors)
    let count = errors.count == 1 ? "1 field needs" : "\(errors.count) fields need"
    state.status = StatusLine(text: "Not created: \(count) attention (see under each): \(errors[0].message)", isError: true)
    return true
}
