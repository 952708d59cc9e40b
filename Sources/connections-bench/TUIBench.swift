import ConnectionsCore
import ConnectionsTUI
import Foundation

/// `connections-bench tui HOME`: medians, in ms, of reading the first screenful and rendering the first 200x50
/// frame (what the TUI does first), of loading every summary and the services into the state and rendering,
/// and of one filter keystroke through update and render.
enum TUIBench {
    static func run(home: String) throws {
        let workspace = try Workspace(home: home, environment: [:])
        func median(_ samples: [Double]) -> Double { samples.sorted()[samples.count / 2] }
        func milliseconds(_ work: () throws -> Void) rethrows -> Double {
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        }
        var firstFrame: [Double] = []
        var wholeList: [Double] = []
        var state = AppState(width: 200, height: 50)
        for _ in 0..<15 {
            firstFrame.append(
                try milliseconds {
                    state = AppState(width: 200, height: 50)
                    let total = try workspace.store.connectionCount()
                    _ = update(&state, .firstConnections(try workspace.store.connectionSummaries(limit: 100), total: total))
                    _ = render(state)
                })
            wholeList.append(
                try milliseconds {
                    state = AppState(width: 200, height: 50)
                    _ = update(&state, .loaded(connections: try workspace.store.connectionSummaries(), services: try workspace.services()))
                    _ = render(state)
                })
        }
        var pickYourService: [Double] = []
        for _ in 0..<15 {
            pickYourService.append(
                try milliseconds {
                    // A cold catalog: parsed from the built-in YAML, as at start.
                    var services = try Catalog.bundled().services
                    services.sort { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
                    var picking = AppState(width: 200, height: 50)
                    _ = update(&picking, .loaded(connections: [], services: services))
                    picking.tab = .pickService
                    _ = render(picking)
                })
        }
        var tabSwitch: [Double] = []
        var loaded = AppState(width: 200, height: 50)
        _ = update(&loaded, .loaded(connections: [], services: try workspace.services()))
        for _ in 0..<50 {
            tabSwitch.append(
                milliseconds {
                    loaded.tab = .myConnections
                    _ = update(&loaded, .input(.key(.character("]"))))
                    _ = render(loaded)
                })
        }
        _ = update(&state, .input(.key(.character("/"))))
        var keystroke: [Double] = []
        for index in 0..<200 {
            let key: Key = index % 2 == 0 ? .character("1") : .backspace
            keystroke.append(
                milliseconds {
                    _ = update(&state, .input(.key(key)))
                    _ = render(state)
                })
        }
        print(
            String(
                format: "first screenful+frame %.2f ms   whole list+frame %.2f ms   filter keystroke to frame %.3f ms   "
                    + "Pick Your Service (%d services): catalog parsed + first frame %.2f ms, tab key to frame %.3f ms",
                median(firstFrame), median(wholeList), median(keystroke), try Catalog.bundled().services.count, median(pickYourService),
                median(tabSwitch)))
    }

    /// `connections-bench tui-terminal HOME RESULT`, run inside a pty of 200x50 (`script`): the same filter
    /// keystrokes, each through update, render and the ncurses terminal writing the changed cells to the pty.
    /// The median (ms) goes to the file RESULT, since the screen belongs to curses.
    static func runInTerminal(home: String, result: String) throws {
        let workspace = try Workspace(home: home, environment: [:])
        let terminal = NCursesTerminal(theme: try ThemeLoader.load(named: "default", userDirectory: nil), useColor: true)
        var state = AppState(width: terminal.size.width, height: terminal.size.height)
        _ = update(&state, .loaded(connections: try workspace.store.connectionSummaries(), services: try workspace.services()))
        terminal.draw(render(state))
        _ = update(&state, .input(.key(.character("/"))))
        terminal.draw(render(state))
        var keystroke: [Double] = []
        for index in 0..<200 {
            let key: Key = index % 2 == 0 ? .character("1") : .backspace
            let start = ContinuousClock.now
            _ = update(&state, .input(.key(key)))
            terminal.draw(render(state))
            let elapsed = ContinuousClock.now - start
            keystroke.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        terminal.shutdown()
        let line = String(
            format: "filter keystroke to frame on the terminal %.3f ms (%dx%d)\n", keystroke.sorted()[keystroke.count / 2], state.width,
            state.height)
        try line.write(toFile: result, atomically: true, encoding: .utf8)
    }
}
