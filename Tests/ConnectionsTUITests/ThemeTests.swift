import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

@Suite struct ThemeTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/ConnectionsTUI/Themes")

    @Test func everyShippedThemeLoadsAndSetsEveryRole() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == ["default.yaml", "dark.yaml", "light.yaml", "high-contrast.yaml", "ansi-16.yaml"])
        for file in files {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            let theme = try ThemeLoader.parse(text, file: file)
            for role in StyleRole.allCases { #expect(text.contains("  \(role.rawValue):"), "\(file) lacks \(role.rawValue)") }
            #expect(theme.styles.count == StyleRole.allCases.count)
        }
        #expect(try ThemeLoader.load(named: "dark", from: Self.directory).name == "dark")
    }

    @Test func badThemesNameFileLineAndKey() {
        let unknownRole = "name: x\nroles:\n  normal: {}\n  tab.actve: {bold: true}\n"
        #expect(throws: ServiceFileError(file: "x.yaml", line: 4, key: "roles.tab.actve", message: "unknown key; expected one of: " + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))) {
            try ThemeLoader.parse(unknownRole, file: "x.yaml")
        }
        do {
            _ = try ThemeLoader.parse("roles:\n  normal: {fg: \"#12345\"}\n", file: "y.yaml")
            Issue.record("a bad colour loaded")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("'#12345' is neither in the palette nor a colour"))
        }
        #expect(throws: ServiceFileError.self) { try ThemeLoader.load(named: "../../etc/passwd", from: Self.directory) }
        do {
            _ = try ThemeLoader.load(named: "nope", from: Self.directory)
        } catch {
            #expect(error.message.contains("available: ansi-16, dark, default, high-contrast, light"))
        }
    }

    @Test func coloursDegradeByWhatTheTerminalShows() {
        let blue = Color.rgb(0x5f, 0xaf, 0xff)
        #expect(blue.number(forColors: 256) == 75)
        #expect(blue.number(forColors: 16) == 12)
        #expect(blue.number(forColors: 8) != nil)
        #expect(blue.number(forColors: 0) == nil)
        #expect(Color.terminalDefault.number(forColors: 256) == -1)
        #expect(Color.indexed(196).number(forColors: 16) == 9)
        let plain = Theme.builtIn.withoutColor
        #expect(plain.styles.values.allSatisfy { $0.foreground == .terminalDefault && $0.background == .terminalDefault })
    }

    @Test func keymapOverridesAndLookups() {
        let keymap = Keymap.standard.overriding(["quit": ["ctrl+q"]])
        #expect(keymap.command(for: .control("q"), in: [.global]) == .quit)
        #expect(keymap.command(for: .character("q"), in: [.global]) == nil)
        #expect(Keymap.standard.command(for: .character("j"), in: [.list, .global]) == .down)
    }
}

@Suite struct ReadmeTests {
    @Test func theReadmesKeyTableComesFromTheKeymap() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        #expect(text.contains(Keymap.standard.markdownTable), "regenerate the table with `connections keys`")
    }
}
