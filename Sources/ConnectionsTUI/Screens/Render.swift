import ConnectionsCore
import Foundation

/// The whole screen as a pure function of the state.
public func render(_ state: AppState) -> Grid {
    var grid = Grid(width: state.width, height: state.height)
    guard state.width >= Layout.minimumWidth, state.height >= Layout.minimumHeight else {
        let lines = [
            "Make the terminal larger:", "at least \(Layout.minimumWidth)x\(Layout.minimumHeight),", "now \(state.width)x\(state.height).",
        ]
        for (index, line) in lines.enumerated() where index < state.height {
            grid.write(line, x: 0, y: index, role: .header)
        }
        return grid
    }
    Chrome.draw(state, into: &grid)
    switch state.screen {
    case .main:
        switch state.tab {
        case .myConnections: ConnectionListView.draw(state, into: &grid)
        case .pickService: ServiceListView.draw(state, into: &grid)
        case .customService:
            let title = state.editingService.map { "Edit service \($0)" } ?? "New custom service"
            grid.write(title, x: 1, y: Layout.contentTop, role: .header)
            FormView.draw(
                state.serviceForm, keymap: state.keymap, into: &grid, top: Layout.contentTop + 1,
                bottom: Layout.contentBottom(height: state.height))
        }
    case .newConnection(let new):
        let title =
            new.editing.map { "Edit connection \($0) (\(new.service.name))" }
            ?? "New connection to \(new.service.name) (\(new.service.auth.type.displayName))"
        grid.write(title, x: 1, y: Layout.contentTop, role: .header)
        let bottom = Layout.contentBottom(height: state.height)
        FormView.draw(new.form, keymap: state.keymap, into: &grid, top: Layout.contentTop + 1, bottom: bottom)
        if new.editing == nil { ServiceNotes.draw(new.service, below: new.form, top: Layout.contentTop + 1, bottom: bottom, into: &grid) }
    case .detail(let detail):
        DetailView.draw(detail, now: state.now, keymap: state.keymap, into: &grid)
    }
    if state.showHelp { HelpOverlay.draw(state.keymap, scroll: state.helpScroll, into: &grid) }
    return grid
}

/// The role that colours a status.
func role(for status: ConnectionStatus) -> StyleRole {
    switch status {
    case .connected: .statusConnected
    case .notConnected: .statusNotConnected
    case .expired: .statusExpired
    case .needsReconnect, .changedOutside: .statusNeedsReconnect
    case .disconnected: .statusDisconnected
    }
}
