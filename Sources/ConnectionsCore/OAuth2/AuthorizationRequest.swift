import Foundation

/// One authorization-code attempt: the URL to open, and what the callback must match.
public struct AuthorizationRequest: Sendable {
    public let url: URL
    public let state: String
    public let pkce: PKCE?
    public let redirectURI: String
    /// RFC 9207: the issuer an authorization response must name, and whether it must name one at all.
    let issuer: String?
    let issuerRequired: Bool

    public init(client: OAuth2Client, redirectURI: String, state: String = PKCE.randomToken(), pkce: PKCE? = PKCE()) throws(ConnectError) {
        guard var components = URLComponents(string: client.settings.authorizeURL), components.host != nil else {
            throw .invalidURL(label: "Authorize URL", url: client.settings.authorizeURL)
        }
        var pairs = [
            KeyValue("response_type", "code"), KeyValue("client_id", client.clientID), KeyValue("redirect_uri", redirectURI),
        ]
        if let scope = client.scopeParameter { pairs.append(KeyValue("scope", scope)) }
        pairs.append(KeyValue("state", state))
        pairs += client.resourceParameter
        let pkce = client.settings.pkce ? pkce : nil
        if let pkce {
            pairs += [KeyValue("code_challenge", pkce.challenge), KeyValue("code_challenge_method", pkce.method)]
        }
        let ours = Set(pairs.map(\.key))
        pairs += client.settings.authorizeParams.filter { !ours.contains($0.key) }
        let existing = components.percentEncodedQuery.map { $0 + "&" } ?? ""
        components.percentEncodedQuery = existing + FormEncoding.encode(pairs)
        guard let url = components.url else { throw .invalidURL(label: "Authorize URL", url: client.settings.authorizeURL) }
        self.url = url
        self.state = state
        self.pkce = pkce
        self.redirectURI = redirectURI
        issuer = client.settings.issuer
        issuerRequired = client.settings.issuerInResponses == true
    }

    /// The code from a callback's query, after checking its state and error.
    public func code(fromQuery query: [String: String]) throws(ConnectError) -> String {
        if let error = query["error"] {
            let description = query["error_description"].map { TerminalText.safe($0) }
            guard query["state"] == state else { throw .stateMismatch }
            throw .denied(reason: TerminalText.safe(error) + (description.map { ": " + $0 } ?? ""))
        }
        guard query["state"] == state else { throw .stateMismatch }
        try checkIssuer(query["iss"])
        guard let code = query["code"], !code.isEmpty else { throw .callbackMissingCode }
        return code
    }

    /// RFC 9207 §2.4, the mix-up defence: an `iss` in the response must be the stored issuer, and a server that said
    /// it sends one must have sent it. A service without a stored issuer (typed in by hand) has nothing to compare.
    func checkIssuer(_ iss: String?) throws(ConnectError) {
        guard let issuer else { return }
        if let iss, iss != issuer { throw .issuerMismatch(expected: issuer, got: TerminalText.safe(iss, limit: 200)) }
        if iss == nil, issuerRequired { throw .issuerMismatch(expected: issuer, got: "none") }
    }

    /// What the user pasted: the whole redirect URL, or its query, or just the code (trusted only without a state).
    public func code(fromPasted text: String) throws(ConnectError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("=") {
            let query = trimmed.split(separator: "?", maxSplits: 1).last.map(String.init) ?? trimmed
            return try code(fromQuery: Self.query(query.split(separator: "#").first.map(String.init) ?? query))
        }
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else { throw .callbackMissingCode }
        return trimmed
    }

    /// A redirect's query as `application/x-www-form-urlencoded` ('+' is a space); the first of repeated names wins.
    static func query(_ percentEncoded: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in FormEncoding.decode(percentEncoded) where result[pair.key] == nil { result[pair.key] = pair.value }
        return result
    }
}
