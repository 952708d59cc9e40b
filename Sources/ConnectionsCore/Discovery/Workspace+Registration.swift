import Foundation

extension Workspace {
    /// What `saveService(_:replace: false)` would refuse, checked before a client is registered for the service, so
    /// that the server never keeps a client for a service refused here. The client's own fields are left out:
    /// registration fills them.
    public func checkBeforeRegistering(_ service: Service) throws {
        var service = service
        service.origin = .custom
        let filledByRegistration: Set = ["oauth2.client_id", "oauth2.client_secret", "oauth2.client_auth"]
        let errors = ServiceValidator.errors(in: service).filter { !filledByRegistration.contains($0.field) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        if try catalog().service(service.linkName) != nil { throw StoreError.catalogService(linkName: service.linkName) }
        if try store.customService(service.linkName) != nil { throw StoreError.duplicate(kind: "service", linkName: service.linkName) }
    }

    /// Registers a client for a discovered service at `endpoint` (RFC 7591) and stores the service with it. The redirect
    /// URI registered is the one every connect uses: a loopback port free now, kept as the service's `redirect_port`,
    /// since many servers (the MCP SDK's among them) match redirect URIs exactly, port included. Checked first; should
    /// storing fail all the same, the registration is deleted again (RFC 7592) where the server allows.
    public func registerAndSaveService(
        _ service: Service, at endpoint: String, offeredAuthMethods: [String], http: HTTPClient = HTTPClient()
    ) async throws -> Service {
        guard case .oauth2(var settings) = service.auth else {
            try saveService(service, replace: false)
            return service
        }
        var service = service
        settings.redirectPort = try await LoopbackListener.freePort()
        service.auth = .oauth2(settings)
        try checkBeforeRegistering(service)
        let registration = ClientRegistration(http: http)
        let client = try await registration.register(
            at: endpoint, redirectURI: settings.redirectURI, scopes: settings.scopes, offeredAuthMethods: offeredAuthMethods)
        let registered = DiscoveredService.applying(client, to: service)
        do {
            try saveService(registered, replace: false)
        } catch {
            if let stored = registered.auth.oauth2 { _ = try? await registration.delete(stored) }
            throw error
        }
        return registered
    }
}
