/// Why connecting, refreshing or revoking did not work, in words a user can act on.
/// Text that came from a provider is stripped of control characters before it gets here.
public enum ConnectError: RemediableError, Sendable, Equatable {
    case notOAuth2(service: String)
    case notOAuth1(service: String)
    case noCredentialsToGive(service: String, type: String)
    case missingClient(service: String, what: String, linkName: String, redirectURI: String?)
    case emptyCredential(label: String, service: String)
    case unsafeCredential(label: String)
    case missingParameter(name: String, connection: String)
    case placeholderDoesNotFit(PlaceholderProblem, linkName: String)
    case providerValueDoesNotFit(PlaceholderProblem)
    case invalidURL(label: String, url: String)
    case provider(error: String, description: String?, status: Int)
    case unreadableResponse(status: Int, contentType: String, excerpt: String)
    case network(HTTPError)
    case stateMismatch
    case idTokenRefused(IDTokenProblem, issuer: String)
    case issuerMismatch(expected: String, got: String)
    case denied(reason: String)
    case callbackMissingCode
    case timedOut(seconds: Int)
    case flowTimedOut(seconds: Int)
    case browserFailed(name: String, status: Int)
    case revokeBeforeDeleteFailed(linkName: String, reason: String)
    case portInUse(port: Int)
    case registeredPortInUse(port: Int, service: String)
    case authorizationRefused(status: Int, message: String, redirectURI: String)
    case listenerFailed(String)
    case cancelled
    case notConnected(linkName: String, status: String)
    case needsReconnect(linkName: String, reason: String)
    case deviceCodeExpired
    case noRefreshToken(linkName: String)
    case store(StoreError)
    case needsCredentials(linkName: String, type: String)
    case invalidLifetime(field: String, value: String)
    case invalidToken(field: String)

    public var problem: String {
        switch self {
        case .notOAuth2(let service): "\(service) does not use OAuth 2."
        case .notOAuth1(let service): "\(service) does not use OAuth 1."
        case .noCredentialsToGive(let service, let type):
            "\(service) uses \(type), which signs in through the provider: connect it instead of giving credentials."
        case .missingClient(let service, let what, _, let redirectURI):
            "\(service) has no \(what) of its own: it needs the one of the app you registered at \(service)."
                + (redirectURI.map { " Redirect URI to register there: \($0)" } ?? "")
        case .emptyCredential(let label, let service): "\(label) is empty: \(service) needs it."
        case .unsafeCredential(let label): "\(label) holds a line break or another control character; give it again without one."
        case .missingParameter(let name, let connection): "Connection \(connection) has no value for '\(name)'."
        case .placeholderDoesNotFit(let problem, _): problem.description
        case .providerValueDoesNotFit(let problem):
            "The provider's answer does not fit: \(problem) Nothing was stored; connect again, and report this to the provider if it "
                + "repeats."
        case .invalidURL(let label, let url): "\(label) '\(url)' is not a valid URL; fix the service definition."
        case .provider(let error, let description, let status):
            "The provider refused (HTTP \(status)): \(error)" + (description.map { ": \($0)" } ?? "") + Self.hint(for: error)
        case .unreadableResponse(let status, let contentType, let excerpt):
            "The provider answered HTTP \(status) with \(contentType.isEmpty ? "no content type" : contentType), not a token: \(excerpt)"
        case .network(let error): error.description
        case .issuerMismatch(let expected, let got):
            "The sign-in answer came from issuer \(got), not \(expected) (RFC 9207): refused as a possible mix-up; nothing was stored."
        case .idTokenRefused(let problem, let issuer):
            "The ID token \(issuer) gave with the tokens was refused: \(problem). Nothing was stored; connect again, and if it "
                + "happens again, check the service's issuer and jwks_url."
        case .stateMismatch:
            "The redirect carried a different state than the one sent: it was not the answer to this request (possible forgery). Nothing "
                + "was stored; connect again."
        case .denied(let reason): "Authorization was not granted: \(reason)"
        case .callbackMissingCode: "The redirect carried neither a code nor an error; paste the full URL the browser ended on."
        case .timedOut(let seconds): "No answer from the browser within \(seconds) s."
        case .flowTimedOut(let seconds): "Connecting took longer than \(seconds) s and was stopped."
        case .revokeBeforeDeleteFailed(let linkName, let reason):
            "\(linkName) was not deleted: revoking it at the provider first failed (\(reason))."
        case .browserFailed(let name, let status):
            "The browser command \(name) failed (exit status \(status)), so the sign-in page did not open. Fix $BROWSER, or:"
        case .portInUse(let port):
            "Port \(port) on 127.0.0.1 is in use, so the redirect cannot be received. Close what uses it, or set another redirect_port on "
                + "the service (and register that URI at the provider)."
        case .registeredPortInUse(let port, let service):
            "Port \(port) on 127.0.0.1 is in use, and \(service) registered its client with the redirect URI "
                + "http://127.0.0.1:\(port)/callback, which a server that matches redirect URIs exactly accepts on no other port. Close "
                + "what listens there (`ss -ltnp 'sport = :\(port)'` names it) and connect again."
        case .authorizationRefused(let status, let message, let redirectURI):
            "The authorization server answered the sign-in request with HTTP \(status) instead of a sign-in page"
                + (message.isEmpty ? "." : ": \(message).") + " " + Self.likelyCause(of: message, redirectURI: redirectURI)
        case .listenerFailed(let reason): "Cannot listen for the redirect: \(reason)"
        case .cancelled: "Cancelled."
        case .notConnected(let linkName, let status): "Connection \(linkName) is \(status)."
        case .needsReconnect(let linkName, let reason): "Connection \(linkName) needs to be connected again (\(reason))."
        case .deviceCodeExpired: "The device code expired before it was approved; connect again."
        case .noRefreshToken(let linkName): "The token of \(linkName) expired and the provider gave no refresh token."
        case .store(let error): error.problem
        case .invalidLifetime(let field, let value):
            "The provider's answer gave \(field) = \(value), which is not a number of seconds (finite, not negative). Nothing was stored; "
                + "connect again, and report this to the provider if it repeats."
        case .invalidToken(let field):
            "The provider's \(field) holds characters a token may not contain (RFC 6749 allows printable ASCII only: no line breaks or "
                + "control characters). Nothing was stored."
        case .needsCredentials(let linkName, let type): "\(linkName) uses \(type), and its credentials are not given yet."
        }
    }

    public var remedy: Remedy? {
        switch self {
        case .missingClient(_, _, let linkName, _): .giveClient(linkName: linkName)
        case .missingParameter(let name, let linkName): .setParameter(linkName: linkName, name: name)
        case .placeholderDoesNotFit(let problem, let linkName): .setParameter(linkName: linkName, name: problem.name)
        case .timedOut, .browserFailed: .pasteRedirect
        case .flowTimedOut: .allowMoreTime
        case .store(let error): error.remedy
        case .revokeBeforeDeleteFailed(let linkName, _): .deleteKeepingRemote(linkName: linkName)
        case .notConnected(let linkName, _), .needsReconnect(let linkName, _), .noRefreshToken(let linkName),
            .needsCredentials(let linkName, _):
            .connect(linkName: linkName)
        default: nil
        }
    }

    /// What an authorization endpoint's refusal most likely means, from the words of its message.
    private static func likelyCause(of message: String, redirectURI: String) -> String {
        let words = message.lowercased()
        if words.contains("redirect") || words.isEmpty {
            return "The likely cause: the redirect URI \(redirectURI) is not one registered for this client (some servers match it "
                + "exactly, port included). Register that URI at the provider; a service registered by discovery before "
                + "it kept its port is registered again by deleting it and discovering it again."
        }
        if words.contains("client") {
            return "The likely cause: the server does not know this client ID (its registration was deleted or expired). Give the "
                + "connection a client ID the server knows, or discover the service again to register a new client."
        }
        return "The likely cause: a parameter of the request (client ID, redirect URI \(redirectURI), scopes or resource) is not one "
            + "the server accepts for this client."
    }

    private static func hint(for error: String) -> String {
        switch error {
        case "invalid_client": ". Check the client ID and secret, and the client authentication (body or basic)."
        case "invalid_grant": ". The code or refresh token is no longer valid; connect again."
        case "invalid_scope": ". Ask for fewer or other scopes."
        case "unauthorized_client": ". This client may not use this grant type; check the app's settings at the provider."
        case "redirect_uri_mismatch": ". Register at the provider the redirect URI the service shows."
        default: "."
        }
    }
}
