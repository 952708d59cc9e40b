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

/// Pick Your Service: the catalog and the user's own services.
enum ServiceListView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let rows = state.visibleServices
        FilterLine.draw(state.serviceList, count: rows.count, total: state.services.count, noun: "services", into: &grid)
        let nameWidth = max(20, (grid.width - 2) * 2 / 5)
        let linkWidth = max(14, (grid.width - 2) / 4)
        let authWidth = 22
        grid.write(DisplayWidth.fit("SERVICE", columns: nameWidth), x: 1, y: Layout.listTop - 1, role: .label)
        grid.write(DisplayWidth.fit("LINK NAME", columns: linkWidth), x: 2 + nameWidth, y: Layout.listTop - 1, role: .label)
        grid.write(
            DisplayWidth.fit("AUTHENTICATION", columns: authWidth), x: 3 + nameWidth + linkWidth, y: Layout.listTop - 1, role: .label)
        grid.write("ORIGIN", x: 4 + nameWidth + linkWidth + authWidth, y: Layout.listTop - 1, role: .label)
        let height = Layout.listHeight(height: grid.height)
        let scroll = Layout.scroll(selected: state.serviceList.selected, height: grid.height)
        for (offset, service) in rows.dropFirst(scroll).prefix(height).enumerated() {
            let y = Layout.listTop + offset
            grid.write(DisplayWidth.fit(service.name, columns: nameWidth), x: 1, y: y, role: .normal)
            grid.write(DisplayWidth.fit(service.linkName, columns: linkWidth), x: 2 + nameWidth, y: y, role: .normal)
            grid.write(
                DisplayWidth.fit(service.auth.type.displayName, columns: authWidth), x: 3 + nameWidth + linkWidth, y: y, role: .normal)
            grid.write(service.origin == .custom ? "custom" : "catalog", x: 4 + nameWidth + linkWidth + authWidth, y: y, role: .dim)
            if scroll + offset == state.serviceList.selected { grid.paint(x: 0, y: y, width: grid.width, role: .selection) }
        }
    }
}

enum FilterLine {
    static func draw(_ list: ListState, count: Int, total: Int, noun: String, loading: Bool = false, into grid: inout Grid) {
        let y = Layout.contentTop
        // "1 connection", "2 connections": the noun is given in the plural.
        let totalNoun = total == 1 && noun.hasSuffix("s") ? String(noun.dropLast()) : noun
        if list.filtering || !list.filter.text.isEmpty {
            let end = grid.write("Filter: ", x: 1, y: y, role: .label)
            let after = grid.write(list.filter.text, x: end, y: y, role: list.filtering ? .fieldFocused : .field)
            if list.filtering { grid.cursor = (x: end + list.filter.cursorColumn, y: y) }
            grid.write("  \(count) of \(total) \(totalNoun)" + (loading ? " (still loading)" : ""), x: after, y: y, role: .dim)
        } else {
            grid.write("\(total) \(totalNoun) · / to filter", x: 1, y: y, role: .dim)
        }
    }
}
