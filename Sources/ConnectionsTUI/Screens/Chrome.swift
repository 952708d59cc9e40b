import ConnectionsCore

/// The breadcrumb header, the tabs and the status bar around every screen.
enum Chrome {
    static func draw(_ state: AppState, into grid: inout Grid) {
        grid.write("Setup › Developer Space › Connections", x: 1, y: Layout.headerRow, role: .header)
        for (tab, x, _) in Layout.tabs() {
            let active = tab == state.tab
            grid.write(" \(tab.title) ", x: x, y: Layout.tabRow, role: active ? .tabActive : .tabInactive)
        }
        grid.write(String(repeating: "─", count: grid.width), x: 0, y: Layout.tabRow + 1, role: .border)
        let row = Layout.statusRow(height: grid.height)
        grid.fill(x: 0, y: row, width: grid.width, height: 1, role: .statusBar)
        if let status = state.status {
            grid.write(" " + status.text, x: 0, y: row, role: status.isError ? .statusBarError : .statusBar)
            if status.isError { grid.paint(x: 0, y: row, width: grid.width, role: .statusBarError) }
        } else {
            grid.write(" " + hints(state), x: 0, y: row, role: .statusBar)
        }
    }

    static func hints(_ state: AppState) -> String {
        switch state.screen {
        case .main where state.tab == .customService: "tab next field · ←→ choose · ctrl+s save · ctrl+r reveal · esc back · f1 help"
        case .main: "↑↓ move · enter open · / filter · tab next tab · ? help · q quit"
        case .newConnection: "tab next field · ctrl+s create · enter on a button · esc back · f1 help"
        case .detail(let detail) where detail.editing: "typing edits the request · tab next field · esc done · ctrl+y copy"
        case .detail(let detail) where detail.credentials != nil: "type the credentials · tab next field · ctrl+r reveal · ctrl+s save · esc close"
        case .detail(let detail) where detail.tryIt != nil && !detail.editing: "↑↓ scroll the answer · t send again · esc close (or cancel) · tab edit request"
        case .detail(let detail) where detail.connecting != nil: "connecting · c copy URL · p paste redirect · esc cancel · tab edit request · ? help"
        case .detail: "tab edit request · t try it · L language · y copy · C connect · R revoke · D delete · esc back"
        }
    }
}
