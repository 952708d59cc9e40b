import Foundation

/// A connection's OAuth 1.0a side: the consumer (the connection's own, else the service's), the service's URLs with
/// `{placeholders}` filled, and the signed requests of the three-legged flow (RFC 5849 §2).
public struct OAuth1Client: Sendable {
    public var settings: OAuth1Settings
    public var consumerKey: String
    public var consumerSecret: String
    let http: HTTPClient

    public init(service: Service, connection: Connection, http: HTTPClient = HTTPClient()) throws(ConnectError) {
        guard var settings = service.auth.oauth1 else { throw .notOAuth1(service: service.name) }
        if let missing = ConnectionValidator.missingClient(connection, service: service) { throw missing }
        let values = connection.placeholderValues
        for name in service.parameters where values[name] == nil {
            throw .missingParameter(name: name, connection: connection.linkName)
        }
        let urls = [settings.requestTokenURL, settings.authorizeURL, settings.accessTokenURL]
        if let misfit = service.placeholderProblems(values, in: urls).first {
            throw .placeholderDoesNotFit(misfit, linkName: connection.linkName)
        }
        settings.requestTokenURL = URLRules.fill(settings.requestTokenURL, with: values)
        settings.authorizeURL = URLRules.fill(settings.authorizeURL, with: values)
        settings.accessTokenURL = URLRules.fill(settings.accessTokenURL, with: values)
        self.settings = settings
        let own = !connection.clientID.isEmpty
        consumerKey = own ? connection.clientID : settings.consumerKey
        consumerSecret = (own ? connection.clientSecret : settings.consumerSecret)?.exposedValue ?? ""
        self.http = http
    }

    func signer(token: String? = nil, secret: String? = nil) -> OAuth1Signer {
        OAuth1Signer(
            consumerKey: consumerKey, consumerSecret: consumerSecret, token: token, tokenSecret: secret, method: settings.signatureMethod)
    }

    /// Temporary credentials (§2.1), with `callback` as `oauth_callback` (a loopback URI, or `oob`).
    func requestToken(callback: String) async throws(ConnectError) -> (token: String, secret: String) {
        let fields = try await post(
            settings.requestTokenURL, label: "Request token URL", signer: signer(), extra: [KeyValue("oauth_callback", callback)])
        guard let token = fields["oauth_token"], let secret = fields["oauth_token_secret"] else {
            throw .unreadableResponse(
                status: 200, contentType: "application/x-www-form-urlencoded", excerpt: "no oauth_token in the request token answer")
        }
        try TokenResponse.checkToken(token, field: "oauth_token")
        try TokenResponse.checkToken(secret, field: "oauth_token_secret")
        return (token, secret)
    }

    /// Where the user approves the temporary credentials (§2.2).
    func authorizeURL(token: String) throws(ConnectError) -> URL {
        let text = RequestURL.appendingQuery(settings.authorizeURL, [KeyValue("oauth_token", token)] + settings.authorizeParams)
        guard let url = URL(string: text), url.scheme != nil else { throw .invalidURL(label: "Authorize URL", url: settings.authorizeURL) }
        return url
    }

    /// Token credentials (§2.3); other answer fields (e.g. `user_id`) are kept as extras.
    func accessToken(token: String, secret: String, verifier: String) async throws(ConnectError) -> TokenSet {
        var fields = try await post(
            settings.accessTokenURL, label: "Access token URL", signer: signer(token: token, secret: secret),
            extra: [KeyValue("oauth_verifier", verifier)])
        guard let access = fields.removeValue(forKey: "oauth_token"), let accessSecret = fields.removeValue(forKey: "oauth_token_secret")
        else {
            throw .unreadableResponse(
                status: 200, contentType: "application/x-www-form-urlencoded", excerpt: "no oauth_token in the access token answer")
        }
        try TokenResponse.checkToken(access, field: "oauth_token")
        try TokenResponse.checkToken(accessSecret, field: "oauth_token_secret")
        return TokenSet(
            accessToken: Secret(access), tokenSecret: Secret(accessSecret), tokenType: "OAuth1",
            extra: fields.mapValues { TerminalText.safe($0) })
    }

    private func post(_ urlText: String, label: String, signer: OAuth1Signer, extra: [KeyValue]) async throws(ConnectError) -> [String:
        String]
    {
        guard let url = URL(string: urlText), url.scheme != nil else { throw .invalidURL(label: label, url: urlText) }
        let parameters = signer.sign(method: "POST", url: url, extra: extra)
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [
                KeyValue("Authorization", OAuth1Signer.authorizationHeader(parameters)),
                KeyValue("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: Data(), timeout: 30)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw .network(error)
        }
        let text = String(decoding: response.body, as: UTF8.self)
        guard (200..<300).contains(response.status) else {
            throw .provider(
                error: TerminalText.safe(text.isEmpty ? "HTTP \(response.status)" : text), description: nil, status: response.status)
        }
        var fields: [String: String] = [:]
        for pair in FormEncoding.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) { fields[pair.key] = pair.value }
        return fields
    }
}
