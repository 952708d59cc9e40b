import ConnectionsCore

/// My Connections and Pick Your Service: move, filter, open.
func pressInList(_ state: inout AppState, _ key: Key) -> [Effect] {
    let isConnections = state.tab == .myConnections
    var list = isConnections ? state.connectionList : state.serviceList
    defer {
        if isConnections { state.connectionList = list } else { state.serviceList = list }
    }
    let count = isConnections ? state.visibleConnections.count : state.visibleServices.count
    if list.filtering {
        switch key {
        case .enter, .escape, .down, .up:
            list.filtering = false
            if key == .escape { list.filter = TextField() }
        default:
            if list.filter.handle(key) { list.selected = 0 }
            return []
        }
        if isConnections { state.connectionList = list } else { state.serviceList = list }
        list.move(by: 0, count: isConnections ? state.visibleConnections.count : state.visibleServices.count)
        return []
    }
    let command = state.keymap.command(for: key, in: [.list, .global])
    let page = max(1, state.height - 8)
    switch command {
    case .up: list.move(by: -1, count: count)
    case .down: list.move(by: 1, count: count)
    case .pageUp: list.move(by: -page, count: count)
    case .pageDown: list.move(by: page, count: count)
    case .top: list.move(by: -count, count: count)
    case .bottom: list.move(by: count, count: count)
    case .filter: list.filtering = true
    case .edit where !isConnections && count > 0:
        let service = state.visibleServices[list.selected]
        guard service.origin == .custom else {
            state.status = StatusLine(text: "\(service.name) is pre-built and cannot be changed; a custom service can copy its URLs.", isError: true)
            return []
        }
        state.serviceForm = ServiceForm.make(auth: service.auth.type, from: service)
        state.serviceFormBaseline = state.serviceForm.snapshot
        state.editingService = service.linkName
        state.tab = .customService
        state.status = StatusLine(text: "Editing \(service.name); ctrl+s saves. Its link name stays \(service.linkName).", isError: false)
    case .back: list.filter = TextField()
    case .open:
        guard count > 0 else { return [] }
        if isConnections { return [.loadDetail(state.visibleConnections[list.selected].linkName)] }
        let service = state.visibleServices[list.selected]
        state.screen = .newConnection(NewConnectionState(service: service, form: ConnectionForms.newConnection(for: service, suggestedLink: "")))
    default:
        return global(&state, command) ?? []
    }
    return []
}

/// The new connection form: the link name follows the name until edited.
func pressInNewConnection(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .newConnection(var new) = state.screen else { return [] }
    defer { if case .newConnection = state.screen { state.screen = .newConnection(new) } }
    let focusedID = new.form.focused?.id
    if new.form.edit(key) {
        if focusedID == "link_name" { new.linkFollowsName = false }
        if focusedID == "name", new.linkFollowsName {
            let taken = Set(state.connections.map(\.linkName))
            new.form.setText("link_name", NameRules.deriveLinkName(from: new.form.value("name"), fallback: "connection", taken: taken.contains))
        }
        return []
    }
    let command = formCommand(state.keymap, key, focusedID: focusedID)
    switch command {
    case .nextField, .previousField:
        // Leaving the link name checks it, as the service form does.
        if focusedID == "link_name", let index = new.form.index(of: "link_name") {
            new.form.fields[index].error = NameRules.linkNameProblem(new.form.value("link_name"))
        }
        new.form.moveFocus(command == .nextField ? 1 : -1)
    case .reveal: revealFocused(&new.form)
    case .back:
        if let link = new.editing { return [.loadDetail(link)] }
        state.screen = .main
    case .copy where focusedID == "redirect_uri":
        return [.copy(new.form.value("redirect_uri"), what: "redirect URI")]
    case .submit where new.editing == nil && refuseWithoutClient(&state, &new):
        return []
    case .submit where new.editing != nil:
        return [.updateConnection(new.editing!, ConnectionForms.draft(from: new.form, service: new.service))]
    case .submit:
        return [.createConnection(ConnectionForms.draft(from: new.form, service: new.service), connect: true)]
    default:
        if key == .enter {
            switch focusedID {
            case "save_connection": return [.updateConnection(new.editing ?? "", ConnectionForms.draft(from: new.form, service: new.service))]
            case "create_and_connect", "create":
                if refuseWithoutClient(&state, &new) { return [] }
                return [.createConnection(ConnectionForms.draft(from: new.form, service: new.service), connect: focusedID == "create_and_connect")]
            default: new.form.moveFocus(1)
            }
            return []
        }
        return global(&state, command) ?? []
    }
    return []
}

/// A connection to a service without a client of its own needs one before it is created: the field says what
/// to get and where. True when the creation was refused.
private func refuseWithoutClient(_ state: inout AppState, _ new: inout NewConnectionState) -> Bool {
    guard let index = new.form.index(of: "client_id"),
          let message = ConnectionValidator.missingClientInForm(clientID: new.form.value("client_id"), service: new.service)
    else { return false }
    new.form.fields[index].error = message
    new.form.focus = index
    state.status = StatusLine(text: "Not created: \(new.service.name) needs a client ID first (see under the field).", isError: true)
    return true
}

func revealFocused(_ form: inout Form) {
    guard let focused = form.focused, case .text(var field) = focused.kind, field.isSecret else { return }
    field.revealed.toggle()
    form.fields[form.focus].kind = .text(field)
}
