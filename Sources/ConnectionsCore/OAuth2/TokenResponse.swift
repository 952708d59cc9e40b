import Foundation

/// Reads what a token endpoint answered, in every shape providers use: RFC 6749 JSON, form-encoded bodies,
/// errors inside HTTP 200 (`{"ok": false}`), HTML error pages.
public enum TokenResponse {
    /// Fields that are part of the token itself, not kept as extras.
    static let known: Set = [
        "access_token", "refresh_token", "token_type", "expires_in", "scope", "ok", "id_token", "refresh_token_expires_in",
        "refresh_expires_in",
    ]

    public static func parse(_ response: HTTPResponse, now: Date = Date()) throws(ConnectError) -> TokenSet {
        let fields = try fields(of: response)
        if let error = fields["error"] as? String {
            throw .provider(
                error: TerminalText.safe(error), description: (fields["error_description"] as? String).map { TerminalText.safe($0) },
                status: response.status)
        }
        if let ok = fields["ok"] as? Bool, !ok {
            throw .provider(error: "unknown_error", description: nil, status: response.status)
        }
        var token = fields
        // Slack gives a user token under authed_user when only user scopes were asked for.
        if token["access_token"] == nil, let user = fields["authed_user"] as? [String: Any], user["access_token"] != nil {
            token = user
        }
        guard (200..<300).contains(response.status), let access = token["access_token"] as? String, !access.isEmpty else {
            throw .unreadableResponse(status: response.status, contentType: response.contentType, excerpt: excerpt(response.body))
        }
        let refresh = (token["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        try checkToken(access, field: "access_token")
        if let refresh { try checkToken(refresh, field: "refresh_token") }
        let lifetime = try Lifetime.seconds(token["expires_in"], field: "expires_in")
        // GitHub, LinkedIn and Microsoft say `refresh_token_expires_in`; Keycloak `refresh_expires_in` (0: no limit).
        var refreshLifetime = try Lifetime.seconds(token["refresh_token_expires_in"], field: "refresh_token_expires_in")
        if refreshLifetime == nil, let keycloak = try Lifetime.seconds(token["refresh_expires_in"], field: "refresh_expires_in"),
            keycloak > 0
        {
            refreshLifetime = keycloak
        }
        var extra: [String: String] = [:]
        for (key, value) in fields where !known.contains(key) && !(value is [String: Any]) && !(value is [Any]) {
            extra[key] = "\(value)"
        }
        var tokens = TokenSet(
            accessToken: Secret(access),
            refreshToken: refresh.map(Secret.init),
            tokenType: (token["token_type"] as? String).map { TerminalText.safe($0, limit: 40) } ?? "Bearer",
            expiresAt: lifetime.map { now.addingTimeInterval($0) }, obtainedAt: now,
            grantedScopes: (token["scope"] as? String).map { $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) },
            extra: extra)
        tokens.refreshExpiresAt = refresh == nil ? nil : refreshLifetime.map { now.addingTimeInterval($0) }
        tokens.idToken = (token["id_token"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        return tokens
    }

    /// The body as a dictionary, JSON or form-encoded, whatever the content type claims.
    static func fields(of response: HTTPResponse) throws(ConnectError) -> [String: Any] {
        if let object = try? JSONSerialization.jsonObject(with: response.body), let dictionary = object as? [String: Any] {
            return dictionary
        }
        let text = String(decoding: response.body, as: UTF8.self)
        if response.contentType.contains("x-www-form-urlencoded") || (!text.contains("<") && text.contains("=") && !text.contains("\n")) {
            var fields: [String: Any] = [:]
            for pair in FormEncoding.decode(text) { fields[pair.key] = pair.value }
            if !fields.isEmpty { return fields }
        }
        throw .unreadableResponse(status: response.status, contentType: response.contentType, excerpt: excerpt(response.body))
    }

    /// RFC 6749 Appendix A: a token is 1*VSCHAR (printable ASCII). Anything else could split a header or reach a
    /// terminal as an escape sequence, so it is refused where it arrives.
    static func checkToken(_ token: String, field: String) throws(ConnectError) {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E }) else { throw .invalidToken(field: field) }
    }

    /// A short, safe glimpse of a body that was not a token: tags dropped, control characters removed.
    static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(2000), as: UTF8.self)
        let untagged = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        let cleaned = TerminalText.safe(untagged, limit: 160)
        return cleaned.isEmpty ? "(empty body)" : cleaned
    }
}
