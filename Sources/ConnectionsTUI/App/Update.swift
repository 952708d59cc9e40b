import ConnectionsCore
import Foundation

/// `Action -> (State, [Effect])`: the only place the state changes. No I/O happens here.
public func update(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .input(let event): return handle(&state, event)
    case .tick(let now):
        state.now = now
        return startChangeCheck(&state)
    case .marked(let mark):
        state.changeMark = mark
        return []
    case .changesAnnounced, .changed, .unchanged, .changeCheckFailed:
        return changeCheckAction(&state, action)
    case .loaded(let connections, let services):
        state.connections = connections
        state.connectionsLoad = .complete
        state.services = services
        state.connectionList.move(by: 0, count: state.visibleConnections.count)
        state.serviceList.move(by: 0, count: state.visibleServices.count)
        return []
    case .servicesLoaded(let services):
        state.services = services
        state.serviceList.move(by: 0, count: state.visibleServices.count)
        return []
    case .firstConnections(let connections, let total):
        guard state.connectionsLoad == .notYet else { return [] }
        state.connections = connections
        state.connectionsLoad = .firstPage(total: total)
        return []
    case .detailLoaded(let connection, let service):
        let previous: DetailState? =
            switch state.screen {
            case .detail(let detail): detail
            case .newConnection(let new): new.returnTo
            case .main: nil
            }
        let same = previous.flatMap { $0.connection.linkName == connection.linkName ? $0 : nil }
        let kept = same.map { RequestDraft(request: $0.request, language: $0.language) } ?? state.requestDrafts[connection.linkName]
        var detail = DetailState(connection: connection, service: service, request: kept?.request ?? ConnectionForms.request(for: service))
        detail.language = kept?.language ?? .deluge
        state.screen = .detail(detail)
        return []
    case .connectionCreated(let connection, let service, let askCredentials):
        state.tab = .myConnections
        var detail = DetailState(connection: connection, service: service, request: ConnectionForms.request(for: service))
        if askCredentials { detail.enter(.credentials(CredentialsForm.make(for: service))) }
        state.screen = .detail(detail)
        state.status = StatusLine(text: "Created \(connection.linkName) (\(connection.storedStatus.displayName)).", isError: false)
        return [.reload]
    case .serviceDiscovered(let service, let steps, let scopes, let authMethods):
        guard state.discovering != nil else { return [] }
        state.discovering = nil
        fillFromDiscovery(&state, service, steps: steps, scopes: scopes)
        state.discoveredAuthMethods = authMethods
        return []
    case .serviceSaved(let service, let openNewConnection):
        // The tab shows the service as saved, from its first field, until a new one is started.
        state.editingService = service.linkName
        state.serviceFormBaseline = state.serviceForm.snapshot
        state.serviceForm.clearErrors()
        state.serviceForm.focus = state.serviceForm.index(of: "name") ?? 0
        if openNewConnection {
            state.tab = .pickService
            state.screen = .newConnection(
                NewConnectionState(service: service, form: ConnectionForms.newConnection(for: service, suggestedLink: "")))
        }
        state.status = StatusLine(text: "Saved service \(service.name) (\(service.linkName)).", isError: false)
        return [.reload]
    case .authorization(let link, let event):
        if case .detail(var detail) = state.screen, detail.connection.linkName == link {
            detail.enter(.connecting(ConnectWait.after(event, previous: detail.connecting, keymap: state.keymap)))
            state.screen = .detail(detail)
        }
        return []
    case .connectFinished(let connection, let message, let isError):
        state.status = StatusLine(text: message, isError: isError)
        if case .detail(var detail) = state.screen {
            if let warning = detail.connecting?.warning { state.status = StatusLine(text: warning, isError: true) }
            detail.enter(.connectEnded(succeeded: !isError))
            if let connection { detail.connection = connection }
            state.screen = .detail(detail)
        }
        return [.reload]
    case .revoked(let connection, let message):
        state.status = StatusLine(text: message, isError: false)
        if case .detail(var detail) = state.screen, let connection {
            detail.connection = connection
            state.screen = .detail(detail)
        }
        return [.reload]
    case .tryItFinished(let link, let response):
        if case .detail(var detail) = state.screen, detail.connection.linkName == link, detail.tryIt != nil {
            detail.enter(.answer(TryItState(running: false, response: response)))
            state.screen = .detail(detail)
        }
        return []
    case .deleted(_, let message):
        state.screen = .main
        state.status = StatusLine(text: message, isError: false)
        return [.reload]
    case .verified(let report):
        let link = report.linkName
        state.checks[link] = report.passed ? .passed(account: report.connection?.health.account) : .failed(report.problem ?? "failed")
        if case .detail(var detail) = state.screen, detail.connection.linkName == link, let connection = report.connection {
            detail.connection = connection
            state.screen = .detail(detail)
        }
        let pending = state.checks.values.filter { $0 == .running }.count
        let said =
            report.passed
            ? "\(link) works" + (report.connection?.health.account.map { ", signed in as \($0)" } ?? "")
                + (report.verified ? "." : " (its service has no check: only the token was looked at).")
            : "\(link) failed at \(report.failedStep?.rawValue ?? "the check"): \(report.problem ?? "")"
                + (report.remedy.map { " " + TUIMessage.words($0, keymap: state.keymap) } ?? "")
        state.status = StatusLine(text: said + (pending > 0 ? " \(pending) still being checked." : ""), isError: !report.passed)
        return []
    case .notice(let message):
        state.status = StatusLine(text: message, isError: false)
        return []
    case .discoveryFailed(let url, let message):
        guard state.discovering == url else { return [] }
        state.discovering = nil
        state.status = StatusLine(text: message, isError: true)
        return []
    case .failed(let message):
        state.status = StatusLine(text: message, isError: true)
        return []
    case .fieldErrors(let errors, let message):
        let pairs = errors.map { (field: $0.field, message: $0.message) }
        switch state.screen {
        case .newConnection(var new):
            new.form.setErrors(pairs)
            state.screen = .newConnection(new)
        case .main where state.tab == .customService:
            state.serviceForm.setErrors(pairs)
        default: break
        }
        state.status = StatusLine(text: message, isError: true)
        return []
    }
}

private func handle(_ state: inout AppState, _ event: InputEvent) -> [Effect] {
    // A message belongs to the moment it was made: what the user does next clears it.
    if event.isUserInput { state.status = nil }
    switch event {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .paste(let text):
        return paste(&state, text)
    case .mouse(let x, let y, let button):
        return click(&state, x: x, y: y, button: button)
    case .key(let key):
        if state.showHelp {
            let limit = HelpOverlay.maximumScroll(state.keymap, width: state.width, pageHeight: Layout.pageHeight(state))
            let page = max(1, Layout.pageHeight(state) - 4)
            switch state.keymap.command(for: key, in: [.list]) {
            case .down: state.helpScroll = min(limit, state.helpScroll + 1)
            case .up: state.helpScroll = max(0, state.helpScroll - 1)
            case .pageDown,
                _ where key == .character(" "):
                state.helpScroll = min(limit, state.helpScroll + page)
            case .pageUp: state.helpScroll = max(0, state.helpScroll - page)
            default: state.showHelp = false
            }
            return []
        }
        if state.confirmingQuit {
            state.confirmingQuit = false
            if state.keymap.isYes(key) { return quit(&state) }
            state.status = StatusLine(text: "Not quit.", isError: false)
            return []
        }
        // Ctrl-C quits from anywhere; a sign-in in progress asks first on its page.
        if key == .control("c"), !isConnecting(state) { return askOrQuit(&state) }
        return press(&state, key)
    }
}

/// Quits, or asks first when quitting would lose work.
private func askOrQuit(_ state: inout AppState) -> [Effect] {
    guard let lost = state.workLostByQuitting else { return quit(&state) }
    state.confirmingQuit = true
    state.status = StatusLine(text: "Quit and lose \(lost)? \(state.keymap.yes) quits, any other key stays.", isError: true)
    return []
}

private func quit(_ state: inout AppState) -> [Effect] {
    state.quitting = true
    return [.quit]
}

private func isConnecting(_ state: AppState) -> Bool {
    if case .detail(let detail) = state.screen { detail.connecting != nil } else { false }
}

private func press(_ state: inout AppState, _ key: Key) -> [Effect] {
    switch state.screen {
    case .newConnection: return pressInNewConnection(&state, key)
    case .detail: return pressInDetail(&state, key)
    case .main:
        switch state.tab {
        case .myConnections, .pickService: return pressInList(&state, key)
        case .customService: return pressInServiceForm(&state, key)
        }
    }
}

/// Keys every context shares when no field takes them.
func global(_ state: inout AppState, _ command: Command?) -> [Effect]? {
    switch command {
    case .quit:
        return askOrQuit(&state)
    case .help:
        state.showHelp = true
        state.helpScroll = 0
        return []
    case .nextTab, .previousTab:
        let step = command == .nextTab ? 1 : Tab.allCases.count - 1
        state.tab = Tab(rawValue: (state.tab.rawValue + step) % Tab.allCases.count)!
        state.screen = .main
        return []
    default:
        return nil
    }
}

private func paste(_ state: inout AppState, _ text: String) -> [Effect] {
    switch state.screen {
    case .newConnection(var new):
        new.form.paste(text)
        state.screen = .newConnection(new)
    case .detail(var detail):
        if var form = detail.credentials {
            form.paste(text)
            detail.enter(.credentials(form))
        } else if !pasteWhileConnecting(&detail, text) {
            detail.request.paste(text)
        }
        state.screen = .detail(detail)
    case .main:
        switch state.tab {
        case .myConnections where state.connectionList.filtering: state.connectionList.filter.insert(text)
        case .pickService where state.serviceList.filtering: state.serviceList.filter.insert(text)
        case .customService: state.serviceForm.paste(text)
        default: break
        }
    }
    return []
}
