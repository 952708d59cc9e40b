import Foundation

/// Which client a discovered service signs in with.
public enum DiscoveredClient: Sendable, Equatable {
    /// Registered now (RFC 7591) when the server has a registration endpoint; else none.
    case register
    /// The user's own, from the provider's console.
    case own(id: String, secret: Secret?)
    /// The user's https URL stands for the client ID (a Client ID Metadata Document published there).
    case metadataDocument(url: String)
    /// None: each connection brings its own.
    case none
}

/// A discovered service as stored, and how its client came to be.
public struct SavedDiscovery: Sendable {
    public var service: Service
    public var registered: Bool
    /// With `.metadataDocument`: the document to publish at its URL.
    public var clientMetadata: Data?
}

extension Workspace {
    /// Stores a service made from discovery (`DiscoveredService.make`) with the client chosen: the one operation
    /// behind `service discover`, `mcp add` and the TUI's discovery.
    public func saveDiscoveredService(
        _ service: Service, client: DiscoveredClient, offeredAuthMethods: [String], http: HTTPClient = HTTPClient()
    ) async throws -> SavedDiscovery {
        var service = service
        switch client {
        case .register:
            if let endpoint = service.auth.oauth2?.registrationEndpoint {
                let registered = try await registerAndSaveService(service, at: endpoint, offeredAuthMethods: offeredAuthMethods, http: http)
                return SavedDiscovery(service: registered, registered: true)
            }
        case .own(let id, let secret):
            if case .oauth2(var settings) = service.auth {
                settings.clientID = id
                settings.clientSecret = secret
                service.auth = .oauth2(settings)
            }
        case .metadataDocument(let url):
            service = ClientMetadataDocument.applying(url, to: service)
            try saveService(service, replace: false)
            let document = ClientMetadataDocument.document(
                for: url, redirectURI: service.auth.oauth2?.redirectURI ?? "", scopes: service.auth.oauth2?.scopes ?? [])
            return SavedDiscovery(service: service, registered: false, clientMetadata: document)
        case .none:
            break
        }
        try saveService(service, replace: false)
        return SavedDiscovery(service: service, registered: false)
    }

    /// A custom OAuth 2 service as discovered again (`service discover --update`): the endpoints found now, with its
    /// own name, link name, API base, notes, client and redirect port kept, and its scopes unless new ones are given.
    public func rediscoveredService(_ linkName: String, from report: DiscoveryReport, scopes: [String]) throws -> (
        existing: Service, updated: Service
    ) {
        let existing = try service(linkName)
        guard existing.origin == .custom, case .oauth2(let kept) = existing.auth else { throw DiscoveryError.notCustomOAuth2(linkName) }
        var updated = DiscoveredService.make(report, name: existing.name, linkName: linkName, scopes: scopes.isEmpty ? kept.scopes : scopes)
        if case .oauth2(var settings) = updated.auth {
            settings.clientID = kept.clientID
            settings.clientSecret = kept.clientSecret
            settings.registrationAccessToken = kept.registrationAccessToken
            settings.registrationClientURI = kept.registrationClientURI
            settings.redirectPort = kept.redirectPort
            if !kept.clientID.isEmpty { settings.clientAuth = kept.clientAuth }
            updated.auth = .oauth2(settings)
        }
        updated.apiBase = existing.apiBase
        updated.notes = existing.notes
        return (existing, updated)
    }
}
