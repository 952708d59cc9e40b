import Foundation
@testable import ConnectionsCore

/// The django-oauth-toolkit server of Tests/servers/oauth2, started on 127.0.0.1 for the tests.
final class OAuth2TestServer: @unchecked Sendable {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("servers/oauth2")

    let server: BackgroundServer
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    /// One server shared by the tests that do not count requests.
    static let shared: Result<OAuth2TestServer, any Error> = Result { try OAuth2TestServer() }

    init(accessTokenSeconds: Int = 3600, refreshGraceSeconds: Int = 0, oidcOnly: Bool = false) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["ACCESS_TOKEN_SECONDS"] = String(accessTokenSeconds)
        environment["REFRESH_GRACE_SECONDS"] = String(refreshGraceSeconds)
        if oidcOnly { environment["OIDC_ONLY"] = "1" }
        server = try BackgroundServer(
            try SnippetExecutionTests.python(), [Self.directory.appendingPathComponent("server.py").path], environment: environment)
        struct Ready: Decodable { let port: Int }
        guard let ready = try? JSONDecoder().decode(Ready.self, from: Data(server.readyLine.utf8)) else {
            throw SnippetExecutionTests.SetupError("the OAuth 2 test server did not start: \(server.readyLine)")
        }
        port = ready.port
    }

    /// A service file for one of the server's registered clients.
    func serviceYAML(
        link: String, clientID: String, secret: String?, grant: String = "authorization_code", extra: String = "",
        allowedHosts: [String] = []
    ) -> String {
        """
        name: Test \(link)
        link_name: \(link)
        auth: oauth2
        api_base: \(base)
        \(allowedHosts.isEmpty ? "" : "allowed_hosts: [" + allowedHosts.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        oauth2:
          grant: \(grant)
          client_id: \(clientID)
        \(secret.map { "  client_secret: \($0)\n" } ?? "")  authorize_url: \(base)/o/authorize/
          token_url: \(base)/o/token/
          revoke_url: \(base)/o/revoke_token/
          device_authorization_url: \(base)/o/device-authorization/
          scopes: [read, write]
          redirect_port: 0
        \(extra)
        """
    }

    /// How many token requests of each grant type the server has answered.
    func tokenRequests() throws -> [String: Int] {
        let result = try ChildProcess.run("/usr/bin/curl", ["-sS", base + "/test/stats"])
        return (try? JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))) ?? [:]
    }

    /// Calls the bearer-protected endpoint; returns the HTTP status and the JSON body.
    func me(token: String) throws -> (status: Int, body: [String: Any]) {
        let answer = try ChildProcess.curl(["-H", "Authorization: Bearer \(token)", base + "/api/me"])
        return (answer.status, (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8))) as? [String: Any] ?? [:])
    }

    /// Posts a form to the token endpoint as another client would; returns status and body.
    func postToken(_ form: [String: String]) throws -> (status: Int, body: String) {
        try ChildProcess.curl(form.flatMap { ["--data-urlencode", "\($0.key)=\($0.value)"] } + [base + "/o/token/"])
    }
}
