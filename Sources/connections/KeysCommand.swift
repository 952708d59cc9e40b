import ArgumentParser
import ConnectionsTUI

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Print the terminal UI's key bindings as a Markdown table.")

    func run() {
        print(Keymap.standard.markdownTable, terminator: "")
    }
}
