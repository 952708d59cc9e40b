import ConnectionsCore
import Foundation

/// `config.yaml`: `theme: NAME`, `keys: {command: [key, ...]}`, `clipboard: {tmux_passthrough: true}`.
public struct TUIConfig: Sendable, Equatable {
    public var theme: String?
    public var keys: [String: [String]] = [:]
    public var tmuxPassthrough = false

    public init() {}

    public static func load(_ file: URL) throws(ServiceFileError) -> TUIConfig {
        guard let data = FileManager.default.contents(atPath: file.path) else { return TUIConfig() }
        let root = try YAMLMapping.root(String(decoding: data, as: UTF8.self), file: file.path)
        try root.rejectUnknown(["theme", "keys", "clipboard"] + MemberConfig.keys)
        var config = TUIConfig()
        let theme = try root.string("theme")
        config.theme = theme.isEmpty ? nil : theme
        if let keys = try root.mapping("keys") {
            try keys.rejectUnknown(Keymap.overridableNames)
            for command in keys.keys { config.keys[command] = try keys.strings(command) }
        }
        if let clipboard = try root.mapping("clipboard") {
            try clipboard.rejectUnknown(["tmux_passthrough"])
            config.tmuxPassthrough = try clipboard.bool("tmux_passthrough", default: false)
        }
        return config
    }
}

/// Starts the TUI with the theme and keys the user chose; a bad theme or config falls back and says why.
public enum TUILauncher {
    public static func run(workspace: Workspace, themeName: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        async -> [String]
    {
        var warnings: [String] = []
        var config = TUIConfig()
        do {
            config = try TUIConfig.load(workspace.location.configFile)
        } catch {
            warnings.append("Ignored the config file: \(error)")
        }
        var theme = Theme.builtIn
        let name = themeName ?? config.theme ?? "default"
        do {
            theme = try ThemeLoader.load(named: name, userDirectory: workspace.location.themesDirectory)
        } catch {
            warnings.append("Theme '\(name)' not loaded (\(error)); using the built-in one.")
        }
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if noColor { theme = theme.withoutColor }
        let runner = AppRunner(
            workspace: workspace, theme: theme, useColor: !noColor, keymap: Keymap.standard.overriding(config.keys),
            clipboard: Clipboard(environment: environment, tmuxPassthrough: config.tmuxPassthrough))
        runner.notice = warnings.isEmpty ? nil : warnings.joined(separator: " ")
        await runner.run()
        return warnings
    }
}
