import Foundation

/// What `config.yaml` says about the store and the person using it: `store: postgresql://…` (a team store),
/// `key_file: PATH` (the team key, instead of `CONNECTIONS_KEY`) and `user: NAME` (who creates and authorizes
/// connections). The terminal UI reads its own keys from the same file.
public struct MemberConfig: Sendable, Equatable {
    public static let keys = ["store", "key_file", "user"]

    public var store: String?
    public var keyFile: URL?
    public var user: String?

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
        if let path = try root.text("key_file") {
            let expanded = (path as NSString).expandingTildeInPath
            config.keyFile =
                expanded.hasPrefix("/")
                ? URL(fileURLWithPath: expanded) : file.deletingLastPathComponent().appendingPathComponent(expanded)
        }
        return config
    }

    /// `user:` from the config, else the account's name (`AccountName`) `@host`.
    public func member(environment: [String: String]) -> String {
        if let user, !user.isEmpty { return user }
        let name = AccountName.current(environment: environment)
        return "\(name)@\(ProcessInfo.processInfo.hostName)"
    }
}
