import Foundation

/// What the user needs to see while a connection is being authorized.
public enum AuthorizationEvent: Sendable, Equatable {
    /// Open this URL; `launched` names the browser started, or `notLaunched` says why none was.
    case openURL(URL, launched: String?, notLaunched: String?)
    case deviceCode(DeviceAuthorization)
    case exchangingCode
    /// What was pasted was not this sign-in's redirect (wrong state, no code); paste again.
    case pasteRejected(String)
}

public struct ConnectOptions: Sendable {
    /// Do not launch a browser; the user opens the URL and may paste the redirect back.
    public var noBrowser = false
    /// Use the device flow even when the grant is authorization code.
    public var device = false
    public var timeout: Duration = .seconds(300)
    /// Supplies what the user pasted (the redirect URL or the code); nil when nothing will be pasted.
    public var pasted: (@Sendable () async -> String?)?

    public init(noBrowser: Bool = false, device: Bool = false, timeout: Duration = .seconds(300), pasted: (@Sendable () async -> String?)? = nil) {
        self.noBrowser = noBrowser
        self.device = device
        self.timeout = timeout
        self.pasted = pasted
    }
}

/// Runs a connection's OAuth 2 flow to the end ("Create and Connect", "Reconnect") and stores the tokens.
public struct Authorizer: Sendable {
    public let workspace: Workspace
    let http: HTTPClient
    let browser: BrowserLauncher

    public init(workspace: Workspace, http: HTTPClient = HTTPClient(), browser: BrowserLauncher = BrowserLauncher()) {
        self.workspace = workspace
        self.http = http
        self.browser = browser
    }

    public func connect(_ linkName: String, options: ConnectOptions = ConnectOptions(), events: @escaping @Sendable (AuthorizationEvent) -> Void) async throws -> Connection {
        var connection = try workspace.connection(linkName)
        let service = try workspace.service(connection.serviceLinkName)
        let client = try OAuth2Client(service: service, connection: connection)
        let endpoint = TokenEndpoint(client: client, http: http)
        var tokens: TokenSet
        if options.device || client.settings.grant == .deviceCode {
            guard !client.settings.deviceAuthorizationURL.isEmpty else {
                throw ConnectError.invalidURL(label: "Device authorization URL", url: "(none set for \(service.name))")
            }
            let authorization = try await endpoint.startDeviceAuthorization()
            events(.deviceCode(authorization))
            tokens = try await endpoint.pollDeviceToken(authorization)
        } else if client.settings.grant == .clientCredentials {
            tokens = try await endpoint.clientCredentials()
        } else {
            tokens = try await authorizationCode(client: client, service: service, endpoint: endpoint, options: options, events: events)
        }
        tokens.extra = tokens.keptExtras(for: service)
        try workspace.store.saveAuthorization(linkName, tokens: tokens, status: .connected)
        connection.tokens = tokens
        connection.storedStatus = .connected
        return connection
    }

    private func authorizationCode(
        client: OAuth2Client, service: Service, endpoint: TokenEndpoint, options: ConnectOptions,
        events: @escaping @Sendable (AuthorizationEvent) -> Void
    ) async throws -> TokenSet {
        let port = client.settings.redirectPort ?? OAuth2Settings.defaultRedirectPort
        let pending = PendingState()
        let listener = try await LoopbackListener.start(port: port) { query in
            guard let request = pending.request else { return CallbackPage(success: false, message: "No sign-in is in progress.") }
            do {
                _ = try request.code(fromQuery: query)
                return CallbackPage(success: true, message: "\(service.name) is connected.")
            } catch {
                return CallbackPage(success: false, message: String(describing: error))
            }
        }
        let request = try AuthorizationRequest(client: client, redirectURI: listener.redirectURI)
        pending.request = request
        let notLaunched = options.noBrowser ? "--no-browser was given" : browser.reasonNotToLaunch
        let launched = notLaunched == nil ? browser.open(request.url.absoluteString) : nil
        events(.openURL(request.url, launched: launched, notLaunched: notLaunched ?? (launched == nil ? "no browser command was found" : nil)))

        let pasted = options.pasted.map { read in
            { @Sendable () async throws -> String? in
                while let text = await read() {
                    do {
                        return try request.code(fromPasted: text)
                    } catch ConnectError.stateMismatch, ConnectError.callbackMissingCode {
                        events(.pasteRejected("That is not the address this sign-in ends on (its state differs, or it has no code). Paste the whole URL from the browser's address bar."))
                    }
                }
                return nil
            }
        }
        let outcome = try await firstAnswer(listener: listener, timeout: options.timeout, pasted: pasted)
        let code: String
        var redirectExtras: [String: String] = [:]
        switch outcome {
        case .callback(let query):
            code = try request.code(fromQuery: query)
            for field in service.tokenFields { if let value = query[field] { redirectExtras[field] = value } }
        case .pasted(let pastedCode):
            code = pastedCode
        }
        events(.exchangingCode)
        var tokens = try await endpoint.exchange(code: code, redirectURI: request.redirectURI, verifier: request.pkce?.verifier)
        tokens.extra.merge(redirectExtras) { $1 }
        return tokens
    }

    private enum Answer: Sendable {
        case callback([String: String])
        case pasted(String)
    }

    /// Whichever comes first: the browser's redirect to the listener, or the user pasting it.
    private func firstAnswer(listener: LoopbackListener, timeout: Duration, pasted: (@Sendable () async throws -> String?)?) async throws -> Answer {
        try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask { .callback(try await listener.callback(timeout: timeout)) }
            if let pasted {
                group.addTask { try await pasted().map(Answer.pasted) }
            }
            defer {
                group.cancelAll()
                listener.close()
            }
            while let answer = try await group.next() {
                if let answer { return answer }
            }
            throw ConnectError.cancelled
        }
    }
}

/// The request the listener checks callbacks against; set once the listener's port is known.
private final class PendingState: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: AuthorizationRequest?

    var request: AuthorizationRequest? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

extension TokenSet {
    /// Token-response fields commonly needed later, kept whatever the service declares.
    static let usefulExtras: Set = ["instance_url", "api_domain", "realmId"]

    /// The extras worth storing: those the service declares as token fields, and the common ones.
    func keptExtras(for service: Service) -> [String: String] {
        extra.filter { service.tokenFields.contains($0.key) || Self.usefulExtras.contains($0.key) }
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
                    outcome.note = "The provider could not be told (\(error)); the tokens were removed here. Revoke the app's access in your \(service.name) account settings too."
                }
            } else {
                outcome.note = "\(service.name) has no revocation endpoint; the tokens were removed here. To end the grant, remove the app's access in your \(service.name) account settings."
            }
        }
        try workspace.store.saveAuthorization(linkName, tokens: nil, status: .disconnected)
        return outcome
    }
}
