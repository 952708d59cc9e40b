import Foundation
import Testing
@testable import ConnectionsCore

/// OpenID Connect against django-oauth-toolkit as a provider: the ID token that comes with the tokens names the
/// account once its signature (the issuer's published keys), issuer, audience and expiry are checked; one that fails
/// a check stops the sign-in, and nothing is stored.
@Suite struct IDTokenTests {
    static func serviceYAML(_ server: OAuth2TestServer, link: String, tokenPath: String = "/o/token/") -> String {
        """
        name: OIDC \(link)
        link_name: \(link)
        auth: oauth2
        api_base: \(server.base)
        oauth2:
          client_id: confidential-app
          client_secret: confidential-secret
          authorize_url: \(server.base)/o/authorize/
          token_url: \(server.base)\(tokenPath)
          issuer: \(server.base)/o
          jwks_url: \(server.base)/o/.well-known/jwks.json
          scopes: [openid]
          redirect_port: 0
        """
    }

    @Test func theIDTokenNamesTheAccount() throws {
        let server = try OAuth2TestServer(oidcOnly: true)
        let cli = CLI()
        try cli.importService(Self.serviceYAML(server, link: "oidc"))
        _ = try cli.ok("new", "oidc", "--name", "Mine")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status == 0 && connect.stdout.contains("signed in as alice"), "\(connect.stdout)\(connect.stderr)")
        #expect(try cli.json("show", "mine")["account"] as? String == "alice")
    }

    /// Discovery with `openid` asked for: the keys and the userinfo endpoint come with the service.
    @Test func discoveryKeepsTheKeysAndTheUserinfoEndpoint() throws {
        let server = try OAuth2TestServer(oidcOnly: true)
        let cli = CLI()
        _ = try cli.ok("service", "discover", server.base + "/o", "--name", "Provider", "--scope", "openid")
        let exported = try cli.ok("service", "export", "provider")
        #expect(exported.contains("jwks_url: \(server.base)/o/.well-known/jwks.json"), "\(exported)")
        #expect(exported.contains("\(server.base)/o/userinfo/"), "\(exported)")
        _ = try cli.ok("new", "provider", "--name", "Mine", "--client-id", "confidential-app")
        _ = try cli.run(["edit", "mine", "--client-secret-stdin"], input: "confidential-secret\n")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status == 0, "\(connect.stderr)")
        let status = try cli.run("status", "mine")
        #expect(status.status == 0 && status.stdout.contains("alice"), "\(status.stdout)\(status.stderr)")
    }

    @Test(arguments: [
        ("forged", "may be forged"), ("expired", "it expired at"), ("other-audience", "issued for another client"),
    ])
    func aBadIDTokenStopsTheSignIn(_ name: String, _ reason: String) throws {
        let server = try OAuth2TestServer(oidcOnly: true)
        let cli = CLI()
        try cli.importService(Self.serviceYAML(server, link: "oidc", tokenPath: "/hostile/\(name)-id-token/token"))
        _ = try cli.ok("new", "oidc", "--name", "Mine")
        let connect = try cli.run(["connect", "mine"], environment: try CLI.browser())
        #expect(connect.status != 0, "\(connect.stdout)")
        #expect(connect.stderr.contains("The ID token \(server.base)/o gave") && connect.stderr.contains(reason), "\(connect.stderr)")
        #expect(!connect.stderr.contains("mallory") && !connect.stdout.contains("mallory"))
        let shown = try cli.json("show", "mine")
        #expect(shown["status"] as? String == "not_connected" && shown["account"] is NSNull, "\(shown)")
    }
}
