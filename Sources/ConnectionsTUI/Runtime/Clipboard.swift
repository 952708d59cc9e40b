import ConnectionsCore
import Foundation

/// Copies text the best way this session allows: a clipboard program when a display is here and this is not
/// SSH; else OSC 52 through the terminal (size-capped); else nothing, and the user selects the text by hand.
public struct Clipboard: Sendable {
    public enum Outcome: Equatable, Sendable {
        case program(String)
        case osc52
        case tooLarge(Int)
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
            if !(environment["DISPLAY"] ?? "").isEmpty { programs += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]] }
            for program in programs where run(program, input: text) { return .program(program[0]) }
        }
        let encoded = Data(text.utf8).base64EncodedString()
        guard encoded.utf8.count <= Self.osc52Limit else { return .tooLarge(text.utf8.count) }
        writeToTerminal(Self.osc52(encoded, tmux: tmuxPassthrough && environment["TMUX"] != nil))
        return .osc52
    }

    static func osc52(_ base64: String, tmux: Bool) -> String {
        let sequence = "\u{1B}]52;c;\(base64)\u{07}"
        return tmux ? "\u{1B}Ptmux;\u{1B}\(sequence)\u{1B}\\" : sequence
    }

    private func run(_ command: [String], input: String) -> Bool {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(command[0])" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return false }
        return ChildLauncher.run(path, Array(command.dropFirst()), environment: environment, input: Data(input.utf8))
    }
}
