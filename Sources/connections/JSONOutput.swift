import ConnectionsCore
import Foundation

/// The stable `--json` shapes (documented in the README). Keys are snake_case and sorted; dates are ISO 8601 UTC.
enum JSONOutput {
    struct ServiceEntry: Encodable {
        let name: String
        let link_name: String
        let auth: String
        let origin: String
        let api_base: String
        let parameters: [String]
        let scopes: [String]
        let redirect_uri: String?

        func encode(to encoder: Encoder) throws {
            enum Keys: String, CodingKey { case name, link_name, auth, origin, api_base, parameters, scopes, redirect_uri }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(name, forKey: .name)
            try container.encode(link_name, forKey: .link_name)
            try container.encode(auth, forKey: .auth)
            try container.encode(origin, forKey: .origin)
            try container.encode(api_base, forKey: .api_base)
            try container.encode(parameters, forKey: .parameters)
            try container.encode(scopes, forKey: .scopes)
            try container.encode(redirect_uri, forKey: .redirect_uri)
        }

        init(_ service: Service) {
            name = service.name
            link_name = service.linkName
            auth = service.auth.type.rawValue
            origin = service.origin.rawValue
            api_base = service.apiBase
            parameters = service.parameters
            scopes = service.auth.oauth2?.scopes ?? []
            redirect_uri = service.auth.oauth2.map(\.redirectURI)
        }
    }

    struct ConnectionEntry: Encodable {
        let name: String
        let link_name: String
        let service: String
        let status: String
        let status_reason: String?
        let expires_at: Date?
        let scopes: [String]
        let granted_scopes: [String]?
        let created_at: Date
        let updated_at: Date

        init(_ summary: ConnectionSummary, now: Date) {
            let status = summary.status(at: now)
            name = summary.name
            link_name = summary.linkName
            service = summary.serviceLinkName
            self.status = status.code
            status_reason = status.reason
            expires_at = summary.expiresAt
            scopes = summary.scopes
            granted_scopes = summary.grantedScopes
            created_at = summary.createdAt
            updated_at = summary.updatedAt
        }

        /// Every key, `null` included, so that scripts can rely on the shape.
        func encode(to encoder: Encoder) throws {
            enum Keys: String, CodingKey {
                case name, link_name, service, status, status_reason, expires_at, scopes, granted_scopes, created_at, updated_at
            }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(name, forKey: .name)
            try container.encode(link_name, forKey: .link_name)
            try container.encode(service, forKey: .service)
            try container.encode(status, forKey: .status)
            try container.encode(status_reason, forKey: .status_reason)
            try container.encode(expires_at, forKey: .expires_at)
            try container.encode(scopes, forKey: .scopes)
            try container.encode(granted_scopes, forKey: .granted_scopes)
            try container.encode(created_at, forKey: .created_at)
            try container.encode(updated_at, forKey: .updated_at)
        }
    }

    struct ConnectionDetail: Encodable {
        let connection: ConnectionEntry
        let auth: String
        let client_id: String
        let parameters: [String: String]
        let token_fields: [String: String]

        func encode(to encoder: Encoder) throws {
            try connection.encode(to: encoder)
            enum Keys: String, CodingKey { case auth, client_id, parameters, token_fields }
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(auth, forKey: .auth)
            try container.encode(client_id, forKey: .client_id)
            try container.encode(parameters, forKey: .parameters)
            try container.encode(token_fields, forKey: .token_fields)
        }
    }

    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }
}
