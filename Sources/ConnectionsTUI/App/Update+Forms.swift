import ConnectionsCore
import Foundation

/// The Custom Service tab.
func pressInServiceForm(_ state: inout AppState, _ key: Key) -> [Effect] {
    if state.confirmingDiscard {
        state.confirmingDiscard = false
        if state.keymap.isYes(key) {
            state.resetServiceForm()
            state.status = StatusLine(text: "Discarded the form; this is a new service.", isError: false)
        } else {
            state.status = .keptForm
        }
        return []
    }
    if let url = state.discovering, formCommand(state.keymap, key, focused: nil) == .back {
        // Esc stops a discovery at once, whatever the server does; the form keeps what was typed.
        state.discovering = nil
        state.status = StatusLine(text: "Stopped discovering \(url); nothing was filled in.", isError: false)
        return [.cancelDiscovery(url)]
    }
    switch press(key, in: &state.serviceForm, keymap: state.keymap, move: moveInServiceForm) {
    case .edited(let field): typedInServiceForm(&state, field)
    case .answered(let effects): return effects
    case .command(.newService) where state.serviceFormHasUnsavedWork:
        state.confirmingDiscard = true
        state.status = .discardQuestion(state.keymap, "Start a new service and discard what you typed in this form?")
    case .command(.newService):
        state.resetServiceForm()
    case .command(.submit): return save(&state, openNewConnection: false)
    case .command(.back):
        // Esc goes back, as it does everywhere; typed work is discarded only when the user says so.
        if state.serviceFormHasUnsavedWork {
            state.confirmingDiscard = true
            state.status = .discardQuestion(state.keymap)
        } else {
            // The form stays as it is (a saved service stays open for editing): the tab shows what was left there.
            state.tab = .myConnections
        }
    case .command(let command):
        if state.keymap.command(for: key, in: [.field]) == .activate { return activateInServiceForm(&state) }
        return global(&state, command) ?? []
    }
    return []
}

/// After typing in `field`: the form follows the auth type, the link name the name, the redirect URI its port, and
/// the API key rows grow as they fill.
private func typedInServiceForm(_ state: inout AppState, _ field: String?) {
    if field == "auth" { state.serviceForm = ServiceForm.rebuild(state.serviceForm) }
    if state.editingService == nil {
        followName(
            in: &state.serviceForm, edited: field, follows: &state.serviceLinkFollowsName, fallback: "service",
            taken: Set(state.services.map(\.linkName)))
    }
    if field?.hasPrefix("oauth2.redirect_port") == true { refreshRedirectURI(&state.serviceForm) }
    if field?.hasPrefix("api_key[") == true { ServiceForm.growAPIKeyRows(&state.serviceForm) }
}

/// The focused field's action, from its key or a click: discover, save, or on to the next field.
func activateInServiceForm(_ state: inout AppState) -> [Effect] {
    let focusedID = state.serviceForm.focused?.id
    switch focusedID {
    case "discover" where !state.serviceForm.value("discover").isEmpty:
        let url = state.serviceForm.value("discover").trimmingCharacters(in: .whitespaces)
        var effects: [Effect] = state.discovering.map { [.cancelDiscovery($0)] } ?? []
        state.discovering = url
        state.status = StatusLine(
            text: "Discovering \(url)… \(state.keymap.hint(.back, "stops it", in: [.form, .global])).", isError: false)
        effects.append(.discoverService(url))
        return effects
    case "save": return save(&state, openNewConnection: false)
    case "save_and_connect": return save(&state, openNewConnection: true)
    default:
        checkField(&state.serviceForm, focusedID)
        state.serviceForm.moveFocus(1)
    }
    return []
}

/// The next or previous field of the Custom Service form; leaving a field checks it, as the original does.
func moveInServiceForm(_ form: inout Form, by step: Int) {
    checkField(&form, form.focused?.id)
    form.moveFocus(step)
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
    let original = state.editingService.flatMap { link in state.services.first { $0.linkName == link } } ?? state.discoveredService
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
    if state.editingService == nil, state.discoveredService != nil, let settings = service.auth.oauth2, settings.clientID.isEmpty,
        settings.registrationEndpoint != nil
    {
        state.status = StatusLine(text: "Registering a client at \(settings.registrationEndpoint ?? "")…", isError: false)
        return [.registerAndSaveService(service, authMethods: state.discoveredAuthMethods, openNewConnection: openNewConnection)]
    }
    return [.saveService(service, replace: state.editingService != nil, openNewConnection: openNewConnection)]
}

/// Discovery's answer fills the form: what was found, the name typed so far kept (else the metadata's name or the
/// host's; an address names nothing, so the name is asked for), the scopes the server supports as a checklist (checked
/// when the API's metadata or its challenge asks for them, unchecked from a bare issuer: either way the hint says
/// why), and the service itself kept as the base of the save (issuer, registration endpoint).
func fillFromDiscovery(_ state: inout AppState, _ found: Service, steps: [String], scopes: [String]) {
    var service = found
    let typedName = state.serviceForm.value("name"), typedLink = state.serviceForm.value("link_name")
    let url = state.serviceForm.value("discover")
    service.name = typedName.isEmpty ? found.name : typedName
    let taken = Set(state.services.map(\.linkName))
    service.linkName =
        !typedLink.isEmpty
        ? typedLink
        : service.name.isEmpty ? "" : NameRules.deriveLinkName(from: service.name, fallback: "service", taken: taken.contains)
    var form = ServiceForm.make(auth: .oauth2, from: service)
    form.setText("discover", url)
    let suggested = Set(service.auth.oauth2?.scopes ?? [])
    let scopesWhy =
        suggested.isEmpty
        ? "none checked: an issuer does not say which scopes an app needs (none asks for the server's default)"
        : "checked: what the API's metadata asks for"
    if let index = form.index(of: "oauth2.scopes"), !scopes.isEmpty {
        form.fields[index].kind = .list(ListEditor(items: scopes, checked: scopes.map(suggested.contains)))
        form.fields[index].hint = "the server's scopes, " + scopesWhy
    }
    // What discovery filled is marked, so that the rest is seen to be the user's to give.
    let filled = [
        "api_base", "oauth2.authorize_url", "oauth2.token_url", "oauth2.revoke_url", "oauth2.device_authorization_url",
        "oauth2.issuer", "oauth2.resource", "oauth2.scopes",
    ]
    for index in form.fields.indices where filled.contains(form.fields[index].id) && !form.fields[index].text.isEmpty {
        form.fields[index].label = "✓ " + form.fields[index].label
    }
    if let index = form.index(of: "oauth2.scopes"), !scopes.isEmpty { form.fields[index].label = "✓ " + "Scopes (the server's)" }
    let unnamed = service.name.isEmpty
    if unnamed, let index = form.index(of: "name") {
        form.focus = index
        form.fields[index].hint = "\(URL(string: url)?.host ?? url) is an address, not a name: name the service"
    }
    state.serviceForm = form
    state.discoveredService = service
    let registers = service.auth.oauth2?.registrationEndpoint != nil
    state.status = StatusLine(
        text: "Filled from \(service.auth.oauth2?.issuer ?? url); ✓ marks what was found (\(steps.count) steps: "
            + steps.joined(separator: "; ") + "). " + (unnamed ? "Name the service (its address names none). " : "")
            + (scopes.isEmpty ? "" : "Scopes: \(scopesWhy). ")
            + (registers ? "Saving registers a client there (RFC 7591)." : "The server offers no registration: give a client ID."),
        isError: false)
}
