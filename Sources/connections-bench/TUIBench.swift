import ConnectionsCore
import ConnectionsTUI
import Foundation

/// `connections-bench tui HOME`: medians, in ms, of loading 10,000 summaries into the state and rendering the
/// first 200x50 frame, and of one filter keystroke through update and render.
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
        var state = AppState(width: 200, height: 50)
        for _ in 0..<15 {
            firstFrame.append(try milliseconds {
                state = AppState(width: 200, height: 50)
                _ = update(&state, .loaded(connections: try workspace.store.connectionSummaries(), services: try workspace.services()))
                _ = render(state)
            })
        }
        _ = update(&state, .input(.key(.character("/"))))
        var keystroke: [Double] = []
        for index in 0..<200 {
            let key: Key = index % 2 == 0 ? .character("1") : .backspace
            keystroke.append(milliseconds {
                _ = update(&state, .input(.key(key)))
                _ = render(state)
            })
        }
        print(String(format: "load+first frame %.2f ms   filter keystroke to frame %.3f ms", median(firstFrame), median(keystroke)))
    }
}
