import Foundation

/// The headers every request through a connection carries (`connections headers`, an MCP client's header helper):
/// the service's API headers and each credential the service puts in a header, the token refreshed first.
public struct RequestHeaders: Sendable {
    public var headers: [KeyValue]
    /// Credentials the service puts in the query or the form, which no header carries.
    public var elsewhere: [CredentialUse]
    /// Things the user should know, e.g. that a refresh failed and the token in hand was used.
    public var warnings: [String]
}

extension Invoker {
    /// `timeout`: seconds a refresh may take.
    public func headers(_ linkName: String, timeout: TimeInterval = 30) async throws -> RequestHeaders {
        var connection = try workspace.connection(linkName)
        try Self.checkUsable(connection)
        let service = try workspace.service(connection.serviceLinkName)
        if case .oauth1 = service.auth { throw InvokeError.signedPerRequest(linkName: linkName) }
        var warnings: [String] = []
        if service.auth.type == .oauth2 {
            let fresh = try await TokenProvider(workspace: workspace, http: http, timeout: timeout).freshConnection(linkName)
            connection = fresh.connection
            warnings += fresh.warning.map { [$0] } ?? []
        }
        let plan = OutgoingRequest.plan(APIRequest(url: ""), service: service, values: connection.placeholderValues)
        let headers = try CredentialApplier(service: service, connection: connection).headers(plan)
        return RequestHeaders(headers: headers, elsewhere: (plan.credentials ?? []).filter { $0.placement != .header }, warnings: warnings)
    }
}
