import Foundation

/// A Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document, as the MCP authorization spec
/// uses it): the user publishes this client's metadata at an https URL of their own, and that URL is the client
/// ID. No registration at the server, no secret: a public native client with PKCE.
public enum ClientMetadataDocument {
    /// Checks that `url` can be a client ID and that the server accepts such client IDs.
    public static func check(_ url: String, server: ServerMetadata) throws(DiscoveryError) {
        guard let components = URLComponents(string: url), components.scheme == "https", components.host?.isEmpty == false,
            components.path.count > 1, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw .clientMetadataURLInvalid(url)
        }
        guard server.clientIDMetadataDocumentSupported else { throw .clientMetadataNotAccepted(issuer: server.issuer) }
    }

    /// The document to publish at `url`.
    public static func document(for url: String, redirectURI: String, scopes: [String]) -> Data {
        var document = ClientRegistration.nativeClientMetadata(redirectURI: redirectURI, scopes: scopes, authMethod: "none")
        document["client_id"] = url
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data()
    }

    /// The service with `url` as its client ID: public, no secret, the loopback redirect on any port.
    public static func applying(_ url: String, to service: Service) -> Service {
        guard case .oauth2(var settings) = service.auth else { return service }
        var service = service
        settings.clientID = url
        settings.clientSecret = nil
        settings.clientAuth = .body
        settings.redirectPort = 0
        service.auth = .oauth2(settings)
        return service
    }
}
