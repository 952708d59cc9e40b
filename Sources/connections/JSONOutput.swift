import ConnectionsCore
import Foundation

/// The stable `--json` shapes (documented in the README). Keys are snake_case, sorted and always present
/// (`null` when unset); dates are ISO 8601 UTC.
enum JSONOutput {
    static func service(_ service: Service) -> JSONText {
        .object([
            ("name", .string(service.name)),
            ("link_name", .string(service.linkName)),
            ("auth", .string(service.auth.type.rawValue)),
            ("origin", .string(service.origin.rawValue)),
            ("api_base", .string(service.apiBase)),
            ("parameters", .strings(service.parameters)),
            ("scopes", .strings(service.auth.oauth2?.scopes ?? [])),
            ("redirect_uri", .optional(service.auth.oauth2.map(\.redirectURI))),
            ("categories", .strings(service.categories)),
            ("register_url", service.registerURL.isEmpty ? .null : .string(service.registerURL)),
            ("notes", .string(service.notes)),
        ])
    }

    static func connectionFields(_ summary: ConnectionSummary, now: Date) -> [(String, JSONText)] {
        let status = summary.status(at: now)
        // In key order, as they are written.
        return [
            ("account", .optional(summary.health.account)),
            ("created_at", .string(Timestamp.iso8601(summary.createdAt))),
            ("expires_at", .optional(summary.expiresAt.map(Timestamp.iso8601))),
            ("granted_scopes", summary.grantedScopes.map(JSONText.strings) ?? .null),
            ("link_name", .string(summary.linkName)),
            ("name", .string(summary.name)),
            ("scopes", .strings(summary.scopes)),
            ("service", .string(summary.serviceLinkName)),
            ("status", .string(status.code)),
            ("status_reason", .optional(status.reason)),
            ("updated_at", .string(Timestamp.iso8601(summary.updatedAt))),
        ]
    }

    /// What is remembered of the connection's use (`show --json`, `status --json`).
    static func health(_ health: ConnectionHealth) -> JSONText {
        .object([
            ("last_refresh_at", .optional(health.lastRefreshAt)),
            ("last_verified_at", .optional(health.lastVerifiedAt)),
            ("last_verification_passed", health.lastVerificationPassed.map(JSONText.bool) ?? .null),
            ("last_error", .optional(health.lastError)),
            ("consecutive_failures", .integer(health.consecutiveFailures)),
            ("refresh_token_expires_at", .optional(health.refreshTokenExpiresAt)),
        ])
    }

    static func connection(_ summary: ConnectionSummary, now: Date) -> JSONText {
        .object(connectionFields(summary, now: now))
    }

    static func connectionDetail(_ connection: Connection, service: Service?, now: Date) -> JSONText {
        .object(
            connectionFields(connection.summary, now: now) + [
                ("auth", .optional(service?.auth.type.rawValue)),
                ("client_id", connection.clientID.isEmpty ? .null : .string(connection.clientID)),
                ("client_id_source", .optional(clientIDSource(connection, service: service))),
                ("parameters", .object(connection.parameters.map { ($0.key, JSONText.string($0.value)) })),
                ("token_fields", .object((connection.tokens?.extra ?? [:]).map { ($0.key, JSONText.string($0.value)) })),
                ("created_by", .optional(connection.createdBy)), ("authorized_by", .optional(connection.authorizedBy)),
                ("health", health(connection.health)),
            ])
    }

    /// Where the client the connection signs in with comes from: its own, or the service's.
    static func clientIDSource(_ connection: Connection, service: Service?) -> String? {
        if !connection.clientID.isEmpty { return "connection" }
        let serviceClient = service?.auth.oauth2?.clientID ?? service?.auth.oauth1?.consumerKey ?? ""
        return serviceClient.isEmpty ? nil : "service"
    }

    static func print(_ value: JSONText) {
        FileHandle.standardOutput.write(Data(value.bytes))
    }

    static func printArray<Items: Collection>(_ items: Items, _ item: (Items.Element) -> JSONText) {
        FileHandle.standardOutput.write(Data(JSONText.arrayBytes(items, item)))
    }
}
