import ConnectionsCore

/// A connection's page: its mode says which bindings work (`DetailMode.contexts`), this what they do.
func pressInDetail(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .detail(var detail) = state.screen else { return [] }
    defer {
        if case .detail = state.screen { state.screen = .detail(detail) }
        state.requestDrafts[detail.connection.linkName] = RequestDraft(request: detail.request, language: detail.language)
    }
    let command = state.keymap.command(for: key, in: detail.mode.contexts)
    switch detail.mode {
    case .confirming(let question, _):
        detail.enter(.answered)
        return answer(question, command, &detail, &state)
    case .connecting where key == .control("c") || command == .quit:
        ask(.quitWhileConnecting, &detail, &state)
        return []
    case .connecting(let wait, _) where wait.paste != nil:
        return pressInRedirectField(&detail, key, command: command)
    case .connecting:
        return pressWhileConnecting(&detail, command) ?? global(&state, command) ?? []
    case .credentials:
        return pressInCredentials(&detail, &state, key, command: command)
    case .editingRequest:
        // The page's keys that cannot be typed (ctrl+y, ctrl+t) work while the request is edited.
        if case .control = key, command == .copy || command == .tryIt { return run(command, on: &detail, &state) }
        if detail.request.edit(key, keymap: state.keymap) { return [] }
        switch command {
        case .nextField: detail.request.moveFocus(1)
        case .previousField: detail.request.moveFocus(-1)
        case .back:
            detail.enter(.leaveRequest)
            let keymap = state.keymap
            let page = detail.mode.contexts
            state.status = StatusLine(
                text: "The page has the keys again: \(keymap.hint(.tryIt, "tries the request", in: page)), "
                    + "\(keymap.hint(.copy, "copies the snippet", in: page)), \(keymap.hint(.nextField, "edits it", in: page)).",
                isError: false)
        default: return global(&state, command) ?? []
        }
        return []
    case .page:
        return pressInTryIt(&detail, command) ?? run(command, on: &detail, &state)
    }
}

/// A command given by a click or the wheel: what a key bound to it does in the page's mode, nothing when the mode
/// binds it nowhere. A click on a button hands the keys back to the page first; the wheel scrolls what is shown.
func performInDetail(_ state: inout AppState, _ command: Command) -> [Effect] {
    guard case .detail(var detail) = state.screen else { return [] }
    let scrolls = [Command.down, .up, .pageDown, .pageUp].contains(command)
    if detail.editing, !scrolls { detail.enter(.leaveRequest) }
    var contexts = detail.mode.contexts
    if detail.editing { contexts = DetailMode.page(answer: nil).contexts }
    guard state.keymap.binds(command, in: contexts) else { return [] }
    var effects: [Effect] = []
    switch detail.mode {
    case .page, .editingRequest: effects = pressInTryIt(&detail, command) ?? run(command, on: &detail, &state)
    case .connecting(let wait, _) where wait.paste == nil: effects = pressWhileConnecting(&detail, command) ?? []
    default: break
    }
    if case .detail = state.screen { state.screen = .detail(detail) }
    return effects
}

/// Asks `question` in the message area; the next key answers it.
private func ask(_ question: Confirmation, _ detail: inout DetailState, _ state: inout AppState) {
    detail.enter(.ask(question))
    let yes = state.keymap.yes
    let link = detail.connection.linkName
    let text: String
    switch question {
    case .delete where detail.deleteRevokesFirst:
        let keep = state.keymap.key(for: .keepRemote, in: [.confirm])
        text =
            "Delete \(link)? It is revoked at \(detail.service.name) first. \(yes): revoke and delete · \(keep): delete, keep the grant "
            + "there · other key: keep it."
    case .delete: text = "Delete \(link) and its tokens? \(yes) to confirm, any other key to keep it."
    case .revoke:
        text =
            "Revoke \(link)? Its tokens are removed here and, where \(detail.service.name) allows, at the provider. \(yes) revokes, "
            + "any other key keeps it."
    case .quitWhileConnecting:
        text = "Quit while \(link) is connecting? The sign-in is cancelled. \(yes) quits, any other key keeps waiting."
    }
    state.status = StatusLine(text: text, isError: true)
}

/// The answer to `question`: `command` is what the key is bound to among the answers.
private func answer(_ question: Confirmation, _ command: Command?, _ detail: inout DetailState, _ state: inout AppState) -> [Effect] {
    let link = detail.connection.linkName
    switch question {
    case .delete:
        if command == .confirm { return [.deleteConnection(link, keepRemote: false)] }
        if command == .keepRemote, detail.deleteRevokesFirst { return [.deleteConnection(link, keepRemote: true)] }
        state.status = StatusLine(text: "Not deleted.", isError: false)
    case .revoke:
        if command == .confirm { return [.revoke(link)] }
        state.status = StatusLine(text: "Not revoked.", isError: false)
    case .quitWhileConnecting:
        if command == .confirm {
            state.quitting = true
            return [.cancelConnect(link), .quit]
        }
        state.status = StatusLine(text: "Still connecting \(link).", isError: false)
    }
    return []
}

/// What a command does on a connection's page while the page has the keys.
private func run(_ command: Command?, on detail: inout DetailState, _ state: inout AppState) -> [Effect] {
    switch command {
    case .nextField, .previousField, .open:
        detail.enter(.editRequest)
    case .back: state.screen = .main
    case .down, .up, .pageDown, .pageUp:
        let step = command == .down ? 1 : command == .up ? -1 : command == .pageDown ? 10 : -10
        let lines = snippet(detail).split(separator: "\n", omittingEmptySubsequences: false).count
        detail.codeScroll = min(max(0, detail.codeScroll + step), max(0, lines - 1))
    case .nextLanguage:
        let all = SnippetLanguage.available(for: detail.service)
        detail.language = all[((all.firstIndex(of: detail.language) ?? -1) + 1) % all.count]
        detail.codeScroll = 0
    case .copy:
        return [.copy(snippet(detail), what: "\(detail.language.displayName) snippet")]
    case .connect where ConnectPlan.plan(for: detail.connection, service: detail.service).asksCredentials:
        detail.enter(.credentials(CredentialsForm.make(for: detail.service)))
    case .verify:
        let link = detail.connection.linkName
        guard state.checks[link] != .running else { return [] }
        state.checks[link] = .running
        state.status = StatusLine(text: "Checking \(link): refreshing when needed, then asking who it is signed in as…", isError: false)
        return [.verify([link])]
    case .tryIt:
        guard detail.tryIt?.running != true else { return [] }
        detail.enter(.answer(TryItState()))
        return [.tryIt(detail.connection.linkName, tryItRequest(detail))]
    case .connect:
        guard detail.connecting == nil else { return [] }
        detail.enter(.connecting(ConnectWait(message: "Starting…")))
        return [.connect(detail.connection.linkName)]
    case .revoke where !detail.canRevoke:
        state.status = StatusLine(text: "Nothing to revoke: \(detail.connection.linkName) holds no tokens or credentials.", isError: false)
    case .revoke:
        ask(.revoke, &detail, &state)
    case .edit:
        var form = NewConnectionState(service: detail.service, form: ConnectionForms.edit(detail.connection, service: detail.service))
        form.editing = detail.connection.linkName
        form.linkFollowsName = false
        form.returnTo = detail
        state.screen = .newConnection(form)
        return []
    case .delete:
        ask(.delete, &detail, &state)
    default:
        return global(&state, command) ?? []
    }
    return []
}

/// The code box's text: the request builder's request through this connection.
func snippet(_ detail: DetailState) -> String {
    var request = ConnectionForms.apiRequest(from: detail.request)
    if request.url.isEmpty, detail.service.apiBase.isEmpty { request.url = "https://" }
    return Snippet.code(
        detail.language, request: request, linkName: detail.connection.linkName, service: detail.service,
        values: detail.connection.placeholderValues)
}
