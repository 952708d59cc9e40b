import Foundation

/// A custom service made from what discovery found: endpoints, issuer, resource, scopes, client authentication.
public enum DiscoveredService {
    public static func make(_ report: DiscoveryReport, name: String?, linkName: String, scopes: [String]) -> Service {
        let server = report.server
        var settings = OAuth2Settings()
        settings.grant = server.authorizationEndpoint == nil ? .clientCredentials : .authorizationCode
        settings.authorizeURL = server.authorizationEndpoint ?? ""
        settings.tokenURL = server.tokenEndpoint ?? ""
        settings.revokeURL = server.revocationEndpoint ?? ""
        settings.deviceAuthorizationURL = server.deviceAuthorizationEndpoint ?? ""
        settings.registrationEndpoint = server.registrationEndpoint
        settings.issuer = server.issuer
        settings.jwksURL = server.jwksURI
        settings.issuerInResponses = server.issParameterSupported ? true : nil
        settings.resource = report.resource?.resource
        settings.scopes = scopes
        settings.pkce = true
        settings.clientAuth =
            server.tokenEndpointAuthMethods.contains("client_secret_post") || server.tokenEndpointAuthMethods.contains("none")
            ? .body : .basic
        let base = report.resource?.resource ?? server.issuer
        let host = URL(string: base)?.host ?? base
        var service = Service(
            name: name ?? host, linkName: linkName, auth: .oauth2(settings), apiBase: Self.origin(base),
            notes: "Discovered from \(base) (issuer \(server.issuer)).")
        service.origin = .custom
        if scopes.contains("openid"), let userinfo = server.userinfoEndpoint {
            service.whoami = AccountCheck(url: userinfo, accountFields: IDToken.accountClaims)
        }
        return service
    }

    /// The client registered for this service; its redirect port stays the one registered.
    public static func applying(_ client: RegisteredClient, to service: Service) -> Service {
        guard case .oauth2(var settings) = service.auth else { return service }
        var service = service
        settings.clientID = client.clientID
        settings.clientSecret = client.clientSecret
        settings.registrationAccessToken = client.registrationAccessToken
        settings.registrationClientURI = client.registrationClientURI
        settings.clientAuth = client.authMethod == "client_secret_basic" ? .basic : .body
        service.auth = .oauth2(settings)
        return service
    }

    static func origin(_ text: String) -> String {
        guard let url = URL(string: text), let origin = Origin(url) else { return text }
        return origin.description
    }
}
