import Foundation

/// Why no sign-in page came back: the authorization request is sent again, without a browser, to see whether the
/// server answers it with an error (an unregistered redirect URI, an unknown client) instead of a page or a redirect.
enum AuthorizationRefusal {
    static func check(_ url: URL, redirectURI: String, http: HTTPClient) async -> ConnectError? {
        let request = HTTPRequest(method: "GET", url: url, headers: [KeyValue("Accept", "application/json, text/html")], timeout: 10)
        guard let response = try? await http.send(request), response.status >= 400 else { return nil }
        return .authorizationRefused(status: response.status, message: ProviderMessage.from(response), redirectURI: redirectURI)
    }
}
