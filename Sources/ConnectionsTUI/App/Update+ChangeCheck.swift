import ConnectionsCore
import Foundation

/// The change check: started by the tick or by a change another process announced, never while one runs; its answer
/// (`changed`, `unchanged` or `changeCheckFailed`) ends it, and starts the next at once when an announcement came
/// meanwhile.
func changeCheckAction(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .changesAnnounced:
        state.changeAnnounced = true
        return startChangeCheck(&state)
    case .changed(let changes, let detail):
        state.checkingForChanges = false
        apply(&state, changes, detail: detail)
        return state.changeAnnounced ? startChangeCheck(&state) : []
    case .unchanged:
        state.checkingForChanges = false
        return state.changeAnnounced ? startChangeCheck(&state) : []
    case .changeCheckFailed(let message):
        state.checkingForChanges = false
        state.status = StatusLine(text: message, isError: true)
        return []
    default:
        return []
    }
}

func startChangeCheck(_ state: inout AppState) -> [Effect] {
    guard let mark = state.changeMark, !state.checkingForChanges else { return [] }
    state.checkingForChanges = true
    state.changeAnnounced = false
    let openLink: String? = if case .detail(let detail) = state.screen { detail.connection.linkName } else { nil }
    return [.checkForChanges(mark, openLink: openLink)]
}

private func apply(_ state: inout AppState, _ changes: ConnectionChanges, detail: Connection?) {
    state.changeMark = changes.mark
    if let changed = changes.changed, !changed.isEmpty {
        var connections = state.connections
        for summary in changed {
            if let index = connections.firstIndex(where: { $0.linkName == summary.linkName }) { connections[index] = summary }
        }
        state.connections = connections
    }
    if let detail, case .detail(var page) = state.screen, page.connection.linkName == detail.linkName {
        page.connection = detail
        state.screen = .detail(page)
    }
}
