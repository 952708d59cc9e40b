import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

/// Drives the app as the loop does, without a terminal: keys become actions, effects run for real against a
/// temporary store, and their answers come back as actions.
final class Harness: @unchecked Sendable {
    let home: URL
    let workspace: Workspace
    var state: AppState
    var copied: [String] = []
    let sessions = ConnectSessions()
    private var pending: [Action] = []
    private let lock = NSLock()

    init(width: Int = 100, height: Int = 30) throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("connections-tui-" + UUID().uuidString)
        workspace = Workspace(store: try SQLiteStore(location: StoreLocation.resolve(home: home.path, environment: [:]), environment: [:]))
        state = AppState(width: width, height: height)
        state.now = Date(timeIntervalSince1970: 1_800_000_000)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    private var runner: EffectRunner {
        EffectRunner(
            workspace: workspace, clipboard: Clipboard(environment: [:]), browser: BrowserLauncher(environment: ["PATH": "/nonexistent"]),
            sessions: sessions,
            send: { [self] action in lock.withLock { pending.append(action) } },
            writeToTerminal: { [self] text in lock.withLock { copied.append(text) } })
    }

    func dispatch(_ action: Action) async {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            let effects = update(&state, next)
            for effect in effects where effect != .quit {
                await runner.run(effect)
            }
            queue += lock.withLock {
                defer { pending = [] }
                return pending
            }
        }
    }

    /// Runs an effect as the loop does, then every action it answered with, in order; returns those actions.
    @discardableResult
    func perform(_ effect: Effect) async -> [Action] {
        await runner.run(effect)
        let answers = lock.withLock {
            defer { pending = [] }
            return pending
        }
        for action in answers { await dispatch(action) }
        return answers
    }

    func load() async {
        await dispatch(.loaded(connections: try! workspace.store.connectionSummaries(), services: try! workspace.services()))
    }

    /// Presses keys by their keymap names: `enter`, `tab`, `ctrl+s`, `j`…
    func press(_ names: String...) async {
        for name in names { await dispatch(.input(.key(Self.key(name)))) }
    }

    func type(_ text: String) async {
        for character in text { await dispatch(.input(.key(.character(character)))) }
    }

    static func key(_ name: String) -> Key {
        switch name {
        case "enter": .enter
        case "esc": .escape
        case "tab": .tab
        case "shift+tab": .backTab
        case "backspace": .backspace
        case "up": .up
        case "down": .down
        case "left": .left
        case "right": .right
        case "space": .character(" ")
        case "home": .home
        case "end": .end
        case "delete": .delete
        case "f1": .function(1)
        default:
            name.hasPrefix("ctrl+") ? .control(name.last!) : .character(name.first!)
        }
    }

    var screen: String { render(state).lines.joined(separator: "\n") }

    /// From the first screen: loads, finds `service` on Pick Your Service, opens its new connection form and names
    /// the connection.
    func newConnection(to service: String, named name: String) async {
        await load()
        await press("tab", "/")
        await type(service)
        await press("enter", "enter")
        await type(name)
    }

    /// Focuses the form field with `id` on the current form.
    func focus(_ id: String) async {
        for _ in 0..<60 {
            if currentForm?.focused?.id == id { return }
            await press("tab")
        }
        Issue.record("no field \(id)")
    }

    /// Focuses the form field with `id` and types `text` after what it holds.
    func type(_ text: String, into id: String) async {
        await focus(id)
        await type(text)
    }

    var currentForm: Form? {
        switch state.screen {
        case .newConnection(let new): new.form
        case .detail(let detail): detail.request
        case .main: state.tab == .customService ? state.serviceForm : nil
        }
    }
}
