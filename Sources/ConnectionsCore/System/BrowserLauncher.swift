import Foundation

/// Opens a URL the way Python's `webbrowser` does: `$BROWSER` (a `:`-separated list; `%s` marks the URL), then
/// `xdg-open`, `x-www-browser`, `www-browser`. Over SSH or without a display it opens nothing: the user opens
/// the URL wherever they are.
public struct BrowserLauncher: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Why no browser should be launched here, or nil when one can be.
    public var reasonNotToLaunch: String? {
        if environment["BROWSER"].map({ !$0.isEmpty }) ?? false { return nil }
        if environment["SSH_CONNECTION"] != nil || environment["SSH_TTY"] != nil { return "this is an SSH session" }
        if (environment["DISPLAY"] ?? "").isEmpty && (environment["WAYLAND_DISPLAY"] ?? "").isEmpty {
            return "there is no display"
        }
        return nil
    }

    /// A browser command that started: its name, and its exit status once it ends.
    public struct Launched: Sendable {
        public var name: String
        public var exit: FirstResult<Int32>
    }

    /// Starts the first browser command that runs, or nil when none could start. Only an https URL (http on
    /// loopback) is ever handed to a browser: never `file:`, `smb:` or `javascript:`.
    public func open(_ url: String) -> Launched? {
        guard Self.mayOpen(url) else { return nil }
        var commands: [[String]] = []
        for entry in (environment["BROWSER"] ?? "").split(separator: ":") where !entry.isEmpty {
            let words = entry.split(separator: " ").map(String.init)
            commands.append(entry.contains("%s") ? words.map { $0.replacingOccurrences(of: "%s", with: url) } : words + [url])
        }
        commands += [["xdg-open", url], ["x-www-browser", url], ["www-browser", url]]
        for command in commands {
            guard let executable = Self.find(command[0], path: environment["PATH"]) else { continue }
            if let exit = ChildLauncher.launch(executable, Array(command.dropFirst()), environment: environment) {
                return Launched(name: command[0], exit: exit)
            }
        }
        return nil
    }

    static func mayOpen(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return false }
        switch components.scheme?.lowercased() {
        case "https": return true
        case "http": return URLRules.isLoopback(host)
        default: return false
        }
    }

    static func find(_ name: String, path: String?) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
