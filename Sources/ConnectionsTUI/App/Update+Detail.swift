import ConnectionsCore

/// A connection's page: actions, the request builder and its snippet.
func pressInDetail(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard case .detail(var detail) = state.screen else { return [] }
    defer {
        if case .detail = state.screen { state.screen = .detail(detail) }
        state.requestDrafts[detail.connection.linkName] = RequestDraft(request: detail.request, language: detail.language)
    }
    if let confirming = detail.confirming {
        detail.confirming = nil
        let link = detail.connection.linkName
        switch confirming {
        case .delete:
            if key == .character("y") { return [.deleteConnection(link, keepRemote: false)] }
            if key == .character("k"), detail.deleteRevokesFirst { return [.deleteConnection(link, keepRemote: true)] }
            state.status = StatusLine(text: "Not deleted.", isError: false)
        case .revoke:
            if key == .character("y") { return [.revoke(link)] }
            state.status = StatusLine(text: "Not revoked.", isError: false)
        case .quitWhileConnecting:
            if key == .character("y") {
                state.quitting = true
                return [.cancelConnect(link), .quit]
            }
            state.status = StatusLine(text: "Still connecting \(link).", isError: false)
        }
        return []
    }
    if detail.connecting != nil,
        key == .control("c")
            || (state.keymap.command(for: key, in: [.global]) == .quit && !detail.editing && detail.connecting?.paste == nil)
    {
        detail.confirming = .quitWhileConnecting
        state.status = StatusLine(
            text: "Quit while \(detail.connection.linkName) is connecting? The sign-in is cancelled. y quits, any other key keeps waiting.",
            isError: true)
        return []
    }
    if let effects = pressInCredentials(&detail, key, keymap: state.keymap) { return effects }
    if detail.connecting != nil, !detail.editing, let effects = pressWhileConnecting(&detail, key, keymap: state.keymap) {
        return effects
    }
    if detail.editing {
        // Only the page's keys that cannot be typed (ctrl+y, ctrl+t) work while the request is edited.
        if case .control = key, let command = state.keymap.command(for: key, in: [.detail]), command == .copy || command == .tryIt {
            return run(command, key: key, on: &detail, &state)
        }
        if detail.request.edit(key, keymap: state.keymap) { return [] }
        switch state.keymap.command(for: key, in: [.request, .form, .global]) {
        case .nextField: detail.request.moveFocus(1)
        case .previousField: detail.request.moveFocus(-1)
        case .back:
            detail.editing = false
            let keymap = state.keymap
            state.status = StatusLine(
                text: "The page has the keys again: \(keymap.hint(.tryIt, "tries the request", in: [.detail])), "
                    + "\(keymap.hint(.copy, "copies the snippet", in: [.detail])), \(keymap.hint(.nextField, "edits it", in: [.detail])).",
                isError: false)
        default: break
        }
        return []
    }
    let command = state.keymap.command(for: key, in: [.detail, .list, .global])
    if let effects = pressInTryIt(&detail, key, command: command) { return effects }
    return run(command, key: key, on: &detail, &state)
}

/// A command given by a click (an action button): the same as its key, whichever key the keymap binds to it.
func performInDetail(_ state: inout AppState, _ command: Command) -> [Effect] {
    guard case .detail(var detail) = state.screen, detail.confirming == nil, detail.credentials == nil else { return [] }
    detail.editing = false
    let effects = run(command, key: nil, on: &detail, &state)
    if case .detail = state.screen { state.screen = .detail(detail) }
    return effects
}

/// What a command does on a connection's page; `key` is the key pressed, nil for a click.
private func run(_ command: Command?, key: Key?, on detail: inout DetailState, _ state: inout AppState) -> [Effect] {
    switch command {
    case .nextField, .previousField:
        detail.editing = true
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
        detail.credentials = CredentialsForm.make(for: detail.service)
    case .verify:
        let link = detail.connection.linkName
        guard state.checks[link] != .running else { return [] }
        state.checks[link] = .running
        state.status = StatusLine(text: "Checking \(link): refreshing when needed, then asking who it is signed in as…", isError: false)
        return [.verify([link])]
    case .tryIt:
        guard detail.tryIt?.running != true else { return [] }
        detail.tryIt = TryItState()
        return [.tryIt(detail.connection.linkName, tryItRequest(detail))]
    case .connect:
        guard detail.connecting == nil else { return [] }
        detail.connecting = ConnectWait(message: "Starting…")
        return [.connect(detail.connection.linkName)]
    case .revoke where !detail.canRevoke:
        state.status = StatusLine(text: "Nothing to revoke: \(detail.connection.linkName) holds no tokens or credentials.", isError: false)
    case .revoke:
        detail.confirming = .revoke
        state.status = StatusLine(
            text:
                "Revoke \(detail.connection.linkName)? Its tokens are removed here and, where \(detail.service.name) allows, at the "
                + "provider. y revokes, any other key keeps it.",
            isError: true)
    case .edit:
        var form = NewConnectionState(service: detail.service, form: ConnectionForms.edit(detail.connection, service: detail.service))
        form.editing = detail.connection.linkName
        form.linkFollowsName = false
        form.returnTo = detail
        state.screen = .newConnection(form)
        return []
    case .delete:
        detail.confirming = .delete
        let link = detail.connection.linkName
        state.status = StatusLine(
            text: detail.deleteRevokesFirst
                ? "Delete \(link)? It is revoked at \(detail.service.name) first. y: revoke and delete · k: delete, keep the grant there "
                    + "· other key: keep it."
                : "Delete \(link) and its tokens? y to confirm, any other key to keep it.",
            isError: true)
    default:
        if key == .enter {
            detail.editing = true
            return []
        }
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
