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
    let message = MessageArea.lines(state)
    let page = state.height - message.count
    let bottom = Layout.contentBottom(height: page)
    grid.writableRows = 0..<Layout.contentTop
    Chrome.drawTop(state, into: &grid)
    grid.writableRows = Layout.statusRow(height: state.height)..<state.height
    Chrome.drawStatusBar(state, into: &grid)
    if let status = state.status, !message.isEmpty {
        grid.writableRows = (bottom + 1)..<Layout.statusRow(height: state.height)
        MessageArea.draw(status, lines: message, top: bottom + 1, into: &grid)
    }
    grid.writableRows = Layout.contentTop..<(bottom + 1)
    drawBody(state, bottom: bottom, into: &grid)
    if state.showHelp {
        grid.writableRows = Layout.tabRow..<(bottom + 1)
        HelpOverlay.draw(state.keymap, scroll: state.helpScroll, top: Layout.tabRow, bottom: bottom, into: &grid)
    }
    grid.writableRows = 0..<state.height
    return grid
}

/// What the screen shows between the tabs and the message area, down to `bottom`.
private func drawBody(_ state: AppState, bottom: Int, into grid: inout Grid) {
    switch state.screen {
    case .main:
        switch state.tab {
        case .myConnections: ConnectionListView.draw(state, bottom: bottom, into: &grid)
        case .pickService: ServiceListView.draw(state, bottom: bottom, into: &grid)
        case .customService:
            ServiceForm.drawTitle(state, into: &grid)
            FormView.draw(
                state.serviceForm, keymap: state.keymap, into: &grid, top: Layout.contentTop + 1, bottom: bottom)
        }
    case .newConnection(let new):
        let title =
            new.editing.map { "Edit connection \($0) (\(new.service.name))" }
            ?? "New connection to \(new.service.name) (\(new.service.auth.type.displayName))"
        grid.write(title, x: 1, y: Layout.contentTop, role: .header)
        FormView.draw(new.form, keymap: state.keymap, into: &grid, top: Layout.contentTop + 1, bottom: bottom)
        if new.editing == nil {
            ServiceNotes.draw(new.service, below: new.form, keymap: state.keymap, top: Layout.contentTop + 1, bottom: bottom, into: &grid)
        }
    case .detail(let detail):
        DetailView.draw(
            detail, now: state.now, keymap: state.keymap, check: state.checks[detail.connection.linkName], bottom: bottom, into: &grid)
    }
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
