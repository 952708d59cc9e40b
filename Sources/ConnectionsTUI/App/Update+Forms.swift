import ConnectionsCore

/// The Custom Service tab.
func pressInServiceForm(_ state: inout AppState, _ key: Key) -> [Effect] {
    let focusedID = state.serviceForm.focused?.id
    if state.serviceForm.edit(key) {
        if focusedID == "auth" { state.serviceForm = ServiceForm.rebuild(state.serviceForm) }
        if focusedID == "name", state.editingService == nil, !state.serviceForm.value("name").isEmpty {
            let taken = Set(state.services.map(\.linkName))
            let derived = NameRules.deriveLinkName(from: state.serviceForm.value("name"), fallback: "service", taken: taken.contains)
            if state.serviceForm.fields.first(where: { $0.id == "link_name" })?.error == nil, linkFollows(state.serviceForm, taken: taken) {
                state.serviceForm.setText("link_name", derived)
            }
        }
        if focusedID?.hasPrefix("oauth2.redirect_port") == true { refreshRedirectURI(&state.serviceForm) }
        if focusedID?.hasPrefix("api_key[") == true { ServiceForm.growAPIKeyRows(&state.serviceForm) }
        return []
    }
    let command = state.keymap.command(for: key, in: [.form, .global])
    switch command {
    case .nextField, .previousField:
        // Leaving a field checks it, as the original does.
        checkField(&state.serviceForm, focusedID)
        state.serviceForm.moveFocus(command == .nextField ? 1 : -1)
    case .reveal: revealFocused(&state.serviceForm)
    case .copy where focusedID == "redirect_uri":
        return [.copy(state.serviceForm.value("redirect_uri"), what: "redirect URI")]
    case .submit: return save(&state, openNewConnection: false)
    case .back:
        state.serviceForm = ServiceForm.make(auth: .oauth2)
        state.editingService = nil
        state.status = StatusLine(text: "Cleared the form.", isError: false)
    default:
        if key == .enter {
            switch focusedID {
            case "save": return save(&state, openNewConnection: false)
            case "save_and_connect": return save(&state, openNewConnection: true)
            default:
                checkField(&state.serviceForm, focusedID)
                state.serviceForm.moveFocus(1)
            }
            return []
        }
        return global(&state, command) ?? []
    }
    return []
}

/// The link name keeps following the name while it is empty or still the derived value of a prefix of it.
private func linkFollows(_ form: Form, taken: Set<String>) -> Bool {
    let link = form.value("link_name")
    let name = form.value("name")
    if link.isEmpty { return true }
    let previous = NameRules.deriveLinkName(from: String(name.dropLast()), fallback: "service", taken: taken.contains)
    return link == previous || link == NameRules.deriveLinkName(from: name, fallback: "service", taken: taken.contains)
}

private func refreshRedirectURI(_ form: inout Form) {
    guard let index = form.index(of: "redirect_uri") else { return }
    var settings = OAuth2Settings()
    settings.redirectPort = Int(form.value("oauth2.redirect_port"))
    form.fields[index].kind = .info(settings.redirectURI)
}

/// Shows the validator's message for one field as soon as the user leaves it.
private func checkField(_ form: inout Form, _ id: String?) {
    guard let id, let index = form.index(of: id), case .text = form.fields[index].kind else { return }
    let service = ServiceForm.service(from: form)
    let errors = ServiceValidator.errors(in: service).filter { $0.field == id || $0.field.hasPrefix(id + "[") }
    form.fields[index].error = errors.first?.message
    if form.value(id).isEmpty { form.fields[index].error = nil }
}

private func save(_ state: inout AppState, openNewConnection: Bool) -> [Effect] {
    let original = state.editingService.flatMap { link in state.services.first { $0.linkName == link } }
    var service = ServiceForm.service(from: state.serviceForm, base: original)
    if let editing = state.editingService, service.linkName != editing {
        state.serviceForm.setErrors([(field: "link_name", message: "The link name cannot change after creation; it stays \(editing).")])
        return []
    }
    let errors = ServiceValidator.errors(in: service)
    if !errors.isEmpty {
        state.serviceForm.setErrors(errors.map { (field: $0.field, message: $0.message) })
        state.status = StatusLine(text: "\(errors.count) field(s) need attention: \(errors[0].message)", isError: true)
        return []
    }
    state.serviceForm.clearErrors()
    service.origin = .custom
    return [.saveService(service, replace: state.editingService != nil, openNewConnection: openNewConnection)]
}
