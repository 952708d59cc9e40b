import ConnectionsCore
import Foundation

/// Does what `update` asked for, off the UI loop, and answers with actions.
struct EffectRunner: Sendable {
    let workspace: Workspace
    let clipboard: Clipboard
    let browser: BrowserLauncher
    let sessions: ConnectSessions
    let send: @Sendable (Action) -> Void
    /// Writes to the terminal on the UI thread (OSC 52).
    let writeToTerminal: @Sendable (String) -> Void
    /// For messages that name keys.
    var keymap = Keymap.standard
    let storeIO = StoreIO()

    func run(_ effect: Effect) async {
        do {
            switch effect {
            case .initialLoad(let firstPage):
                try await storeIO.run { [self] in try initialLoad(firstPage: firstPage) }
            case .reload:
                try await storeIO.run { [self] in try send(.marked(reload())) }
            case .checkForChanges(let mark, let openLink):
                await checkForChanges(since: mark, openLink: openLink)
            case .loadDetail(let link):
                let (connection, service) = try await storeIO.run { [workspace] in
                    let connection = try workspace.connection(link)
                    return (connection, try workspace.service(connection.serviceLinkName))
                }
                send(.detailLoaded(connection, service))
            case .createConnection(let draft, let connect):
                let (connection, service) = try await storeIO.run { [workspace] in
                    let connection = try workspace.createConnection(draft)
                    return (connection, try workspace.service(connection.serviceLinkName))
                }
                let plan = ConnectPlan.plan(for: connection, service: service)
                if case .askCredentials = plan {
                    send(.connectionCreated(connection, service, askCredentials: connect))
                    return
                }
                send(.connectionCreated(connection, service, askCredentials: false))
                guard connect else { return }
                if case .cannotStart(let missing) = plan {
                    let message = "Created, not connected: " + TUIMessage.describe(missing, keymap: keymap)
                    send(.connectFinished(connection, message: message, isError: true))
                } else {
                    await self.connect(connection.linkName)
                }
            case .discoverService(let url):
                await discover(url)
            case .cancelDiscovery(let url):
                sessions.cancel("discover:" + url)
            case .registerAndSaveService(let service, let authMethods, let openNewConnection):
                let saved = try await workspace.saveDiscoveredService(service, client: .register, offeredAuthMethods: authMethods)
                send(.serviceSaved(saved.service, openNewConnection: openNewConnection))
            case .saveService(let service, let replace, let openNewConnection):
                try await storeIO.run { [workspace] in try workspace.saveService(service, replace: replace) }
                send(.serviceSaved(service, openNewConnection: openNewConnection))
            case .connect(let link):
                await connect(link)
            case .cancelConnect(let link):
                sessions.cancel(link)
            case .updateConnection(let link, let edit):
                let (updated, service) = try await storeIO.run { [workspace] in
                    let updated = try workspace.editConnection(link, edit)
                    return (updated, try workspace.service(updated.serviceLinkName))
                }
                send(.detailLoaded(updated, service))
                send(.notice("Saved \(link)."))
            case .storeCredentials(let link, let values):
                let connection = try await Authorizer(workspace: workspace, browser: browser).storeCredentials(link, values)
                send(.connectFinished(connection, message: "Connected \(link); the credentials are stored encrypted.", isError: false))
            case .tryIt(let link, let request):
                await tryIt(link, request)
            case .cancelTryIt(let link):
                sessions.cancel("try:" + link)
            case .pasteRedirect(let link, let text):
                if !sessions.paste(link, text) { send(.failed("\(link) is not waiting for a redirect any more.")) }
            case .verify(let links):
                let workspace = workspace, send = send
                _ = await concurrently(links, limit: 8) { link in
                    send(.verified(await HealthCheck(workspace: workspace).check(link)))
                }
            case .revoke(let link):
                let outcome = try await Authorizer(workspace: workspace, browser: browser).revoke(link)
                send(
                    .revoked(
                        await stored(link), message: outcome.note ?? "Revoked \(link) at the provider; status Disconnected."))
            case .deleteConnection(let link, let keepRemote):
                let message = try await Authorizer(workspace: workspace, browser: browser).delete(link, keepRemote: keepRemote)
                send(.deleted(link, message: message))
            case .copy(let text, let what):
                let (message, isError) = clipboard.copy(text, writeToTerminal: writeToTerminal).message(for: what)
                send(isError ? .failed(message) : .notice(message))
            case .quit:
                break
            }
        } catch let failure as ValidationFailure {
            send(.fieldErrors(failure.errors, message: "\(failure.errors.count) field(s) need attention: \(failure.errors[0].message)"))
        } catch {
            send(.failed(TUIMessage.describe(error, keymap: keymap)))
        }
    }

    /// A screenful of connections first when there are many, then the whole list with your own services; the catalog
    /// (150-odd entries to parse) right after, so that it never holds up My Connections.
    private func initialLoad(firstPage: Int) throws {
        let total = try workspace.store.connectionCount()
        if total > firstPage { send(.firstConnections(try workspace.store.connectionSummaries(limit: firstPage), total: total)) }
        let mark = try workspace.store.changeMark()
        send(.loaded(connections: try workspace.store.connectionSummaries(), services: try workspace.store.customServices()))
        send(.marked(mark))
        send(.servicesLoaded(try workspace.services()))
    }

    /// Sends every connection and service; returns the mark to look for changes from (taken first, so that nothing
    /// written meanwhile is missed).
    private func reload() throws -> ChangeMark {
        let mark = try workspace.store.changeMark()
        send(.loaded(connections: try workspace.store.connectionSummaries(), services: try workspace.services()))
        return mark
    }

    /// The connection as stored now, read on the store's queue; nil when it cannot be read.
    private func stored(_ link: String) async -> Connection? {
        try? await storeIO.run { [workspace] in try workspace.connection(link) }
    }

    /// Ends with exactly one of `changed`, `unchanged` or `changeCheckFailed`, whatever happens: `update` starts no
    /// other check until then.
    private func checkForChanges(since mark: ChangeMark, openLink: String?) async {
        do {
            send(
                try await storeIO.run { [self] () throws -> Action in
                    guard let changes = try workspace.store.changes(since: mark) else { return .unchanged }
                    // Added or deleted: the whole list again, and nothing is left to apply since its mark.
                    guard let changed = changes.changed else {
                        return .changed(ConnectionChanges(mark: try reload(), changed: []), detail: nil)
                    }
                    let detail = try openLink.flatMap { link in
                        changed.contains { $0.linkName == link } ? try workspace.connection(link) : nil
                    }
                    return .changed(changes, detail: detail)
                })
        } catch {
            send(.changeCheckFailed(TUIMessage.describe(error, keymap: keymap)))
        }
    }

    private func tryIt(_ link: String, _ request: APIRequest) async {
        let send = self.send
        let invoker = Invoker(workspace: workspace)
        _ = await sessions.run("try:" + link) { _ in
            do {
                let result = try await invoker.invoke(link, request)
                send(.tryItFinished(link: link, TryItFormatter.response(result)))
            } catch let error where Task.isCancelled || error is CancellationError {
                send(
                    .tryItFinished(
                        link: link, TryItResponse(summary: "Cancelled; the request may still have reached the server.", isError: true)))
            } catch {
                send(.tryItFinished(link: link, TryItFormatter.failure(error)))
            }
        }
    }

    /// Discovery as a session of its own, so that Esc stops it at once; a stopped one answers nothing.
    private func discover(_ url: String) async {
        let send = self.send, keymap = self.keymap
        let started = await sessions.run("discover:" + url) { _ in
            do {
                let report = try await Discovery().discover(url)
                try Task.checkCancellation()
                send(
                    .serviceDiscovered(
                        DiscoveredService.make(report, name: nil, linkName: "", scopes: report.suggestedScopes), steps: report.steps,
                        scopes: report.resource?.scopesSupported.nonEmpty ?? report.server.scopesSupported,
                        authMethods: report.server.tokenEndpointAuthMethods))
            } catch  where Task.isCancelled || error is CancellationError {
                return
            } catch {
                send(.discoveryFailed(url: url, message: TUIMessage.describe(error, keymap: keymap)))
            }
        }
        if !started { send(.discoveryFailed(url: url, message: "\(url) is being discovered already.")) }
    }

    private func connect(_ link: String) async {
        let send = self.send
        let authorizer = Authorizer(workspace: workspace, browser: browser)
        let noBrowser = browser.reasonNotToLaunch != nil
        let started = await sessions.run(link) { paste in
            do {
                let options = ConnectOptions(noBrowser: noBrowser, pasted: { await paste.next() })
                let connection = try await authorizer.connect(link, options: options) { event in
                    send(.authorization(link: link, event))
                }
                send(.connectFinished(connection, message: "Connected \(link).", isError: false))
            } catch let error where error as? ConnectError == .cancelled || error is CancellationError {
                send(
                    .connectFinished(
                        await stored(link), message: "Connecting \(link) was cancelled; nothing changed.", isError: false))
            } catch {
                send(.connectFinished(await stored(link), message: TUIMessage.describe(error, keymap: keymap), isError: true))
            }
        }
        if !started { send(.failed("\(link) is already being connected.")) }
    }
}

extension Array {
    /// Nil when empty, for `??` chains.
    var nonEmpty: Self? { isEmpty ? nil : self }
}
