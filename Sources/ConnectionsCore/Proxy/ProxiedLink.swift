/// A connection the proxy sends through: with its service, and where its credentials may go, worked out once.
struct ProxiedLink: Sendable {
    var connection: Connection
    var service: Service
    var scope: CredentialScope

    init(_ connection: Connection, service: Service) {
        self.connection = connection
        self.service = service
        scope = CredentialScope(service: service, connection: connection)
    }
}
