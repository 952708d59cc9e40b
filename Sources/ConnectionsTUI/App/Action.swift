import ConnectionsCore
import Foundation

/// Everything that can change the state: input, and the results of effects.
public enum Action: Sendable {
    case input(InputEvent)
    case tick(Date)
    case loaded(connections: [ConnectionSummary], services: [Service])
    /// Every service, the catalog's included, once it is parsed.
    case servicesLoaded([Service])
    /// The first screenful of connections, drawn while the rest load; `total` is how many the store holds.
    case firstConnections([ConnectionSummary], total: Int)
    case detailLoaded(Connection, Service)
    /// Where the store stood when the list was read: later changes are looked for from here.
    case marked(ChangeMark)
    /// Connections changed since the mark, here or in another process; `detail` is the open page's connection
    /// read again, when it is among them.
    case changed(ConnectionChanges, detail: Connection?)
    /// The change check found nothing new.
    case unchanged
    /// The change check could not ask the store (the message says why).
    case changeCheckFailed(String)
    /// Another process announced a change (the team store's NOTIFY): check now rather than at the next tick.
    case changesAnnounced
    /// `askCredentials`: Create and Connect on an API key or Basic service opens the credentials form.
    case connectionCreated(Connection, Service, askCredentials: Bool)
    case serviceSaved(Service, openNewConnection: Bool)
    /// What the authorization of `link` needs the user to see.
    case authorization(link: String, AuthorizationEvent)
    case connectFinished(Connection?, message: String, isError: Bool)
    case revoked(Connection?, message: String)
    case tryItFinished(link: String, TryItResponse)
    case deleted(String, message: String)
    /// One connection's check (`v`): whether it works now, and as whom.
    case verified(HealthCheck.Report)
    case notice(String)
    case failed(String)
    /// What discovery found: the service to fill the form with, the steps taken, the scopes the server supports.
    case serviceDiscovered(Service, steps: [String], scopes: [String], authMethods: [String])
    /// Discovery from `url` ended without a service (the message says why).
    case discoveryFailed(url: String, message: String)
    case fieldErrors([FieldError], message: String)
}

/// Work that `update` asks for; the runtime does it off the UI loop and answers with an `Action`.
public enum Effect: Equatable, Sendable {
    /// The start: a screenful of connections first, then all of them and the services.
    case initialLoad(firstPage: Int)
    case reload
    /// At each tick, or when another process announced a change, one at a time: did any connection change since
    /// `mark`? Cheap when nothing did. Answered with `changed`, `unchanged` or `changeCheckFailed`.
    case checkForChanges(ChangeMark, openLink: String?)
    case loadDetail(String)
    case createConnection(ConnectionDraft, connect: Bool)
    case saveService(Service, replace: Bool, openNewConnection: Bool)
    /// Discovery from one URL (RFC 9728 / 8414); answered with `serviceDiscovered` or `failed`.
    case discoverService(String)
    /// Stops the discovery from this URL at once.
    case cancelDiscovery(String)
    /// A discovered service without a client: register one (RFC 7591, as the server's auth methods allow), then save.
    case registerAndSaveService(Service, authMethods: [String], openNewConnection: Bool)
    case connect(String)
    case revoke(String)
    case deleteConnection(String, keepRemote: Bool)
    case copy(String, what: String)
    case cancelConnect(String)
    /// Saves the edit form of an existing connection (its link name stays).
    case updateConnection(String, ConnectionEdit)
    /// API key or Basic values typed into the credentials form.
    case storeCredentials(String, [String: Secret])
    case tryIt(String, APIRequest)
    /// Checks each connection (refresh when needed, then its whoami or verify request), up to 8 at once; each answers
    /// with `verified` as it ends.
    case verify([String])
    case cancelTryIt(String)
    /// The redirect URL (or code) the user pasted while `link` waits for its browser.
    case pasteRedirect(String, text: String)
    case quit
}
