import Foundation

/// RFC 8414 authorization server metadata (OpenID Connect discovery uses the same names), as far as we use it.
public struct ServerMetadata: Sendable, Equatable {
    public var issuer: String
    public var authorizationEndpoint: String?
    public var tokenEndpoint: String?
    public var revocationEndpoint: String?
    public var deviceAuthorizationEndpoint: String?
    public var registrationEndpoint: String?
    /// OpenID Connect: the signing keys of its ID tokens, and who the user is.
    public var jwksURI: String?
    public var userinfoEndpoint: String?
    public var scopesSupported: [String]
    public var tokenEndpointAuthMethods: [String]
    /// Nil when the server says nothing of PKCE.
    public var codeChallengeMethods: [String]?
    /// RFC 9207: the server puts `iss` in its authorization responses.
    public var issParameterSupported: Bool
    /// Client ID Metadata Documents: an https URL may stand for the client ID.
    public var clientIDMetadataDocumentSupported: Bool

    /// Every endpoint the metadata names, where this program would send requests later.
    var endpoints: [String] {
        [
            authorizationEndpoint, tokenEndpoint, revocationEndpoint, deviceAuthorizationEndpoint, registrationEndpoint, jwksURI,
            userinfoEndpoint,
        ].compactMap { $0 }
    }

    init(json object: [String: Any]) throws(DiscoveryError) {
        guard let issuer = object["issuer"] as? String, !issuer.isEmpty else { throw .unreadable("the metadata names no issuer") }
        self.issuer = issuer
        authorizationEndpoint = object["authorization_endpoint"] as? String
        tokenEndpoint = object["token_endpoint"] as? String
        revocationEndpoint = object["revocation_endpoint"] as? String
        deviceAuthorizationEndpoint = object["device_authorization_endpoint"] as? String
        registrationEndpoint = object["registration_endpoint"] as? String
        jwksURI = object["jwks_uri"] as? String
        userinfoEndpoint = object["userinfo_endpoint"] as? String
        scopesSupported = object["scopes_supported"] as? [String] ?? []
        tokenEndpointAuthMethods = object["token_endpoint_auth_methods_supported"] as? [String] ?? ["client_secret_basic"]
        codeChallengeMethods = object["code_challenge_methods_supported"] as? [String]
        issParameterSupported = object["authorization_response_iss_parameter_supported"] as? Bool ?? false
        clientIDMetadataDocumentSupported = object["client_id_metadata_document_supported"] as? Bool ?? false
    }
}

/// RFC 9728 protected resource metadata: which authorization servers issue tokens for this resource.
public struct ResourceMetadata: Sendable, Equatable {
    public var resource: String
    public var authorizationServers: [String]
    public var scopesSupported: [String]
    /// `resource_name`: the resource's name for people, when it gives one.
    public var name: String?

    init(json object: [String: Any]) throws(DiscoveryError) {
        guard let resource = object["resource"] as? String, !resource.isEmpty else { throw .unreadable("the metadata names no resource") }
        self.resource = resource
        name = object["resource_name"] as? String
        authorizationServers = object["authorization_servers"] as? [String] ?? []
        scopesSupported = object["scopes_supported"] as? [String] ?? []
    }
}

/// Why discovery or registration stopped; nothing was stored.
public enum DiscoveryError: RemediableError, Sendable, Equatable {
    case notAllowed(url: String, reason: String)
    case unreadable(String)
    case nothingFound(tried: [String])
    case issuerMismatch(expected: String, found: String)
    case noS256(issuer: String, offered: [String])
    case noServer(resource: String)
    case registrationFailed(status: Int, message: String)
    case clientMetadataURLInvalid(String)
    case clientMetadataNotAccepted(issuer: String)
    case pointsAtThisMachine(url: String, from: String)
    case resourceMismatch(document: String, resource: String, expected: String)
    /// The server registered a client whose answer cannot be kept; `deleted` when its registration was deleted again.
    case registrationUnusable(endpoint: String, reason: String, deleted: Bool)
    case notCustomOAuth2(String)

    public var problem: String {
        switch self {
        case .notAllowed(let url, let reason): "Not fetched: \(url): \(reason)."
        case .unreadable(let reason): "The discovery document could not be used: \(reason)."
        case .nothingFound(let tried):
            "No authorization server metadata was found. Steps: " + tried.joined(separator: "; ")
                + ". Give the issuer's URL, or fill in the Custom Service form by hand."
        case .issuerMismatch(let expected, let found):
            "The metadata fetched for \(expected) says its issuer is \(found) (RFC 8414 §3.3 wants them identical): "
                + "refused, nothing stored."
        case .noS256(let issuer, let offered):
            "\(issuer) does not offer PKCE with S256 (it lists "
                + "\(offered.isEmpty ? "no method" : offered.joined(separator: ", "))): refused, since a loopback client must use it."
        case .noServer(let resource): "\(resource) names no authorization server in its metadata."
        case .registrationFailed(let status, let message):
            "Client registration failed (HTTP \(status))\(message.isEmpty ? "" : ": " + message)."
        case .clientMetadataURLInvalid(let url):
            "\(url) cannot be a client ID: a Client ID Metadata Document's URL is https with a host and a path, "
                + "and no fragment or user name."
        case .clientMetadataNotAccepted(let issuer):
            "\(issuer) does not accept Client ID Metadata Documents (its metadata lacks client_id_metadata_document_supported: true). "
                + "Leave out --client-metadata-url to register a client, or give --client-id."
        case .pointsAtThisMachine(let url, let from):
            "Not fetched: \(url) is on this machine, and discovery from \(from), which is not, may not lead here (a remote document "
                + "could make this program call a local service). Refused, nothing stored; to discover a local service, give its URL."
        case .resourceMismatch(let document, let resource, let expected):
            "The resource metadata at \(document) names the resource \(resource), not \(expected) (RFC 9728 §3.3 wants the URL it "
                + "was fetched for): refused, nothing stored."
        case .notCustomOAuth2(let linkName): "\(linkName) is not a custom OAuth 2 service; discover a new one instead."
        case .registrationUnusable(let endpoint, let reason, let deleted):
            "The client registered at \(endpoint) cannot be kept: \(reason). Nothing was stored; "
                + (deleted
                    ? "the registration was deleted at the server again."
                    : "the client stays registered there: remove it in the server's console.")
        }
    }

    public var remedy: Remedy? {
        if case .registrationFailed = self { .giveClientOrSkipRegistration } else { nil }
    }
}
