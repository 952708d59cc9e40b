import Foundation

/// A client this program registered for itself (RFC 7591), and how to manage it later (RFC 7592).
public struct RegisteredClient: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: Secret?
    public var registrationAccessToken: Secret?
    public var registrationClientURI: String?
    public var authMethod: String
}

/// RFC 7591 dynamic registration as a native app: the loopback redirect URI, authorization code and refresh token,
/// no secret when the server allows public clients (PKCE protects the code), else a secret sent as the server
/// prefers. `client_name` says it is Connections on this user and host.
public struct ClientRegistration: Sendable {
    let http: HTTPClient

    public init(http: HTTPClient = HTTPClient()) { self.http = http }

    public static func clientName(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let user = AccountName.current(environment: environment)
        return "Connections (\(user)@\(ProcessInfo.processInfo.hostName))"
    }

    /// The auth method asked for: `none` when offered, else the first secret method we can use.
    static func authMethod(offered: [String]) -> String {
        if offered.contains("none") { return "none" }
        return offered.first { $0 == "client_secret_basic" || $0 == "client_secret_post" } ?? "client_secret_basic"
    }

    /// RFC 7591 client metadata of a native app with a loopback redirect.
    static func nativeClientMetadata(
        redirectURI: String, scopes: [String], authMethod: String, clientName: String = clientName()
    ) -> [String: Any] {
        var document: [String: Any] = [
            "client_name": clientName, "redirect_uris": [redirectURI], "application_type": "native",
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"], "token_endpoint_auth_method": authMethod,
        ]
        if !scopes.isEmpty { document["scope"] = scopes.joined(separator: " ") }
        return document
    }

    public func register(
        at endpoint: String, redirectURI: String, scopes: [String], offeredAuthMethods: [String], clientName: String = clientName()
    ) async throws -> RegisteredClient {
        let url = try Discovery.allowed(endpoint)
        let method = Self.authMethod(offered: offeredAuthMethods)
        let document = Self.nativeClientMetadata(redirectURI: redirectURI, scopes: scopes, authMethod: method, clientName: clientName)
        let body = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        var request = HTTPRequest(
            method: "POST", url: url, headers: [KeyValue("Content-Type", "application/json"), KeyValue("Accept", "application/json")],
            body: body, timeout: 20)
        request.maximumBody = Discovery.maximumDocument
        let response = try await http.send(request)
        guard response.status == 201 || response.status == 200, let object = Discovery.object(response.body),
            let clientID = object["client_id"] as? String, !clientID.isEmpty
        else {
            throw DiscoveryError.registrationFailed(status: response.status, message: ProviderMessage.from(response))
        }
        let client = RegisteredClient(
            clientID: clientID, clientSecret: (object["client_secret"] as? String).map(Secret.init),
            registrationAccessToken: (object["registration_access_token"] as? String).map(Secret.init),
            registrationClientURI: object["registration_client_uri"] as? String,
            authMethod: object["token_endpoint_auth_method"] as? String ?? method)
        if let problem = Self.managementProblem(client, endpoint: url) {
            throw DiscoveryError.registrationUnusable(endpoint: endpoint, reason: problem, deleted: false)
        }
        if let problem = ClientIDRules.problem(clientID) {
            var settings = OAuth2Settings()
            settings.registrationClientURI = client.registrationClientURI
            settings.registrationAccessToken = client.registrationAccessToken
            let deleted = (try? await delete(settings)) ?? false
            throw DiscoveryError.registrationUnusable(endpoint: endpoint, reason: "its client_id " + problem, deleted: deleted)
        }
        return client
    }

    /// RFC 7592 management happens where the client was registered: the registration access token is sent to the
    /// `registration_client_uri`, so another origin (or this machine, for a remote server) is refused.
    static func managementProblem(_ client: RegisteredClient, endpoint: URL) -> String? {
        guard let uri = client.registrationClientURI else { return nil }
        let shown = TerminalText.safe(uri, limit: 200)
        guard let registrationOrigin = Origin(endpoint), let url = URL(string: uri), Origin(url) == registrationOrigin else {
            let origin = Origin(endpoint)?.description ?? endpoint.absoluteString
            return "its registration_client_uri \(shown) is not on \(origin), where the client was registered"
        }
        return nil
    }

    /// RFC 7592 §2.3: deletes the registration; true when the server did (or had nothing to delete).
    public func delete(_ settings: OAuth2Settings) async throws -> Bool {
        guard let uri = settings.registrationClientURI, let token = settings.registrationAccessToken, let url = URL(string: uri) else {
            return false
        }
        _ = try Discovery.allowed(uri)
        if let endpoint = settings.registrationEndpoint, let origin = Origin(endpoint), Origin(url) != origin {
            throw DiscoveryError.notAllowed(
                url: uri, reason: "not on \(origin), where the client was registered, so the registration access token is not sent there")
        }
        let response = try await http.send(
            HTTPRequest(method: "DELETE", url: url, headers: [KeyValue("Authorization", "Bearer " + token.exposedValue)], timeout: 20))
        return response.status == 204 || response.status == 200 || response.status == 404
    }
}

/// A registration the server would not delete; nothing was deleted here either.
public struct RegistrationNotDeleted: Error, CustomStringConvertible {
    public var service: String
    public var uri: String
    public var reason: String

    public var description: String {
        "The client registration of \(service) at \(uri) was not deleted (\(reason)); nothing was deleted. Try again, or delete the "
            + "service here only with --keep-remote (the client then stays registered at the server)."
    }
}

extension Workspace {
    /// Deletes a custom service; a client this program registered for it is deleted at the server first (RFC 7592)
    /// unless `keepRemote`. Returns what was done.
    public func deleteService(_ linkName: String, keepRemote: Bool, http: HTTPClient = HTTPClient()) async throws -> String {
        if try store.deleteIfChangedOutside(service: linkName) {
            return "Deleted service \(linkName), which was changed outside Connections; its registration was not deleted at the server."
        }
        guard let service = try store.customService(linkName) else {
            try deleteService(linkName)  // says why: a catalog service, or no such service
            return "Deleted service \(linkName)."
        }
        if try store.connectionSummaries().contains(where: { $0.serviceLinkName == linkName }) {
            try deleteService(linkName)  // refuses, naming the connections that use it
        }
        var done = "Deleted service \(linkName)."
        if !keepRemote, let settings = service.auth.oauth2, let uri = settings.registrationClientURI,
            settings.registrationAccessToken != nil
        {
            let deleted: Bool
            do {
                deleted = try await ClientRegistration(http: http).delete(settings)
            } catch {
                throw RegistrationNotDeleted(service: service.name, uri: uri, reason: "\(error)")
            }
            guard deleted else { throw RegistrationNotDeleted(service: service.name, uri: uri, reason: "the server refused") }
            done = "Deleted the client registration at \(uri) and the service \(linkName)."
        }
        try deleteService(linkName)
        return done
    }
}
