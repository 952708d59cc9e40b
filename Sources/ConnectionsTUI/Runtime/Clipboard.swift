import ConnectionsCore
import Foundation

/// Copies text the best way this session allows: a clipboard program when a display is here and this is not
/// SSH; else OSC 52 through the terminal (size-capped); else nothing, and the user selects the text by hand.
public struct Clipboard: Sendable {
    public enum Outcome: Equatable, Sendable {
        case program(String)
        /// Written to the terminal as OSC 52; whether it can arrive depends on the terminal.
        case osc52
        /// Inside tmux, which passes OSC 52 on (`set-clipboard on`, or the passthrough of the config).
        case osc52ThroughTmux
        /// Inside tmux, whose `set-clipboard` (given) drops what programs send: nothing arrives.
        case droppedByTmux(setting: String)
        case tooLarge(Int)

        /// What the status bar says, for what was copied.
        public func message(for what: String) -> (text: String, isError: Bool) {
            switch self {
            case .program(let name): ("Copied the \(what) with \(name).", false)
            case .osc52:
                (
                    "Sent the \(what) to the terminal's clipboard (OSC 52); if nothing arrives, your terminal does not allow it: select "
                        + "the text instead.",
                    false
                )
            case .osc52ThroughTmux: ("Copied the \(what) through tmux to the terminal's clipboard (OSC 52).", false)
            case .droppedByTmux(let setting):
                (
                    "Not copied: tmux's set-clipboard is \(setting), so it drops clipboard writes from programs. Run `tmux set -g "
                        + "set-clipboard on`, or select the text.",
                    true
                )
            case .tooLarge(let bytes): ("The \(what) is \(bytes) bytes, too large for the terminal clipboard: select it by hand.", true)
            }
        }
    }

    public static let osc52Limit = 100_000
    let environment: [String: String]
    /// Wrap OSC 52 for tmux's passthrough (config `clipboard: {tmux_passthrough: true}`).
    let tmuxPassthrough: Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, tmuxPassthrough: Bool = false) {
        self.environment = environment
        self.tmuxPassthrough = tmuxPassthrough
    }

    /// Tries the programs; when none fits, returns the OSC 52 sequence to write to the terminal.
    public func copy(_ text: String, writeToTerminal: (String) -> Void) -> Outcome {
        let remote = environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil
        if !remote {
            var programs: [[String]] = []
            if !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty { programs.append(["wl-copy"]) }
            if !(environment["DISPLAY"] ?? "").isEmpty {
                programs += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
            }
            for program in programs where run(program, input: text) { return .program(program[0]) }
        }
        let encoded = Data(text.utf8).base64EncodedString()
        guard encoded.utf8.count <= Self.osc52Limit else { return .tooLarge(text.utf8.count) }
        guard environment["TMUX"] != nil else {
            writeToTerminal(Self.osc52(encoded, tmux: false))
            return .osc52
        }
        if tmuxPassthrough {
            writeToTerminal(Self.osc52(encoded, tmux: true))
            return .osc52ThroughTmux
        }
        let setting = tmuxSetClipboard() ?? "unknown"
        guard setting == "on" else { return .droppedByTmux(setting: setting) }
        writeToTerminal(Self.osc52(encoded, tmux: false))
        return .osc52ThroughTmux
    }

    /// What tmux does with OSC 52 from the programs it runs: `on` passes it on; `external` (its default) and
    /// `off` drop it.
    private func tmuxSetClipboard() -> String? {
        guard let tmux = executable("tmux") else { return nil }
        return ChildLauncher.output(tmux, ["show-options", "-gv", "set-clipboard"], environment: environment)?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func executable(_ name: String) -> String? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func osc52(_ base64: String, tmux: Bool) -> String {
        let sequence = "\u{1B}]52;c;\(base64)\u{07}"
        return tmux ? "\u{1B}Ptmux;\u{1B}\(sequence)\u{1B}\\" : sequence
    }

    private func run(_ command: [String], input: String) -> Bool {
        guard let path = executable(command[0]) else { return false }
        return ChildLauncher.run(path, Array(command.dropFirst()), environment: environment, input: Data(input.utf8))
    }
}
