import Foundation

/// Requests to a service's token endpoint: code exchange, refresh, client credentials, device code.
public struct TokenEndpoint: Sendable {
    public let client: OAuth2Client
    let http: HTTPClient
    var timeout: TimeInterval = 30

    public init(client: OAuth2Client, http: HTTPClient = HTTPClient()) {
        self.client = client
        self.http = http
    }

    public func exchange(code: String, redirectURI: String, verifier: String?) async throws(ConnectError) -> TokenSet {
        var form = [KeyValue("grant_type", "authorization_code"), KeyValue("code", code), KeyValue("redirect_uri", redirectURI)]
        if let verifier { form.append(KeyValue("code_verifier", verifier)) }
        return try await request(url: client.settings.tokenURL, label: "Access token URL", form: form + client.settings.tokenParams)
    }

    public func refresh(_ refreshToken: Secret) async throws(ConnectError) -> TokenSet {
        let form = [KeyValue("grant_type", "refresh_token"), KeyValue("refresh_token", refreshToken.exposedValue)]
        return try await request(
            url: client.settings.effectiveRefreshURL, label: "Refresh token URL", form: form + client.settings.refreshParams)
    }

    public func clientCredentials() async throws(ConnectError) -> TokenSet {
        var form = [KeyValue("grant_type", "client_credentials")]
        if let scope = client.scopeParameter { form.append(KeyValue("scope", scope)) }
        return try await request(url: client.settings.tokenURL, label: "Access token URL", form: form + client.settings.tokenParams)
    }

    public func deviceToken(deviceCode: String) async throws(ConnectError) -> TokenSet {
        let form = [KeyValue("grant_type", "urn:ietf:params:oauth:grant-type:device_code"), KeyValue("device_code", deviceCode)]
        return try await request(url: client.settings.tokenURL, label: "Access token URL", form: form + client.settings.tokenParams)
    }

    /// Every token request names the resource (RFC 8707) when the service has one.
    func request(url: String, label: String, form: [KeyValue]) async throws(ConnectError) -> TokenSet {
        let response = try await send(url: url, label: label, form: form + client.resourceParameter)
        return try TokenResponse.parse(response)
    }

    /// Posts `form` with the client's authentication, in the service's body format.
    func send(url: String, label: String, form: [KeyValue], bearer: Secret? = nil) async throws(ConnectError) -> HTTPResponse {
        guard let target = URL(string: url), target.scheme != nil else { throw .invalidURL(label: label, url: url) }
        var fields = form
        var headers = [KeyValue("Accept", "application/json")]
        switch client.settings.clientAuth {
        case .basic where client.clientSecret != nil:
            // RFC 6749 §2.3.1: both parts form-encoded before Base64.
            let pair = FormEncoding.component(client.clientID) + ":" + FormEncoding.component(client.clientSecret!.exposedValue)
            headers.append(KeyValue("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        default:
            fields.append(KeyValue("client_id", client.clientID))
            if let secret = client.clientSecret { fields.append(KeyValue("client_secret", secret.exposedValue)) }
        }
        if let bearer { headers.append(KeyValue("Authorization", "Bearer " + bearer.exposedValue)) }
        let body: Data
        switch client.settings.tokenRequestFormat {
        case .form:
            headers.append(KeyValue("Content-Type", "application/x-www-form-urlencoded"))
            body = Data(FormEncoding.encode(fields).utf8)
        case .json:
            headers.append(KeyValue("Content-Type", "application/json"))
            body =
                (try? JSONSerialization.data(withJSONObject: Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })))
                ?? Data()
        }
        do {
            return try await http.send(HTTPRequest(method: "POST", url: target, headers: headers, body: body, timeout: timeout))
        } catch {
            throw .network(error)
        }
    }
}
