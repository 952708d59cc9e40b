/// Clicks on tabs, rows and fields; the wheel scrolls. Both run commands, never keys: a rebound key changes nothing here.
func click(_ state: inout AppState, x: Int, y: Int, button: MouseButton) -> [Effect] {
    if state.showHelp {
        state.showHelp = false
        return []
    }
    switch button {
    case .wheelUp: return wheel(&state, down: false)
    case .wheelDown: return wheel(&state, down: true)
    case .left: break
    }
    if y == Layout.tabRow, let hit = Layout.tabs().first(where: { x >= $0.x && x < $0.x + $0.width }) {
        state.tab = hit.tab
        state.screen = .main
        return []
    }
    let bottom = Layout.contentBottom(height: Layout.pageHeight(state))
    guard y <= bottom else { return [] }
    switch state.screen {
    case .main where state.tab != .customService:
        guard y >= Layout.listTop else { return [] }
        let isConnections = state.tab == .myConnections
        let list = isConnections ? state.connectionList : state.serviceList
        let row = Layout.scroll(selected: list.selected, bottom: bottom) + y - Layout.listTop
        let count = isConnections ? state.visibleConnections.count : state.visibleServices.count
        guard row < count else { return [] }
        if row == list.selected { return runInList(&state, .open) }
        if isConnections { state.connectionList.selected = row } else { state.serviceList.selected = row }
        return []
    case .main:
        return clickForm(&state.serviceForm, state, y: y, top: Layout.contentTop + 1, bottom: bottom)
            ? activateInServiceForm(&state) : []
    case .newConnection(var new):
        let activate = clickForm(&new.form, state, y: y, top: Layout.contentTop + 1, bottom: bottom)
        let effects = activate ? activateInNewConnection(&state, &new) : []
        if case .newConnection = state.screen { state.screen = .newConnection(new) }
        return effects
    case .detail(var detail):
        return clickInDetail(&state, &detail, x: x, y: y, bottom: bottom)
    }
}

/// The page's action buttons, the request builder's fields, the language names, and the credentials form.
private func clickInDetail(_ state: inout AppState, _ detail: inout DetailState, x: Int, y: Int, bottom: Int) -> [Effect] {
    let layout = DetailLayout(
        detail, now: state.now, width: state.width, bottom: bottom, keymap: state.keymap, check: state.checks[detail.connection.linkName])
    if let action = layout.actions.first(where: { y == $0.y && x >= $0.x && x < $0.x + $0.width }) {
        return performInDetail(&state, action.command)
    }
    switch detail.mode {
    case .credentials(var form, _):
        let activate = clickForm(&form, state, y: y, top: layout.panelTop + 1, bottom: bottom)
        var effects: [Effect] = []
        if activate { effects = submitCredentials(&form, detail) }
        detail.enter(.credentials(form))
        state.screen = .detail(detail)
        return effects
    case .page, .editingRequest: break
    case .confirming, .connecting: return []
    }
    if (layout.requestTop...max(layout.requestTop, layout.requestBottom)).contains(y) {
        // Rows as drawn: while the page has the keys, no request field is focused.
        var drawn = detail.request
        if !detail.editing { drawn.focus = -1 }
        _ = clickForm(&drawn, state, y: y, top: layout.requestTop, bottom: layout.requestBottom, markers: false)
        detail.request.focus = drawn.focus
        detail.enter(.editRequest)
    } else if y == layout.codeHeaderRow, detail.tryIt == nil,
        let hit = DetailLayout.languageColumns(chosen: detail.language, service: detail.service).first(where: {
            x >= $0.x && x < $0.x + $0.width
        })
    {
        detail.language = hit.language
        detail.codeScroll = 0
    }
    state.screen = .detail(detail)
    return []
}

/// The wheel: the down and up commands where the screen binds them (lists, a page's code or answer), the next and
/// previous field in forms.
private func wheel(_ state: inout AppState, down: Bool) -> [Effect] {
    switch state.screen {
    case .detail: return performInDetail(&state, down ? .down : .up)
    case .main where state.tab != .customService:
        if state.tab == .myConnections { state.connectionList.filtering = false } else { state.serviceList.filtering = false }
        return runInList(&state, down ? .down : .up)
    case .main:
        moveInServiceForm(&state.serviceForm, by: down ? 1 : -1)
    case .newConnection(var new):
        moveInNewConnection(&new.form, by: down ? 1 : -1)
        state.screen = .newConnection(new)
    }
    return []
}

/// Focuses the clicked field; true when it is a button, which the click then presses.
private func clickForm(_ form: inout Form, _ state: AppState, y: Int, top: Int, bottom: Int, markers: Bool = true) -> Bool {
    let rows = Layout.formRows(form, top: top, bottom: bottom, width: state.width, keymap: state.keymap, markers: markers)
    guard let hit = rows.first(where: { $0.y == y }) else { return false }
    form.focus = hit.field
    if case .button = form.fields[hit.field].kind { return true }
    return false
}
