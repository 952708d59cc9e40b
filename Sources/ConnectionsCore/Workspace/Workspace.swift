import Foundation
import Synchronization

/// What the CLI and the screens call: the catalog and the user's store, behind one set of operations.
public final class Workspace: Sendable {
    public let store: any ConnectionStore
    /// This machine's own files: the config, the user's themes.
    public let location: StoreLocation
    private let loadCatalog: @Sendable () throws -> Catalog
    private let catalogCache: CatalogCache
    /// Whether one catalog service may be read without parsing the whole catalog.
    private let usesBundledCatalog: Bool

    /// Who is acting, for the connections' "created by" and "authorized by"; nil records no one.
    public let member: String?
    /// What to run when a connection starts failing or works again (`hooks:` in the config).
    public let hooks: HealthHooks

    public init(
        store: any ConnectionStore, location: StoreLocation, member: String? = nil, hooks: HealthHooks = HealthHooks(),
        catalog: (@Sendable () throws -> Catalog)? = nil
    ) {
        self.store = store
        self.location = location
        self.member = member
        self.hooks = hooks
        let cache = CatalogCache(load: catalog ?? { try Catalog.bundled() })
        catalogCache = cache
        usesBundledCatalog = catalog == nil
        loadCatalog = { try cache.get() }
    }

    /// The store `--store`, `CONNECTIONS_STORE` or the config's `store:` names (a team store on PostgreSQL), else
    /// the local one in the home directory.
    public convenience init(
        home: String?, store address: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let location = StoreLocation.resolve(home: home, environment: environment)
        let config = try MemberConfig.load(location.configFile)
        let member = config.member(environment: environment)
        let chosen = [address, environment["CONNECTIONS_STORE"], config.store].compactMap { $0 }.first { !$0.isEmpty }
        if let chosen {
            let store = try PostgresStore(address: try PostgresAddress(chosen), environment: environment, keyFile: config.keyFile)
            self.init(store: store, location: location, member: member, hooks: config.hooks)
        } else {
            self.init(
                store: try SQLiteStore(location: location, environment: environment), location: location, member: member,
                hooks: config.hooks)
        }
    }

    public convenience init(store: SQLiteStore, catalog: (@Sendable () throws -> Catalog)? = nil) {
        self.init(store: store, location: store.location, catalog: catalog)
    }

    public func catalog() throws -> Catalog { try loadCatalog() }

    /// Custom services first, then the catalog, each by name.
    public func services() throws -> [Service] {
        try store.customServices() + catalog().services.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    public func service(_ linkName: String) throws -> Service {
        if let custom = try store.customService(linkName) { return custom }
        if usesBundledCatalog, !catalogCache.isLoaded {
            if let builtIn = try Catalog.bundledService(linkName) { return builtIn }
        } else if let builtIn = try catalog().service(linkName) {
            return builtIn
        }
        throw StoreError.notFound(kind: "service", linkName: linkName)
    }

    /// Validates and stores a custom service; `replace` allows overwriting one with the same link name.
    public func saveService(_ service: Service, replace: Bool) throws {
        var service = service
        service.origin = .custom
        try ServiceValidator.validate(service)
        if try catalog().service(service.linkName) != nil { throw StoreError.catalogService(linkName: service.linkName) }
        try store.saveService(service, replace: replace)
    }

    public func importService(yaml: String, file: String, replace: Bool) throws -> Service {
        let service = try ServiceFile.parse(yaml, file: file)
        try saveService(service, replace: replace)
        return service
    }

    public func deleteService(_ linkName: String) throws {
        if try store.customServiceExists(linkName) == false, try catalog().service(linkName) != nil {
            throw StoreError.catalogService(linkName: linkName)
        }
        try store.deleteService(linkName)
    }

    public func connection(_ linkName: String) throws -> Connection {
        guard let connection = try store.connection(linkName) else { throw StoreError.notFound(kind: "connection", linkName: linkName) }
        return connection
    }

    public func suggestedLinkName(for name: String) throws -> String {
        let taken = try store.connectionLinkNames()
        return NameRules.deriveLinkName(from: name, fallback: "connection", taken: taken.contains)
    }

    public func createConnection(_ draft: ConnectionDraft) throws -> Connection {
        let service = try service(draft.serviceLinkName)
        let linkName = try draft.linkName ?? suggestedLinkName(for: draft.name)
        let errors = ConnectionValidator.errors(in: draft, linkName: linkName, service: service)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let connection = Connection(
            name: draft.name.trimmingCharacters(in: .whitespaces), linkName: linkName, serviceLinkName: service.linkName,
            clientID: draft.clientID, clientSecret: draft.clientSecret, scopes: draft.scopes ?? service.auth.oauth2?.scopes ?? [],
            parameters: draft.parameters, createdBy: member)
        try store.insertConnection(connection)
        return connection
    }

    /// Changes what may change after creation: everything but the link name and the service. The change is made to
    /// the row as it is when written and checked there, in the store's transaction: a token refreshed meanwhile by
    /// another process is kept.
    public func editConnection(_ linkName: String, _ change: (inout Connection) -> Void) throws -> Connection {
        // The service never changes, so it is looked up before the transaction.
        let service = try service(try connection(linkName).serviceLinkName)
        return try store.modifyConnection(linkName) { connection in
            change(&connection)
            let errors = ConnectionValidator.errors(
                name: connection.name, linkName: connection.linkName, parameters: connection.parameters, scopes: connection.scopes,
                service: service)
            if !errors.isEmpty { throw ValidationFailure(errors) }
        }
    }

    public func deleteConnection(_ linkName: String) throws {
        try store.deleteConnection(linkName)
    }
}

/// Loads the catalog once, on first use: most commands never need it.
private final class CatalogCache: Sendable {
    private let load: @Sendable () throws -> Catalog
    private let catalog = Mutex<Catalog?>(nil)

    init(load: @escaping @Sendable () throws -> Catalog) { self.load = load }

    var isLoaded: Bool { catalog.withLock { $0 != nil } }

    func get() throws -> Catalog {
        try catalog.withLock { catalog in
            if let catalog { return catalog }
            let loaded = try load()
            catalog = loaded
            return loaded
        }
    }
}
