import ConnectionsCore

/// My Connections and Pick Your Service: move, filter, open.
func pressInList(_ state: inout AppState, _ key: Key) -> [Effect] {
    let isConnections = state.tab == .myConnections
    var list = isConnections ? state.connectionList : state.serviceList
    func keep() { if isConnections { state.connectionList = list } else { state.serviceList = list } }
    if list.filtering {
        switch state.keymap.command(for: key, in: [.filter]) {
        case .keepFilter, .clearFilter:
            list.filtering = false
            if state.keymap.command(for: key, in: [.filter]) == .clearFilter { list.filter = TextField() }
        case _ where key == .down || key == .up:
            list.filtering = false
        default:
            if list.filter.handle(key) { list.selected = 0 }
            keep()
            return []
        }
        keep()
        list.move(by: 0, count: isConnections ? state.visibleConnections.count : state.visibleServices.count)
        keep()
        return []
    }
    let command = state.keymap.command(for: key, in: [.list, .global])
    // A letter that is no key starts the filter with itself.
    if command == nil, case .character(let character) = key, character != " ", !character.isWhitespace {
        list.filtering = true
        list.filter.cursor = list.filter.text.count
        list.filter.insert(String(character))
        list.selected = 0
        keep()
        return []
    }
    return runInList(&state, command)
}

/// What a command does on My Connections or Pick Your Service, from a key or the mouse.
func runInList(_ state: inout AppState, _ command: Command?) -> [Effect] {
    let isConnections = state.tab == .myConnections
    var list = isConnections ? state.connectionList : state.serviceList
    defer {
        if isConnections { state.connectionList = list } else { state.serviceList = list }
    }
    let count = isConnections ? state.visibleConnections.count : state.visibleServices.count
    let page = max(1, state.height - 8)
    switch command {
    case .up: list.move(by: -1, count: count)
    case .down: list.move(by: 1, count: count)
    case .pageUp: list.move(by: -page, count: count)
    case .pageDown: list.move(by: page, count: count)
    case .top: list.move(by: -count, count: count)
    case .bottom: list.move(by: count, count: count)
    case .filter: list.filtering = true
    case .nextCategory where !isConnections, .previousCategory where !isConnections:
        let categories: [String?] = [nil] + ServiceFilter.categories(of: state.services)
        let now = categories.firstIndex { $0 == state.serviceKinds.category } ?? 0
        let step = command == .nextCategory ? 1 : categories.count - 1
        state.serviceKinds.category = categories[(now + step) % categories.count]
        list.selected = 0
    case .nextAuthType where !isConnections, .previousAuthType where !isConnections:
        let types: [AuthType?] = [nil] + AuthType.allCases.filter { type in state.services.contains { $0.auth.type == type } }
        let now = types.firstIndex { $0 == state.serviceKinds.auth } ?? 0
        let step = command == .nextAuthType ? 1 : types.count - 1
        state.serviceKinds.auth = types[(now + step) % types.count]
        list.selected = 0
    case .edit where !isConnections && count > 0:
        let service = state.visibleServices[list.selected]
        guard service.origin == .custom else {
            state.status = StatusLine(
                text: "\(service.name) is pre-built and cannot be changed; a custom service can copy its URLs.", isError: true)
            return []
        }
        if state.serviceFormHasUnsavedWork, state.editingService != service.linkName {
            // The tab holds typed work: it is not replaced without a word.
            let keymap = state.keymap
            state.status = StatusLine(
                text: "The Custom Service tab holds work you typed: save it there (\(keymap.key(for: .submit, in: [.form]))) or start "
                    + "a new service (\(keymap.key(for: .newService, in: [.form])), which asks), then edit \(service.name).",
                isError: true)
            return []
        }
        state.serviceForm = ServiceForm.make(auth: service.auth.type, from: service)
        state.serviceFormBaseline = state.serviceForm.snapshot
        state.editingService = service.linkName
        state.tab = .customService
        state.status = StatusLine(
            text: "Editing \(service.name); \(state.keymap.hint(.submit, "saves", in: [.form])). Its link name stays \(service.linkName).",
            isError: false)
    case .verify where isConnections:
        let links = state.connections.filter { $0.storedStatus != .changedOutside && state.checks[$0.linkName] != .running }.map(\.linkName)
        guard !links.isEmpty else { return [] }
        for link in links { state.checks[link] = .running }
        state.status = StatusLine(
            text: "Checking \(links.count) connection(s), 8 at a time; each row shows its result as it comes.", isError: false)
        return [.verify(links)]
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
