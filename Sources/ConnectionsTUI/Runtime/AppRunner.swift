import ConnectionsCore
import Foundation
import Synchronization

/// The loop: input -> action -> update -> effects (run elsewhere, answered as actions) -> render -> draw.
public final class AppRunner: @unchecked Sendable {
    private let workspace: Workspace
    private let theme: Theme
    private let useColor: Bool
    private let keymap: Keymap
    private let clipboard: Clipboard
    private let inbox = Inbox()
    /// Shown in the status bar at start (e.g. why the chosen theme was not loaded).
    public var notice: String?
    /// Set only by `bench/tui.sh` (CONNECTIONS_BENCHMARK_EXIT): the frame after which a measured run quits.
    private let benchmarkExit = BenchmarkExit(ProcessInfo.processInfo.environment["CONNECTIONS_BENCHMARK_EXIT"])

    public init(workspace: Workspace, theme: Theme, useColor: Bool, keymap: Keymap = .standard, clipboard: Clipboard = Clipboard()) {
        self.workspace = workspace
        self.theme = theme
        self.useColor = useColor
        self.keymap = keymap
        self.clipboard = clipboard
    }

    /// Runs the TUI on a thread of its own (curses wants one thread) until the user quits.
    public func run() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread { [self] in
                loop()
                continuation.resume()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private func loop() {
        let terminal = NCursesTerminal(theme: theme, useColor: useColor)
        inbox.wakeDescriptor = terminal.wakeDescriptor
        defer {
            inbox.wakeDescriptor = -1
            terminal.shutdown()
        }
        var state = AppState(width: terminal.size.width, height: terminal.size.height)
        state.keymap = keymap
        if let notice { state.status = StatusLine(text: notice, isError: true) }
        let inbox = self.inbox
        let runner = EffectRunner(
            workspace: workspace, clipboard: clipboard, browser: BrowserLauncher(), sessions: ConnectSessions(),
            send: { inbox.post(.action($0)) }, writeToTerminal: { inbox.post(.raw($0)) }, keymap: keymap)
        let watcher = ChangeWatcher()
        watcher.start(workspace.store) { inbox.post(.action(.changesAnnounced)) }
        defer { watcher.stop() }
        perform(update(&state, .tick(Date())), runner)
        perform([.initialLoad(firstPage: max(100, terminal.size.height * 2))], runner)
        var lastTick = Date()
        let tick = Self.tickMilliseconds(ProcessInfo.processInfo.environment)
        var drawn = render(state)
        var renderedState = state
        terminal.draw(drawn)
        while !state.quitting {
            // Input, an effect's answer or a change announced (the inbox wakes the wait), or the next second's tick,
            // whichever comes first.
            let untilTick = max(1, tick - Int(Date().timeIntervalSince(lastTick) * 1000))
            if let event = terminal.nextEvent(timeoutMilliseconds: untilTick) {
                perform(update(&state, .input(event)), runner)
            }
            for message in inbox.drain() {
                switch message {
                case .action(let action):
                    perform(update(&state, action), runner)
                    if let benchmarkExit, benchmarkExit.isReached(by: action) {
                        terminal.draw(render(state))
                        return
                    }
                case .raw(let text): terminal.writeRaw(text)
                }
            }
            if Date().timeIntervalSince(lastTick) * 1000 >= Double(tick) {
                lastTick = Date()
                perform(update(&state, .tick(lastTick)), runner)
            }
            // Idle costs nothing: a frame is rendered only when the state changed, and sent only where it differs.
            if state != renderedState {
                renderedState = state
                let frame = render(state)
                if frame != drawn {
                    terminal.draw(frame)
                    drawn = frame
                }
            }
        }
    }

    private func perform(_ effects: [Effect], _ runner: EffectRunner) {
        for effect in effects where effect != .quit {
            Task.detached { await runner.run(effect) }
        }
    }
    /// How often the clock ticks (status, expiry, the store's change check when none is running): a second, or
    /// `CONNECTIONS_TUI_TICK_MS` (100 ms to 10 min), which tests raise to tell a redraw the tick made from one it did not.
    static func tickMilliseconds(_ environment: [String: String]) -> Int {
        environment["CONNECTIONS_TUI_TICK_MS"].flatMap(Int.init).map { min(max($0, 100), 600_000) } ?? 1000
    }
}

/// Messages from effects to the UI thread.
final class Inbox: Sendable {
    enum Message: Sendable {
        case action(Action)
        case raw(String)
    }

    private struct Queue {
        var messages: [Message] = []
        var wake: Int32 = -1
    }

    private let queue = Mutex(Queue())

    /// Written to after each post, so that the UI thread stops waiting for input.
    var wakeDescriptor: Int32 {
        get { queue.withLock { $0.wake } }
        set { queue.withLock { $0.wake = newValue } }
    }

    func post(_ message: Message) {
        let descriptor: Int32 = queue.withLock { queue in
            queue.messages.append(message)
            return queue.wake
        }
        if descriptor >= 0 {
            var byte: UInt8 = 1
            _ = write(descriptor, &byte, 1)
        }
    }

    func drain() -> [Message] {
        queue.withLock { queue in
            defer { queue.messages = [] }
            return queue.messages
        }
    }
}
