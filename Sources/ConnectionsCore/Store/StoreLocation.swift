import Foundation

/// Where the database, vault key and config live: `--home`, then `CONNECTIONS_HOME`, then the XDG directories.
public struct StoreLocation: Sendable, Equatable {
    public var directory: URL
    public var configFile: URL

    public var databaseFile: URL { directory.appendingPathComponent("connections.sqlite") }
    public var keyFile: URL { directory.appendingPathComponent("vault.key") }
    /// The user's own themes, beside the config file.
    public var themesDirectory: URL { configFile.deletingLastPathComponent().appendingPathComponent("themes", isDirectory: true) }

    public init(directory: URL, configFile: URL) {
        self.directory = directory
        self.configFile = configFile
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
        return StoreLocation(
            directory: xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("connections", isDirectory: true),
            configFile: xdg("XDG_CONFIG_HOME", ".config").appendingPathComponent("connections/config.yaml"))
    }
}
