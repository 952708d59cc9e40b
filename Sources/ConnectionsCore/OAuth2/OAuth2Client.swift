/// A connection's OAuth 2 settings made concrete: the service's settings with the connection's own client and
/// its `{placeholders}` filled in.
public struct OAuth2Client: Sendable {
    public var settings: OAuth2Settings
    public var clientID: String
    public var clientSecret: Secret?
    public var scopes: [String]

    public init(service: Service, connection: Connection) throws(ConnectError) {
        guard var settings = service.auth.oauth2 else { throw .notOAuth2(service: service.name) }
        if let missing = ConnectionValidator.missingClient(connection, service: service) { throw missing }
        let values = connection.placeholderValues
        for name in service.parameters where values[name] == nil {
            throw .missingParameter(name: name, connection: connection.linkName)
        }
        let urls = [settings.authorizeURL, settings.tokenURL, settings.refreshURL, settings.revokeURL, settings.deviceAuthorizationURL]
        if let misfit = service.placeholderProblems(values, in: urls).first {
            throw .placeholderDoesNotFit(misfit, linkName: connection.linkName)
        }
        func fill(_ url: String) -> String { URLRules.fill(url, with: values) }
        settings.authorizeURL = fill(settings.authorizeURL)
        settings.tokenURL = fill(settings.tokenURL)
        settings.refreshURL = fill(settings.refreshURL)
        settings.revokeURL = fill(settings.revokeURL)
        settings.deviceAuthorizationURL = fill(settings.deviceAuthorizationURL)
        self.settings = settings
        clientID = connection.clientID.isEmpty ? settings.clientID : connection.clientID
        clientSecret = connection.clientID.isEmpty ? settings.clientSecret : connection.clientSecret
        if clientSecret?.isEmpty == true { clientSecret = nil }
        scopes = connection.scopes
    }

    /// RFC 8707's `resource`, for the authorization and token requests.
    public var resourceParameter: [KeyValue] {
        guard let resource = settings.resource, !resource.isEmpty else { return [] }
        return [KeyValue("resource", resource)]
    }

    public var scopeParameter: String? {
        scopes.isEmpty ? nil : scopes.joined(separator: settings.scopeDelimiter.separator)
    }
}
