import Foundation

/// What comes back from an OAuth 1.0a approval: `oauth_token` (the temporary token, checked like OAuth 2's state)
/// and `oauth_verifier`; or a refusal (`denied`, `error`).
enum OAuth1Callback {
    static func verifier(fromQuery query: [String: String], token: String) throws(ConnectError) -> String {
        if let refusal = query["error"] ?? query["denied"].map({ _ in "denied" }) {
            throw .denied(reason: TerminalText.safe(refusal))
        }
        guard query["oauth_token"] == token else { throw .stateMismatch }
        guard let verifier = query["oauth_verifier"], !verifier.isEmpty else { throw .callbackMissingCode }
        return verifier
    }

    /// The whole redirect URL, its query, or the bare verifier a provider showed (`oob`).
    static func verifier(fromPasted text: String, token: String) throws(ConnectError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("="), let query = trimmed.split(separator: "?", maxSplits: 1).last {
            let fields = AuthorizationRequest.query(String(query))
            if fields["oauth_verifier"] != nil || fields["oauth_token"] != nil || fields["error"] != nil || fields["denied"] != nil {
                return try verifier(fromQuery: fields, token: token)
            }
        }
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else { throw .callbackMissingCode }
        return trimmed
    }
}
