import ConnectionsCore
import Foundation

/// My Connections: name, link name, service, status (coloured), token expiry.
enum ConnectionListView {
    static func draw(_ state: AppState, bottom: Int, into grid: inout Grid) {
        let rows = state.visibleConnections
        FilterLine.draw(
            state.connectionList, count: rows.count, total: state.connectionTotal, noun: "connections",
            loading: state.connectionsLoad != .complete, into: &grid)
        if state.connectionsLoad == .notYet {
            grid.write("Loading connections…", x: 1, y: Layout.listTop, role: .dim)
            return
        }
        if state.connections.isEmpty {
            let next = state.keymap.key(for: .nextTab, in: [.list, .global])
            let sentence = "No connections yet. Pick a service in Pick Your Service (press \(next)), or define one in Custom Service."
            for (offset, line) in WordWrap.lines(sentence, width: grid.width - 2).enumerated() {
                grid.write(line, x: 1, y: Layout.listTop + offset, role: .dim)
            }
            return
        }
        if rows.isEmpty, state.connectionsLoad == .complete {
            NoMatch.draw(noun: "connection", list: state.connectionList, kinds: nil, keymap: state.keymap, into: &grid)
            return
        }
        table.draw(rows, selected: state.connectionList.selected, bottom: bottom, into: &grid) { row in
            [
                row.name, row.linkName, row.serviceLinkName, statusText(row, check: state.checks[row.linkName], now: state.now),
                row.expiresAt.map { Timestamp.relative($0, now: state.now) } ?? "-",
            ]
        } role: { row, column in
            column == 3 ? role(for: row.status(at: state.now)) : .normal
        }
    }

    /// Names and link names may shrink further than status and expiry.
    static let table = ListTable(
        titles: ["NAME", "LINK NAME", "SERVICE", "STATUS", "EXPIRES"], minimum: [10, 10, 7, 14, 12], first: [3, 4])

    /// The status, and what a check (`v`) found or what needs attention: "Connected ✓", "checking…", "✗ failing",
    /// "Connected !" (a refresh token about to die unused, a failing refresh or check).
    static func statusText(_ row: ConnectionSummary, check: ConnectionCheck?, now: Date) -> String {
        let status = row.status(at: now).displayName
        switch check {
        case .running?: return "checking…"
        case .passed?: return status + " ✓"
        case .failed?: return "✗ failing"
        case nil: return row.health.attention(now: now) == nil ? status : status + " !"
        }
    }
}

/// Pick Your Service: the catalog and the user's own services, with what each signs in with and asks for.
enum ServiceListView {
    static let table = ListTable(
        titles: ["SERVICE", "LINK NAME", "AUTH", "ASKS FOR", "CATEGORY"], minimum: [12, 10, 7, 8, 8], first: [2])

    static func draw(_ state: AppState, bottom: Int, into grid: inout Grid) {
        let rows = state.visibleServices
        FilterLine.draw(
            state.serviceList, count: rows.count, total: state.services.count, noun: "services", kinds: kinds(state), into: &grid)
        if rows.isEmpty, !state.services.isEmpty {
            NoMatch.draw(noun: "service", list: state.serviceList, kinds: state.serviceKinds, keymap: state.keymap, into: &grid)
            return
        }
        table.draw(rows, selected: state.serviceList.selected, bottom: bottom, into: &grid) { service in
            let asks = service.parameters.map { "{\($0)}" }.joined(separator: " ")
            let category = (service.origin == .custom ? ["custom"] : []) + service.categories
            return [service.name, service.linkName, shortName(service.auth.type), asks, category.joined(separator: " ")]
        } role: { _, column in
            column >= 3 ? .dim : .normal
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
}

/// What a filtered list shows when nothing passes: what was asked for, and how to see everything again.
enum NoMatch {
    static func draw(noun: String, list: ListState, kinds: ServiceFilter?, keymap: Keymap, into grid: inout Grid) {
        var asked: [String] = []
        if !list.filter.text.isEmpty { asked.append("“\(list.filter.text)”") }
        if let category = kinds?.category { asked.append("in category \(category)") }
        if let auth = kinds?.auth { asked.append("with \(ServiceListView.shortName(auth))") }
        var how: [String] = []
        if !list.filter.text.isEmpty {
            how.append(
                list.filtering
                    ? keymap.hint(.clearFilter, "clears the filter", in: [.filter]) : keymap.hint(.back, "clears the filter", in: [.global])
            )
        }
        if kinds?.category != nil {
            how.append(
                keymap.key(for: .nextCategory, in: [.list]) + " and " + keymap.key(for: .previousCategory, in: [.list])
                    + " step to all categories")
        }
        if kinds?.auth != nil {
            how.append(
                keymap.key(for: .nextAuthType, in: [.list]) + " and " + keymap.key(for: .previousAuthType, in: [.list])
                    + " step to all auth types")
        }
        let sentence = "No \(noun) matches " + asked.joined(separator: " ") + ". " + how.joined(separator: "; ") + "."
        for (offset, line) in WordWrap.lines(sentence, width: grid.width - 2).enumerated() {
            grid.write(line, x: 1, y: Layout.listTop + offset, role: .dim)
        }
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
            let text = "  \(count) of \(total) \(totalNoun)" + (loading ? " (still loading)" : "") + kindsText
            grid.write(FormView.fitted(text, grid.width - 1 - after), x: after, y: y, role: .dim)
        } else if count != total {
            let text = "\(count) of \(total) \(totalNoun) · / to filter" + kindsText
            grid.write(FormView.fitted(text, grid.width - 2), x: 1, y: y, role: .dim)
        } else {
            grid.write(FormView.fitted("\(total) \(totalNoun) · / to filter" + kindsText, grid.width - 2), x: 1, y: y, role: .dim)
        }
    }
}
