import Foundation

/// What an error answer of the MCP endpoint means for the client's request, and what to do.
enum MCPAnswerProblem {
    static func describe(_ response: HTTPResponse, linkName: String) -> String {
        let said = ProviderMessage.from(response)
        let detail = said.isEmpty ? "" : ": \(said)"
        switch response.status {
        case 401:
            return "The MCP server refused the token of \(linkName) (HTTP 401) even after a refresh\(detail). Run `connections connect "
                + "\(linkName)` and start the client again."
        case 403:
            if let scope = challengeScope(response) {
                return
                    "The MCP server needs the scope \(scope), which the token of \(linkName) lacks (HTTP 403 insufficient_scope). Add it "
                    + "to the service's scopes and run `connections connect \(linkName)`."
            }
            return "The MCP server refused the request (HTTP 403)\(detail)."
        case 404:
            return "The MCP server answered HTTP 404\(detail): the session ended there, or the endpoint is not this URL. The client should "
                + "initialize again."
        default:
            return "The MCP server answered HTTP \(response.status)\(detail)."
        }
    }

    /// The `scope` a `WWW-Authenticate: Bearer error="insufficient_scope", scope="..."` challenge asks for.
    static func challengeScope(_ response: HTTPResponse) -> String? {
        guard let challenge = response.header("WWW-Authenticate"), challenge.contains("insufficient_scope"),
            let start = challenge.range(of: "scope=\"")
        else { return nil }
        let rest = challenge[start.upperBound...]
        return rest.firstIndex(of: "\"").map { TerminalText.safe(String(rest[..<$0]), limit: 200) }
    }
}
