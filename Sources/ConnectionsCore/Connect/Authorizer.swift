import Foundation

/// What the user needs to see while a connection is being authorized.
public enum AuthorizationEvent: Sendable, Equatable {
    /// Open this URL; `launched` names the browser started, or `notLaunched` says why none was.
    case openURL(URL, launched: String?, notLaunched: String?)
    case deviceCode(DeviceAuthorization)
    case exchangingCode
    /// What was pasted was not this sign-in's redirect (wrong state, no code); paste again.
    case pasteRejected(String)
    /// Something to know while waiting (a forged redirect was refused).
    case warning(String)
    /// Connected, but an after-connect lookup failed: `fields` are missing until set by hand or a new connect.
    case lookupFailed(LookupFailure)
}

/// An after-connect lookup that failed; each front end says how to fill the fields in its own terms.
public struct LookupFailure: Sendable, Equatable {
    public var linkName: String
    public var fields: [String]
    public var url: String
    public var reason: String

    public init(linkName: String, fields: [String], url: String, reason: String) {
        self.linkName = linkName
        self.fields = fields
        self.url = url
        self.reason = reason
    }

    /// The part both front ends share: what is missing and why.
    public var description: String {
        "Connected, but \(fields.joined(separator: ", ")) could not be read from \(url): \(reason)"
    }
}

public struct ConnectOptions: Sendable {
    /// Do not launch a browser; the user opens the URL and may paste the redirect back.
    public var noBrowser = false
    /// Use the device flow even when the grant is authorization code.
    public var device = false
    public var timeout: Duration = .seconds(300)
    /// Supplies what the user pasted (the redirect URL or the code); nil when nothing will be pasted.
    public var pasted: (@Sendable () async -> String?)?

    public init(
        noBrowser: Bool = false, device: Bool = false, timeout: Duration = .seconds(300), pasted: (@Sendable () async -> String?)? = nil
    ) {
        self.noBrowser = noBrowser
        self.device = device
        self.timeout = timeout
        self.pasted = pasted
    }
}

/// Signs a connection in and out: its OAuth 2 or OAuth 1 flow to the end ("Create and Connect", "Reconnect"), the tokens
/// stored with the after-connect lookups and the account; API key and Basic credentials (`storeCredentials`); revoke
/// and delete.
public struct Authorizer: Sendable {
    public let workspace: Workspace
    let http: HTTPClient
    let browser: BrowserLauncher

    public init(workspace: Workspace, http: HTTPClient = HTTPClient(), browser: BrowserLauncher = BrowserLauncher()) {
        self.workspace = workspace
        self.http = http
        self.browser = browser
    }

    /// The whole flow, from the first request to the stored tokens, within `options.timeout`. Structured: when
    /// it ends early (timeout, cancel), it returns only once the flow has wound down and its listener is closed.
    public func connect(
        _ linkName: String, options: ConnectOptions = ConnectOptions(), events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> Connection {
        let timeout = options.timeout
        do {
            return try await withThrowingTaskGroup(of: Connection.self) { group in
                group.addTask { try await self.connectWithoutDeadline(linkName, options: options, events: events) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw ConnectError.flowTimedOut(seconds: Int(timeout.components.seconds))
                }
                defer { group.cancelAll() }
                guard let connection = try await group.next() else { throw ConnectError.cancelled }
                return connection
            }
        } catch is CancellationError {
            throw ConnectError.cancelled
        }
    }

    private func connectWithoutDeadline(
        _ linkName: String, options: ConnectOptions, events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> Connection {
        var connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        switch ConnectPlan.plan(for: connection, service: service) {
        case .askCredentials: throw ConnectError.needsCredentials(linkName: linkName, type: service.auth.type.displayName)
        case .cannotStart(let missing): throw missing
        case .authorize: break
        }
        var tokens =
            if case .oauth1 = service.auth {
                try await oauth1(
                    OAuth1Client(service: service, connection: connection, http: http), service: service, options: options, events: events)
            } else {
                try await oauth2(service: service, connection: connection, options: options, events: events)
            }
        let values = connection.placeholderValues.merging(tokens.extra) { _, fresh in fresh }
        if let misfit = service.placeholderProblems(values).first(where: { service.providerFields.contains($0.name) }) {
            throw ConnectError.providerValueDoesNotFit(misfit)
        }
        tokens.extra = tokens.keptExtras(for: service)
        let account = try await idTokenAccount(tokens, service: service, connection: connection)
        tokens.idToken = nil
        let signedIn = tokens
        let member = workspace.member
        try workspace.store.modifyConnection(linkName) { stored in
            stored.tokens = signedIn
            stored.storedStatus = .connected
            if let member { stored.authorizedBy = member }
            // A new sign-in: what was remembered of the last one is gone with it.
            stored.health = ConnectionHealth()
            stored.health.account = account
            stored.health.refreshed(at: Date(), tokens: signedIn, service: service)
        }
        if !service.afterConnect.isEmpty {
            let (completed, warning) = await runLookups(service, tokens: tokens, linkName: linkName)
            if let warning { events(.lookupFailed(warning)) }
            tokens = completed
            try workspace.store.saveAuthorization(linkName, tokens: tokens, status: .connected)
        }
        return try await learnAccount(linkName, service: service, events: events) ?? workspace.connection(linkName)
    }

    /// Runs the service's whoami, when it has one, to record who the connection is signed in as (beside what its ID
    /// token said); says so when another connection of the service is signed in to the same account. A failing whoami
    /// is a warning: the sign-in stands.
    func learnAccount(
        _ linkName: String, service: Service, events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> Connection? {
        var connection = try workspace.connection(linkName)
        if service.whoami != nil {
            let report = await HealthCheck(workspace: workspace, http: http).check(linkName)
            if let problem = report.problem, connection.health.account == nil {
                events(.warning("Connected, but who it is signed in as is not known: \(problem)"))
            }
            connection = report.connection ?? connection
        }
        guard let account = connection.health.account else { return connection }
        let twins = try workspace.store.connectionSummaries().filter {
            $0.linkName != linkName && $0.serviceLinkName == service.linkName && $0.health.account == account
        }
        if !twins.isEmpty {
            events(
                .warning(
                    "\(linkName) is signed in as \(account), as \(twins.map(\.linkName).joined(separator: ", ")) already is: "
                        + "two connections to one account."))
        }
        return connection
    }

    /// The account an OpenID Connect ID token names, once checked (`IDToken`); nil when the tokens came without one,
    /// or the service knows no issuer and keys to check it with. One that fails its check stops the sign-in.
    func idTokenAccount(_ tokens: TokenSet, service: Service, connection: Connection) async throws -> String? {
        guard let token = tokens.idToken, let settings = service.auth.oauth2, let issuer = settings.issuer, let keys = settings.jwksURL
        else { return nil }
        let clientID = try OAuth2Client(service: service, connection: connection).clientID
        guard let url = try? Discovery.allowed(keys) else { throw ConnectError.idTokenRefused(.unreadableKeys, issuer: issuer) }
        var request = HTTPRequest(method: "GET", url: url, headers: [KeyValue("Accept", "application/json")], timeout: 30)
        request.maximumBody = 1 << 20
        guard let response = try? await http.send(request), (200..<300).contains(response.status) else {
            throw ConnectError.idTokenRefused(.unreadableKeys, issuer: issuer)
        }
        do {
            return try IDToken.verified(token, issuer: issuer, clientID: clientID, keys: response.body).account
        } catch {
            throw ConnectError.idTokenRefused(error, issuer: issuer)
        }
    }

    private func oauth2(
        service: Service, connection: Connection, options: ConnectOptions, events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> TokenSet {
        let client = try OAuth2Client(service: service, connection: connection)
        let endpoint = TokenEndpoint(client: client, http: http)
        if options.device || client.settings.grant == .deviceCode {
            guard !client.settings.deviceAuthorizationURL.isEmpty else {
                throw ConnectError.invalidURL(label: "Device authorization URL", url: "(none set for \(service.name))")
            }
            let authorization = try await endpoint.startDeviceAuthorization()
            events(.deviceCode(authorization))
            return try await endpoint.pollDeviceToken(authorization)
        }
        if client.settings.grant == .clientCredentials { return try await endpoint.clientCredentials() }

        let listener = try await Self.listen(client.settings, service: service, events: events)
        defer { listener.close() }
        let request = try AuthorizationRequest(client: client, redirectURI: listener.redirectURI)
        listener.expect { _ = try request.code(fromQuery: $0) }
        let browser = openBrowser(request.url, options: options, events: events)
        let answer: RedirectWait.Answer
        do {
            answer = try await listener.answer(options: options, browser: browser, events: events) { try request.code(fromPasted: $0) }
        } catch ConnectError.browserFailed(let name, let status) {
            let refusal = await AuthorizationRefusal.check(request.url, redirectURI: request.redirectURI, http: http)
            throw refusal ?? ConnectError.browserFailed(name: name, status: status)
        }
        let code: String
        var redirectExtras: [String: String] = [:]
        switch answer {
        case .callback(let query):
            code = try request.code(fromQuery: query)
            for field in service.callbackFields { if let value = query[field] { redirectExtras[field] = value } }
        case .pasted(let pastedCode):
            code = pastedCode
        }
        events(.exchangingCode)
        var tokens = try await endpoint.exchange(code: code, redirectURI: request.redirectURI, verifier: request.pkce?.verifier)
        tokens.extra.merge(redirectExtras) { fromTokenResponse, _ in fromTokenResponse }
        return tokens
    }

    /// The listener on the service's redirect port. A port registered with the client (by discovery) cannot be swapped
    /// for another when it is busy, and the message says so.
    private static func listen(
        _ settings: OAuth2Settings, service: Service, events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> RedirectWait {
        let port = settings.redirectPort ?? OAuth2Settings.defaultRedirectPort
        do {
            return try await RedirectWait.listen(port: port, serviceName: service.name, events: events)
        } catch ConnectError.portInUse(let busy) where settings.registrationEndpoint != nil && settings.redirectPort == busy {
            throw ConnectError.registeredPortInUse(port: busy, service: service.name)
        }
    }

    /// RFC 5849 §2: temporary credentials, the user's approval in the browser, then token credentials. Without a
    /// browser the callback is `oob` and the user pastes the verifier (or the URL the browser ended on).
    private func oauth1(
        _ client: OAuth1Client, service: Service, options: ConnectOptions, events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> TokenSet {
        let remote = options.noBrowser || browser.reasonNotToLaunch != nil
        let listener =
            remote
            ? nil
            : try await RedirectWait.listen(
                port: client.settings.redirectPort ?? OAuth2Settings.defaultRedirectPort, serviceName: service.name, events: events)
        defer { listener?.close() }
        let temporary = try await client.requestToken(callback: listener?.redirectURI ?? "oob")
        listener?.expect { _ = try OAuth1Callback.verifier(fromQuery: $0, token: temporary.token) }
        let url = try client.authorizeURL(token: temporary.token)
        let verifier: String
        if let listener {
            let browser = openBrowser(url, options: options, events: events)
            switch try await listener.answer(
                options: options, browser: browser, events: events,
                parsePasted: { try OAuth1Callback.verifier(fromPasted: $0, token: temporary.token) })
            {
            case .callback(let query): verifier = try OAuth1Callback.verifier(fromQuery: query, token: temporary.token)
            case .pasted(let pasted): verifier = pasted
            }
        } else {
            events(.openURL(url, launched: nil, notLaunched: options.noBrowser ? "--no-browser was given" : browser.reasonNotToLaunch))
            guard let pasted = options.pasted,
                let answer = try await RedirectWait.pastedAnswer(
                    pasted, events: events, parse: { try OAuth1Callback.verifier(fromPasted: $0, token: temporary.token) })
            else { throw ConnectError.cancelled }
            verifier = answer
        }
        events(.exchangingCode)
        return try await client.accessToken(token: temporary.token, secret: temporary.secret, verifier: verifier)
    }

    private func openBrowser(_ url: URL, options: ConnectOptions, events: @escaping @Sendable (AuthorizationEvent) -> Void)
        -> BrowserLauncher.Launched?
    {
        let notLaunched = options.noBrowser ? "--no-browser was given" : browser.reasonNotToLaunch
        let launched = notLaunched == nil ? browser.open(url.absoluteString) : nil
        events(
            .openURL(url, launched: launched?.name, notLaunched: notLaunched ?? (launched == nil ? "no browser command was found" : nil)))
        return launched
    }
}

extension TokenSet {
    /// Token-response fields commonly needed later, kept whatever the service declares.
    static let usefulExtras: Set = ["instance_url", "api_domain", "realmId"]

    /// The extras worth storing: those the service declares as token or callback fields, and the common ones, but
    /// none that does not fit a place it fills in the service's URLs.
    func keptExtras(for service: Service) -> [String: String] {
        let misfits = Set(service.placeholderProblems(extra).map(\.name))
        return extra.filter { field in
            (service.providerFields.contains(field.key) || Self.usefulExtras.contains(field.key)) && !misfits.contains(field.key)
        }
    }
}

/// What `revoke` did.
public struct RevokeOutcome: Sendable, Equatable {
    /// The provider was told; false when it has no revocation endpoint or the call failed.
    public var revokedAtProvider: Bool
    /// A sentence for the user when the provider was not (or could not be) told.
    public var note: String?
}

extension Authorizer {
    /// Whether deleting this connection first revokes its grant at the provider (it holds tokens, and the service
    /// has a revocation endpoint).
    public static func deleteRevokesFirst(_ connection: Connection, service: Service) -> Bool {
        connection.tokens != nil && !(service.auth.oauth2?.revokeURL.isEmpty ?? true)
    }

    /// Deletes a connection; when it can be revoked at the provider, that comes first (`keepRemote` skips it), and
    /// a revocation that fails deletes nothing, so the grant is never left behind unnoticed. Returns what was done.
    public func delete(_ linkName: String, keepRemote: Bool) async throws -> String {
        if try workspace.store.deleteIfChangedOutside(connection: linkName) {
            return "Deleted connection \(linkName), which was changed outside Connections; the provider was not told."
        }
        let connection = try workspace.connection(linkName)
        var revoked = false
        let service = try workspace.service(connection.serviceLinkName)
        if !keepRemote, Self.deleteRevokesFirst(connection, service: service), let tokens = connection.tokens {
            do {
                try await TokenEndpoint(client: try OAuth2Client(service: service, connection: connection), http: http).revoke(tokens)
                revoked = true
            } catch {
                throw ConnectError.revokeBeforeDeleteFailed(linkName: linkName, reason: "\(error)")
            }
        }
        try workspace.deleteConnection(linkName)
        return revoked ? "Revoked \(linkName) at the provider and deleted it." : "Deleted connection \(linkName)."
    }

    /// Revokes at the provider when it has an endpoint (RFC 7009), and wipes the stored tokens either way.
    public func revoke(_ linkName: String) async throws -> RevokeOutcome {
        let connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        var outcome = RevokeOutcome(revokedAtProvider: false, note: nil)
        if let tokens = connection.tokens {
            if let settings = service.auth.oauth2, !settings.revokeURL.isEmpty {
                do {
                    try await TokenEndpoint(client: try OAuth2Client(service: service, connection: connection), http: http).revoke(tokens)
                    outcome.revokedAtProvider = true
                } catch {
                    outcome.note =
                        "The provider could not be told (\(error)); the tokens were removed here. Revoke the app's access in your "
                        + "\(service.name) account settings too."
                }
            } else {
                outcome.note =
                    "\(service.name) has no revocation endpoint; the tokens were removed here. To end the grant, remove the app's access "
                    + "in your \(service.name) account settings."
            }
        }
        try workspace.store.saveAuthorization(linkName, tokens: nil, status: .disconnected)
        return outcome
    }
}
