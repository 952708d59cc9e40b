import Foundation

extension Authorizer {
    /// Runs the service's after-connect lookups and stores what they found with the tokens. A lookup that fails
    /// leaves the connection connected and says what is missing.
    func runLookups(_ service: Service, tokens: TokenSet, linkName: String) async -> (TokenSet, warning: LookupFailure?) {
        var tokens = tokens
        for lookup in service.afterConnect {
            do {
                let found = try await Self.lookup(lookup, token: tokens.accessToken, http: http)
                if let misfit = service.placeholderProblems(tokens.extra.merging(found) { $1 }).first(where: { found[$0.name] != nil }) {
                    throw ConnectError.providerValueDoesNotFit(misfit)
                }
                tokens.extra.merge(found) { $1 }
            } catch {
                return (tokens, LookupFailure(linkName: linkName, fields: lookup.fields.map(\.key), url: lookup.url, reason: "\(error)"))
            }
        }
        return (tokens, nil)
    }

    static func lookup(_ lookup: AfterConnectLookup, token: Secret, http: HTTPClient) async throws -> [String: String] {
        guard let url = URL(string: lookup.url), url.scheme != nil else {
            throw ConnectError.invalidURL(label: "After-connect URL", url: lookup.url)
        }
        let headers = [KeyValue("Authorization", lookup.tokenPrefix + " " + token.exposedValue), KeyValue("Accept", "application/json")]
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: "GET", url: url, headers: headers, timeout: 30))
        } catch {
            throw ConnectError.network(error)
        }
        guard response.status < 400, let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw ConnectError.unreadableResponse(
                status: response.status, contentType: response.contentType, excerpt: TokenResponse.excerpt(response.body))
        }
        var found: [String: String] = [:]
        for field in lookup.fields {
            guard let value = json[field.value] else {
                throw ConnectError.unreadableResponse(
                    status: response.status, contentType: response.contentType, excerpt: "no '\(field.value)' in the answer")
            }
            found[field.key] = TerminalText.safe("\(value)")
        }
        return found
    }
}
