import ConnectionsCore
import Foundation
import Testing
@testable import ConnectionsTUI

@Suite struct ThemeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The one place themes are kept; the TUI target reaches it through a symbolic link, to build it in.
    static let directory = root.appendingPathComponent("Themes")

    @Test func themesLiveAtTheTopLevelOnly() throws {
        let link = Self.root.appendingPathComponent("Sources/ConnectionsTUI/Themes").path
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../../Themes")
    }

    @Test func everyShippedThemeLoadsAndSetsEveryRole() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files) == ["default.yaml", "dark.yaml", "light.yaml", "high-contrast.yaml", "ansi-16.yaml"])
        for file in files {
            let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            let theme = try ThemeLoader.parse(text, file: file)
            for role in StyleRole.allCases { #expect(text.contains("  \(role.rawValue):"), "\(file) lacks \(role.rawValue)") }
            #expect(theme.styles.count == StyleRole.allCases.count)
        }
        // What the program carries is what the folder holds, byte for byte.
        #expect(Set(ThemeLoader.shipped.keys.map { $0 + ".yaml" }) == Set(files))
        for (name, bytes) in ThemeLoader.shipped {
            #expect(FileManager.default.contents(atPath: Self.directory.appendingPathComponent(name + ".yaml").path) == Data(bytes))
        }
        #expect(try ThemeLoader.load(named: "dark", userDirectory: nil).name == "dark")
    }

    @Test func aThemeInTheUsersFolderComesFirst() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var mine = try String(decoding: #require(ThemeLoader.shipped["dark"]), as: UTF8.self)
        mine = mine.replacingOccurrences(of: "name: dark", with: "name: my dark")
        try mine.write(to: folder.appendingPathComponent("dark.yaml"), atomically: false, encoding: .utf8)
        try mine.replacingOccurrences(of: "name: my dark", with: "name: mine").write(
            to: folder.appendingPathComponent("mine.yaml"), atomically: false, encoding: .utf8)
        #expect(try ThemeLoader.load(named: "dark", userDirectory: folder).name == "my dark")
        #expect(try ThemeLoader.load(named: "light", userDirectory: folder).name == "light")
        do {
            _ = try ThemeLoader.load(named: "nope", userDirectory: folder)
            Issue.record("an unknown theme loaded")
        } catch {
            #expect(error.message.contains("available: ansi-16, dark, default, high-contrast, light, mine"))
        }
    }

    @Test func badThemesNameFileLineAndKey() {
        let unknownRole = "name: x\nroles:\n  normal: {}\n  tab.actve: {bold: true}\n"
        #expect(
            throws: ServiceFileError(
                file: "x.yaml", line: 4, key: "roles.tab.actve",
                message: "unknown key; expected one of: " + StyleRole.allCases.map(\.rawValue).joined(separator: ", "))
        ) {
            try ThemeLoader.parse(unknownRole, file: "x.yaml")
        }
        do {
            _ = try ThemeLoader.parse("roles:\n  normal: {fg: \"#12345\"}\n", file: "y.yaml")
            Issue.record("a bad colour loaded")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("'#12345' is neither in the palette nor a colour"))
        }
        #expect(throws: ServiceFileError.self) { try ThemeLoader.load(named: "../../etc/passwd", userDirectory: Self.directory) }
        do {
            _ = try ThemeLoader.load(named: "nope", userDirectory: nil)
            Issue.record("an unknown theme loaded")
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
