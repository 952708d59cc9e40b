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
    case .nextCategory where !isConnections:
        let categories = ServiceFilter.categories(of: state.services)
        let next = state.serviceKinds.category.flatMap(categories.firstIndex).map { $0 + 1 } ?? 0
        state.serviceKinds.category = next < categories.count ? categories[next] : nil
        list.selected = 0
    case .nextAuthType where !isConnections:
        let types: [AuthType?] = [nil] + AuthType.allCases.filter { type in state.services.contains { $0.auth.type == type } }
        let now = types.firstIndex { $0 == state.serviceKinds.auth } ?? 0
        state.serviceKinds.auth = types[(now + 1) % types.count]
        list.selected = 0
    case .edit where !isConnections && count > 0:
        let service = state.visibleServices[list.selected]
        guard service.origin == .custom else {
            state.status = StatusLine(
                text: "\(service.name) is pre-built and cannot be changed; a custom service can copy its URLs.", isError: true)
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
        state.screen = .newConnection(
            NewConnectionState(service: service, form: ConnectionForms.newConnection(for: service, suggestedLink: "")))
    default:
        return global(&state, command) ?? []
    }
    return []
}
