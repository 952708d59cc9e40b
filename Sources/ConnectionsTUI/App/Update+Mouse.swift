/// Clicks on tabs, rows and fields; the wheel scrolls.
func click(_ state: inout AppState, x: Int, y: Int, button: MouseButton) -> [Effect] {
    if state.showHelp {
        state.showHelp = false
        return []
    }
    switch button {
    case .wheelUp: return press(&state, .up)
    case .wheelDown: return press(&state, .down)
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
        if row == list.selected { return press(&state, .enter) }
        if isConnections { state.connectionList.selected = row } else { state.serviceList.selected = row }
        return []
    case .main:
        return clickForm(&state.serviceForm, state, y: y, top: Layout.contentTop + 1, bottom: bottom)
            ? press(&state, .enter) : []
    case .newConnection(var new):
        let activate = clickForm(&new.form, state, y: y, top: Layout.contentTop + 1, bottom: bottom)
        state.screen = .newConnection(new)
        return activate ? press(&state, .enter) : []
    case .detail(var detail):
        return clickInDetail(&state, &detail, x: x, y: y, bottom: bottom)
    }
}

/// The page's action buttons, the request builder's fields, the language names, and the credentials form.
private func clickInDetail(_ state: inout AppState, _ detail: inout DetailState, x: Int, y: Int, bottom: Int) -> [Effect] {
    let layout = DetailLayout(
        detail, now: state.now, width: state.width, bottom: bottom, keymap: state.keymap, check: state.checks[detail.connection.linkName])
    if let action = layout.actions.first(where: { y == $0.y && x >= $0.x && x < $0.x + $0.width }) {
        detail.editing = false
        state.screen = .detail(detail)
        return performInDetail(&state, action.command)
    }
    if detail.credentials != nil {
        let activate = clickForm(&detail.credentials!, state, y: y, top: layout.panelTop + 1, bottom: bottom)
        state.screen = .detail(detail)
        return activate ? press(&state, .enter) : []
    }
    guard detail.connecting == nil else { return [] }
    if (layout.requestTop...max(layout.requestTop, layout.requestBottom)).contains(y) {
        // Rows as drawn: while the page has the keys, no request field is focused.
        var drawn = detail.request
        if !detail.editing { drawn.focus = -1 }
        _ = clickForm(&drawn, state, y: y, top: layout.requestTop, bottom: layout.requestBottom, markers: false)
        detail.request.focus = drawn.focus
        detail.editing = true
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

/// Focuses the clicked field; true when it is a button, which the click then presses.
private func clickForm(_ form: inout Form, _ state: AppState, y: Int, top: Int, bottom: Int, markers: Bool = true) -> Bool {
    let rows = Layout.formRows(form, top: top, bottom: bottom, width: state.width, keymap: state.keymap, markers: markers)
    guard let hit = rows.first(where: { $0.y == y }) else { return false }
    form.focus = hit.field
    if case .button = form.fields[hit.field].kind { return true }
    return false
}

/// Runs a key through the same path as the keyboard.
private func press(_ state: inout AppState, _ key: Key) -> [Effect] {
    update(&state, .input(.key(key)))
}
