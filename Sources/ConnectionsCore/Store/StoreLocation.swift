import Foundation

/// Where the database, vault key and config live: `--home`, then `CONNECTIONS_HOME`, then the XDG directories.
public struct StoreLocation: Sendable, Equatable {
    public var directory: URL
    public var configFile: URL
    /// Files that live as long as a process: the proxy's secret. `$XDG_RUNTIME_DIR/connections`, else
    /// `$XDG_STATE_HOME/connections` (`~/.local/state/connections`); with a home directory given, that directory.
    public var runtimeDirectory: URL

    public var databaseFile: URL { directory.appendingPathComponent("connections.sqlite") }
    public var keyFile: URL { directory.appendingPathComponent("vault.key") }
    /// The user's own themes, beside the config file.
    public var themesDirectory: URL { configFile.deletingLastPathComponent().appendingPathComponent("themes", isDirectory: true) }

    public init(directory: URL, configFile: URL, runtimeDirectory: URL? = nil) {
        self.directory = directory
        self.configFile = configFile
        self.runtimeDirectory = runtimeDirectory ?? directory
    }

    public static func resolve(home: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreLocation {
        if let home = home ?? environment["CONNECTIONS_HOME"], !home.isEmpty {
            let directory = URL(fileURLWithPath: (home as NSString).expandingTildeInPath, isDirectory: true)
            return StoreLocation(directory: directory, configFile: directory.appendingPathComponent("config.yaml"))
        }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        func xdg(_ variable: String, _ fallback: String) -> URL {
            // XDG says relative paths in these variables are invalid and must be ignored.
            if let value = environment[variable], value.hasPrefix("/") { return URL(fileURLWithPath: value, isDirectory: true) }
            return URL(fileURLWithPath: userHome, isDirectory: true).appendingPathComponent(fallback, isDirectory: true)
        }
        let runtime =
            environment["XDG_RUNTIME_DIR"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0, isDirectory: true) : nil }
            ?? xdg("XDG_STATE_HOME", ".local/state")
        return StoreLocation(
            directory: xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("connections", isDirectory: true),
            configFile: xdg("XDG_CONFIG_HOME", ".config").appendingPathComponent("connections/config.yaml"),
            runtimeDirectory: runtime.appendingPathComponent("connections", isDirectory: true))
    }
}
