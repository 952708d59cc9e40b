import Foundation

public enum StoreError: RemediableError, Sendable, Equatable {
    case cannotCreateDirectory(path: String, reason: String)
    case keyUnreadable(path: String, reason: String)
    case badKeyVariable
    case keyMismatch(path: String)
    case undecryptable(what: String)
    case database(String)
    case databaseFile(path: String, reason: String)
    case keyMissing(path: String)
    case notFound(kind: String, linkName: String)
    case duplicate(kind: String, linkName: String)
    case serviceInUse(linkName: String, connections: [String])
    case catalogService(linkName: String)
    case badStoreAddress(text: String)
    case libpqMissing(reason: String)
    case teamStoreUnreachable(place: String, reason: String)
    case teamStoreFailed(place: String, state: String, message: String)
    case teamKeyMissing(place: String)
    case teamKeyMismatch(place: String)
    case teamStoreTooNew(place: String, version: Int, known: Int)
    /// A row whose authentication tag does not match it: changed, moved or inserted by someone without the key.
    case changedOutside(kind: String, linkName: String)
    /// A stored service that fails the rules every service is held to (written before a rule existed, or by an
    /// older Connections): it is never used.
    case invalidService(linkName: String, problems: [String])

    public var problem: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            "Cannot create the data directory \(path): \(reason). Choose another with --home DIR or CONNECTIONS_HOME."
        case .keyUnreadable(let path, let reason):
            "Cannot read the vault key \(path): \(reason). It must be a file of 32 bytes with mode 0600."
        case .badKeyVariable:
            "CONNECTIONS_KEY must hold 32 bytes as 64 hex digits or base64."
        case .keyMismatch(let path):
            "The vault key does not open this database (key: \(path), or CONNECTIONS_KEY). Restore the key that was used with it; secrets "
                + "cannot be read without it."
        case .undecryptable(let what):
            "The stored secrets of \(what) cannot be decrypted; the database or key was altered. Reconnect it to store fresh ones."
        case .database(let message):
            "Database error: \(message)"
        case .databaseFile(let path, let reason):
            "Cannot use the database \(path): \(reason)."
        case .keyMissing(let path):
            "\((path as NSString).lastPathComponent) is missing from \((path as NSString).deletingLastPathComponent), but the database "
                + "there holds secrets sealed with it. Restore the key file, or set CONNECTIONS_KEY to the key; nothing was changed."
        case .notFound(let kind, let linkName):
            "No \(kind) with link name '\(linkName)'."
        case .duplicate(let kind, let linkName) where kind == "service":
            "A service with link name '\(linkName)' already exists. To change it, import again with --replace; to keep both, give this "
                + "one another link_name."
        case .duplicate(let kind, let linkName):
            "A \(kind) with link name '\(linkName)' already exists; link names are unique."
        case .serviceInUse(let linkName, let connections):
            "Service '\(linkName)' still has \(connections.count) connection(s): \(connections.joined(separator: ", ")). Delete them first."
        case .catalogService(let linkName):
            "'\(linkName)' is a pre-built service; it cannot be changed or deleted. Import it under another link name to customise it."
        case .badStoreAddress(let text):
            "'\(text)' is not a store address: give postgresql://USER@HOST:PORT/DATABASE (or leave it out for the local store)."
        case .libpqMissing(let reason):
            "A team store needs PostgreSQL's client library, libpq.so.5 (\(reason)). Install it: apt-get install libpq5."
        case .teamStoreUnreachable(let place, let reason):
            "Cannot reach the team store at \(place): \(reason). Nothing was changed; try again when the server is up."
        case .teamStoreFailed(let place, let state, let message):
            "The team store at \(place) refused: \(message)\(state.isEmpty ? "" : " (SQLSTATE \(state))")."
        case .teamKeyMissing(let place):
            "The team store at \(place) needs the team key: set CONNECTIONS_KEY, or key_file: in the config. "
                + "`connections key new` makes one for a new team store."
        case .teamKeyMismatch(let place):
            "This key does not open the team store at \(place): nothing was read or changed. Ask the team for its key."
        case .teamStoreTooNew(let place, let version, let known):
            "The team store at \(place) has schema version \(version), newer than this program knows (\(known)). "
                + "Upgrade Connections; nothing was changed."
        case .changedOutside(let kind, let linkName):
            "\(kind.prefix(1).uppercased() + kind.dropFirst()) \(TerminalText.safe(linkName)) was changed outside Connections; "
                + "nothing was sent."
        case .invalidService(let linkName, let problems):
            "Service \(TerminalText.safe(linkName)) as stored fails a check, so nothing was sent: "
                + problems.map { TerminalText.safe($0) }.joined(separator: " ")
        }
    }

    public var remedy: Remedy? {
        switch self {
        case .duplicate(let kind, _) where kind != "service": .pickAnotherLinkName
        case .notFound(let kind, _): .listAll(kind: kind)
        case .changedOutside(let kind, let linkName): .recreate(kind: kind, linkName: TerminalText.safe(linkName))
        case .invalidService(let linkName, _): .replaceService(linkName: TerminalText.safe(linkName))
        default: nil
        }
    }
}
