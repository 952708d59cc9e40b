/// What a user can do about a failure, as data: each front end words it, the CLI as a command or a flag, the
/// terminal UI as its keys.
public enum Remedy: Sendable, Equatable {
    /// Connect (again): sign in, or give the credentials.
    case connect(linkName: String)
    /// Give the connection a value for a parameter.
    case setParameter(linkName: String, name: String)
    /// Give the connection the client ID (or consumer key) of an app registered at the provider.
    case giveClient(linkName: String)
    /// Connect again, allowing the sign-in more time.
    case allowMoreTime
    /// Connect again without a browser: open the sign-in URL anywhere and paste the address it ends on.
    case pasteRedirect
    /// Delete the connection without revoking it at the provider first.
    case deleteKeepingRemote(linkName: String)
    /// Give the discovered service the client ID of an app registered by hand, or store it without a client.
    case giveClientOrSkipRegistration
    /// Choose another link name: this one is taken.
    case pickAnotherLinkName
    /// Let the service's credentials go to one more host (a pre-built service cannot change: a copy of it can).
    case allowHost(serviceLinkName: String, host: String, isCatalog: Bool)
    /// Delete a stored connection or service that was changed outside Connections and create it again.
    case recreate(kind: String, linkName: String)
    /// Replace a stored service that fails a check with a corrected one, or delete it.
    case replaceService(linkName: String)
    /// Look at the connections (or services) there are.
    case listAll(kind: String)

    /// The remedy in words that name no front end's keys or flags (logs, hook events, a library's caller).
    public var plainWords: String {
        switch self {
        case .connect(let linkName): "Connect \(linkName) again."
        case .setParameter(let linkName, let name): "Give connection \(linkName) a value for '\(name)'."
        case .giveClient(let linkName): "Give connection \(linkName) the client ID (and secret) of the app you registered."
        case .allowMoreTime: "Connect again, allowing more time if the provider or the approval needs it."
        case .pasteRedirect: "Connect again, or connect without a browser and paste the address the sign-in ends on."
        case .deleteKeepingRemote(let linkName):
            "Try again, or delete \(linkName) without revoking it and remove the app's access in your account settings."
        case .giveClientOrSkipRegistration: "Give the client ID of an app registered at the provider, or store the service without one."
        case .pickAnotherLinkName: "Choose another link name."
        case .allowHost(let service, let host, let isCatalog):
            isCatalog
                ? "\(service) is pre-built and cannot change: allow \(host) in a copy of it under a link name of your own."
                : "Add \(host) to the allowed hosts of service \(service)."
        case .recreate(let kind, let linkName): "Delete \(kind) \(linkName) and create it again, or restore the store from a backup."
        case .replaceService(let linkName): "Replace service \(linkName) with a corrected one, or delete it."
        case .listAll(let kind): "Check the link name against the list of \(kind)s."
        }
    }
}

/// An error that says what went wrong (`problem`) apart from what to do about it (`remedy`), so that each front end
/// words the remedy its own way.
public protocol RemediableError: Error, CustomStringConvertible {
    /// What went wrong, without what to do about it.
    var problem: String { get }
    var remedy: Remedy? { get }
}

extension RemediableError {
    public var description: String { problem + (remedy.map { " " + $0.plainWords } ?? "") }
}
