/// RFC 7009 token revocation.
extension TokenEndpoint {
    /// Revokes the refresh token first (which ends the grant at most providers), then the access token.
    public func revoke(_ tokens: TokenSet) async throws(ConnectError) {
        var targets: [(Secret, String)] = []
        if let refresh = tokens.refreshToken { targets.append((refresh, "refresh_token")) }
        targets.append((tokens.accessToken, "access_token"))
        for (token, hint) in targets {
            let response = try await send(
                url: client.settings.revokeURL, label: "Revoke URL",
                form: [KeyValue("token", token.exposedValue), KeyValue("token_type_hint", hint)])
            guard (200..<300).contains(response.status) else {
                let fields = try? TokenResponse.fields(of: response)
                throw .provider(
                    error: (fields?["error"] as? String).map { TerminalText.safe($0) } ?? "revocation_failed",
                    description: (fields?["error_description"] as? String).map { TerminalText.safe($0) }, status: response.status)
            }
        }
    }
}
