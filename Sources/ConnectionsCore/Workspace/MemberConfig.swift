import Foundation

/// What `config.yaml` says about the store and the person using it: `store: postgresql://…` (a team store),
/// `key_file: PATH` (the team key, instead of `CONNECTIONS_KEY`) and `user: NAME` (who creates and authorizes
/// connections), `hooks:` (what to run when a connection starts failing or works again). The terminal UI reads its
/// own keys from the same file.
public struct MemberConfig: Sendable, Equatable {
    public static let keys = ["store", "key_file", "user", "hooks"]

    public var store: String?
    public var keyFile: URL?
    public var user: String?
    public var hooks = HealthHooks()

    public init(store: String? = nil, keyFile: URL? = nil, user: String? = nil) {
        self.store = store
        self.keyFile = keyFile
        self.user = user
    }

    /// Nothing to read when there is no file, or when it names none of these keys (then YAML is not even parsed).
    public static func load(_ file: URL) throws(ServiceFileError) -> MemberConfig {
        guard let data = FileManager.default.contents(atPath: file.path) else { return MemberConfig() }
        let text = String(decoding: data, as: UTF8.self)
        guard keys.contains(where: { text.contains($0 + ":") }) else { return MemberConfig() }
        let root = try YAMLMapping.root(text, file: file.path)
        var config = MemberConfig()
        config.store = try root.text("store")
        config.user = try root.text("user")
        if let hooks = try root.mapping("hooks") {
            try hooks.rejectUnknown(HealthHooks.keys)
            config.hooks = HealthHooks(onFailure: try command(hooks, "on_failure"), onRecovery: try command(hooks, "on_recovery"))
        }
        if let path = try root.text("key_file") {
            let expanded = (path as NSString).expandingTildeInPath
            config.keyFile =
                expanded.hasPrefix("/")
                ? URL(fileURLWithPath: expanded) : file.deletingLastPathComponent().appendingPathComponent(expanded)
        }
        return config
    }

    /// A command as a list of words, or as one text split at spaces (no shell: one that wants it names it).
    private static func command(_ map: YAMLMapping, _ key: String) throws(ServiceFileError) -> [String]? {
        guard let node = map.value(key) else { return nil }
        let words = node.sequence != nil ? try map.strings(key) : (try map.text(key) ?? "").split(separator: " ").map(String.init)
        guard !words.isEmpty else { throw map.error(key, "is empty: give the command to run, e.g. [notify-send, Connections]") }
        return words
    }

    /// `user:` from the config, else the account's name (`AccountName`) `@host`.
    public func member(environment: [String: String]) -> String {
        if let user, !user.isEmpty { return user }
        let name = AccountName.current(environment: environment)
        return "\(name)@\(ProcessInfo.processInfo.hostName)"
    }
}
