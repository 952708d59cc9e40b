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
        var service = Service(
            name: name ?? suggestedName(report) ?? "", linkName: linkName, auth: .oauth2(settings), apiBase: Self.origin(base),
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

    /// A name for people: the resource metadata's `resource_name`, else the host of the resource (or the issuer)
    /// when it is a name (`auth.example.com`); nil for an address (`127.0.0.1`, `localhost`), which names no service.
    public static func suggestedName(_ report: DiscoveryReport) -> String? {
        if let given = report.resource?.name?.trimmingCharacters(in: .whitespaces), !given.isEmpty,
            NameRules.nameProblem(given, kind: "Service") == nil
        {
            return given
        }
        let base = report.resource?.resource ?? report.server.issuer
        guard let host = URL(string: base)?.host?.lowercased(), host.contains("."), host != "localhost",
            host.contains(where: \.isLetter), !host.hasPrefix("[")
        else { return nil }
        return host
    }

    static func origin(_ text: String) -> String {
        guard let url = URL(string: text), let origin = Origin(url) else { return text }
        return origin.description
    }
}
