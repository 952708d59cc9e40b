import ConnectionsCore
import Foundation

/// My Connections: name, link name, service, status (coloured), token expiry.
enum ConnectionListView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let rows = state.visibleConnections
        FilterLine.draw(
            state.connectionList, count: rows.count, total: state.connectionTotal, noun: "connections",
            loading: state.connectionsLoad != .complete, into: &grid)
        if state.connectionsLoad == .notYet {
            grid.write("Loading connections…", x: 1, y: Layout.listTop, role: .dim)
            return
        }
        if state.connections.isEmpty {
            grid.write(
                "No connections yet. Pick a service in Pick Your Service (press tab), or define one in Custom Service.", x: 1,
                y: Layout.listTop, role: .dim)
            return
        }
        let columns = widths(total: grid.width - 2)
        var x = 1
        for (title, width) in zip(["NAME", "LINK NAME", "SERVICE", "STATUS", "EXPIRES"], columns) {
            grid.write(DisplayWidth.fit(title, columns: width), x: x, y: Layout.listTop - 1, role: .label)
            x += width + 1
        }
        let height = Layout.listHeight(height: grid.height)
        let scroll = Layout.scroll(selected: state.connectionList.selected, height: grid.height)
        for (offset, row) in rows.dropFirst(scroll).prefix(height).enumerated() {
            let y = Layout.listTop + offset
            let status = row.status(at: state.now)
            let expiry = row.expiresAt.map { Timestamp.relative($0, now: state.now) } ?? "-"
            let cells = [row.name, row.linkName, row.serviceLinkName, status.displayName, expiry]
            var x = 1
            for (index, (text, width)) in zip(cells, columns).enumerated() {
                grid.write(DisplayWidth.fit(text, columns: width), x: x, y: y, role: index == 3 ? role(for: status) : .normal)
                x += width + 1
            }
            if scroll + offset == state.connectionList.selected { grid.paint(x: 0, y: y, width: grid.width, role: .selection) }
        }
    }

    static func widths(total: Int) -> [Int] {
        let status = 22, expiry = 16
        let rest = max(12, total - status - expiry - 4)
        return [rest * 2 / 5, rest * 2 / 5, rest - rest * 2 / 5 * 2, status, expiry]
    }
}

/// Pick Your Service: the catalog and the user's own services, with what each signs in with and asks for.
enum ServiceListView {
    static let titles = ["SERVICE", "LINK NAME", "AUTH", "ASKS FOR", "CATEGORY"]

    static func draw(_ state: AppState, into grid: inout Grid) {
        let rows = state.visibleServices
        FilterLine.draw(
            state.serviceList, count: rows.count, total: state.services.count, noun: "services", kinds: kinds(state), into: &grid)
        let columns = widths(total: grid.width - 2)
        var x = 1
        for (title, width) in zip(titles, columns) {
            grid.write(DisplayWidth.fit(title, columns: width), x: x, y: Layout.listTop - 1, role: .label)
            x += width + 1
        }
        let height = Layout.listHeight(height: grid.height)
        let scroll = Layout.scroll(selected: state.serviceList.selected, height: grid.height)
        for (offset, service) in rows.dropFirst(scroll).prefix(height).enumerated() {
            let y = Layout.listTop + offset
            let asks = service.parameters.map { "{\($0)}" }.joined(separator: " ")
            let category = (service.origin == .custom ? ["custom"] : []) + service.categories
            let cells = [service.name, service.linkName, shortName(service.auth.type), asks, category.joined(separator: " ")]
            var x = 1
            for (index, (text, width)) in zip(cells, columns).enumerated() {
                grid.write(DisplayWidth.fit(text, columns: width), x: x, y: y, role: index >= 3 ? .dim : .normal)
                x += width + 1
            }
            if scroll + offset == state.serviceList.selected { grid.paint(x: 0, y: y, width: grid.width, role: .selection) }
        }
    }

    static func shortName(_ type: AuthType) -> String {
        switch type {
        case .oauth2: "OAuth 2"
        case .oauth1: "OAuth 1"
        case .apiKey: "API key"
        case .basic: "Basic"
        }
    }

    /// The shown kinds and the keys that change them: "c category: crm · a auth: all".
    static func kinds(_ state: AppState) -> String {
        let keymap = state.keymap
        return keymap.hint(.nextCategory, "category: " + (state.serviceKinds.category ?? "all"), in: [.list]) + " · "
            + keymap.hint(.nextAuthType, "auth: " + (state.serviceKinds.auth.map(shortName) ?? "all"), in: [.list])
    }

    /// Name and link name share what the fixed columns leave; categories take the rest.
    static func widths(total: Int) -> [Int] {
        let auth = 7
        let flexible = max(30, total - auth - 4)
        let name = flexible * 3 / 10, link = flexible / 5, asks = flexible / 5
        return [name, link, auth, asks, max(8, flexible - name - link - asks)]
    }
}

enum FilterLine {
    static func draw(
        _ list: ListState, count: Int, total: Int, noun: String, loading: Bool = false, kinds: String? = nil, into grid: inout Grid
    ) {
        let y = Layout.contentTop
        // "1 connection", "2 connections": the noun is given in the plural.
        let totalNoun = total == 1 && noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        let kindsText = kinds.map { " · " + $0 } ?? ""
        if list.filtering || !list.filter.text.isEmpty {
            let end = grid.write("Filter: ", x: 1, y: y, role: .label)
            let after = grid.write(list.filter.text, x: end, y: y, role: list.filtering ? .fieldFocused : .field)
            if list.filtering { grid.cursor = (x: end + list.filter.cursorColumn, y: y) }
            grid.write("  \(count) of \(total) \(totalNoun)" + (loading ? " (still loading)" : "") + kindsText, x: after, y: y, role: .dim)
        } else if count != total {
            grid.write("\(count) of \(total) \(totalNoun) · / to filter" + kindsText, x: 1, y: y, role: .dim)
        } else {
            grid.write("\(total) \(totalNoun) · / to filter" + kindsText, x: 1, y: y, role: .dim)
        }
    }
}
