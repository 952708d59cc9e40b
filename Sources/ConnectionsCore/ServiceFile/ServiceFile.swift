import Foundation
import Yams

/// The documented YAML form of a service, used by `service import/export` and by the catalog.
public enum ServiceFile {
    static let topKeys = ["name", "link_name", "auth", "api_base", "parameters", "token_fields", "api_headers", "allowed_hosts", "notes", "oauth2", "oauth1", "api_key", "after_connect"]
    static let oauth2Keys = [
        "grant", "client_id", "client_secret", "authorize_url", "token_url", "refresh_url", "revoke_url",
        "device_authorization_url", "scopes", "scope_delimiter", "token_placement", "token_parameter", "token_prefix",
        "client_auth", "pkce", "token_request_format", "authorize_params", "token_params", "refresh_params", "redirect_port",
    ]
    static let oauth1Keys = [
        "consumer_key", "consumer_secret", "request_token_url", "authorize_url", "access_token_url", "signature_method",
        "placement", "authorize_params", "redirect_port",
    ]
    static let apiKeyKeys = ["key", "label", "placement", "prefix"]
    static let lookupKeys = ["url", "token_prefix", "fields"]

    /// Parses one service and validates it. Nothing is returned unless every key is known and every rule holds.
    public static func parse(_ text: String, file: String, origin: Service.Origin = .custom) throws(ServiceFileError) -> Service {
        try service(from: try YAMLMapping.root(text, file: file), origin: origin)
    }

    static func service(from map: YAMLMapping, origin: Service.Origin) throws(ServiceFileError) -> Service {
        try map.rejectUnknown(topKeys)
        let type = try map.choice("auth", default: AuthType.oauth2)
        guard map.value("auth") != nil else { throw map.error("auth", "is required: one of api_key, basic, oauth1, oauth2") }
        for (key, keyType) in [("oauth2", AuthType.oauth2), ("oauth1", .oauth1), ("api_key", .apiKey)] where map.value(key) != nil && keyType != type {
            throw map.error(key, "given, but auth is \(type.rawValue)")
        }
        let auth: AuthScheme
        switch type {
        case .basic: auth = .basic
        case .apiKey: auth = .apiKey(try apiKeyFields(map))
        case .oauth1:
            guard let section = try map.mapping("oauth1") else { throw map.error("auth", "auth is oauth1 but there is no oauth1: section") }
            auth = .oauth1(try oauth1(section))
        case .oauth2:
            guard let section = try map.mapping("oauth2") else { throw map.error("auth", "auth is oauth2 but there is no oauth2: section") }
            auth = .oauth2(try oauth2(section))
        }
        var service = Service(
            name: try map.requiredString("name"), linkName: try map.requiredString("link_name"), auth: auth,
            apiBase: try map.string("api_base"), parameters: try map.strings("parameters"),
            tokenFields: try map.strings("token_fields"), apiHeaders: try map.keyValues("api_headers"), origin: origin, notes: try map.string("notes"))
        service.allowedHosts = try map.strings("allowed_hosts")
        for row in try map.mappings("after_connect") {
            try row.rejectUnknown(lookupKeys)
            service.afterConnect.append(AfterConnectLookup(
                url: try row.requiredString("url"), tokenPrefix: try row.string("token_prefix", default: "Bearer"), fields: try row.keyValues("fields")))
        }
        if let problem = ServiceValidator.errors(in: service).first {
            throw error(at: problem.field, in: map, problem.message)
        }
        return service
    }

    /// An error at the line of a validator field such as `oauth2.token_url` or `allowed_hosts[1]`: the deepest
    /// key of it that the file has (the file may leave a key out and get its default).
    private static func error(at field: String, in map: YAMLMapping, _ message: String) -> ServiceFileError {
        var current = map
        var node: Node?
        var found: [String] = []
        for part in field.split(separator: ".") {
            let name = String(part.prefix { $0 != "[" })
            guard let value = current.value(name) else { break }
            node = value
            found.append(String(part))
            if let index = part.split(separator: "[").dropFirst().first.flatMap({ Int($0.dropLast()) }) {
                let items = value.sequence.map(Array.init) ?? value.mapping.map { $0.map(\.key) } ?? []
                if items.indices.contains(index) { node = items[index] }
            }
            guard let nested = try? YAMLMapping(value, file: map.file, path: found.joined(separator: ".")) else { break }
            current = nested
        }
        guard let node else { return map.error("name", message) }
        return ServiceFileError(file: map.file, line: node.mark?.line, key: field, message: message)
    }

    static func oauth2(_ map: YAMLMapping) throws(ServiceFileError) -> OAuth2Settings {
        try map.rejectUnknown(oauth2Keys)
        var settings = OAuth2Settings()
        settings.grant = try map.choice("grant", default: .authorizationCode)
        settings.clientID = try map.string("client_id")
        let secret = try map.string("client_secret")
        settings.clientSecret = secret.isEmpty ? nil : Secret(secret)
        settings.authorizeURL = try map.string("authorize_url")
        settings.tokenURL = try map.string("token_url")
        settings.refreshURL = try map.string("refresh_url")
        settings.revokeURL = try map.string("revoke_url")
        settings.deviceAuthorizationURL = try map.string("device_authorization_url")
        settings.scopes = try map.strings("scopes")
        settings.scopeDelimiter = try map.choice("scope_delimiter", default: .space)
        settings.tokenPlacement = try map.choice("token_placement", default: .header)
        let defaultParameter = settings.tokenPlacement == .header ? "Authorization" : "access_token"
        settings.tokenParameter = try map.string("token_parameter", default: defaultParameter)
        settings.tokenPrefix = try map.string("token_prefix", default: settings.tokenPlacement == .header ? "Bearer" : "")
        settings.clientAuth = try map.choice("client_auth", default: .body)
        settings.pkce = try map.bool("pkce", default: true)
        settings.tokenRequestFormat = try map.choice("token_request_format", default: .form)
        settings.authorizeParams = try map.keyValues("authorize_params")
        settings.tokenParams = try map.keyValues("token_params")
        settings.refreshParams = try map.keyValues("refresh_params")
        settings.redirectPort = try map.int("redirect_port")
        return settings
    }

    static func oauth1(_ map: YAMLMapping) throws(ServiceFileError) -> OAuth1Settings {
        try map.rejectUnknown(oauth1Keys)
        var settings = OAuth1Settings()
        settings.consumerKey = try map.string("consumer_key")
        let secret = try map.string("consumer_secret")
        settings.consumerSecret = secret.isEmpty ? nil : Secret(secret)
        settings.requestTokenURL = try map.string("request_token_url")
        settings.authorizeURL = try map.string("authorize_url")
        settings.accessTokenURL = try map.string("access_token_url")
        settings.signatureMethod = try map.choice("signature_method", default: .hmacSHA1)
        settings.placement = try map.choice("placement", default: .header)
        settings.authorizeParams = try map.keyValues("authorize_params")
        settings.redirectPort = try map.int("redirect_port")
        return settings
    }

    static func apiKeyFields(_ map: YAMLMapping) throws(ServiceFileError) -> [APIKeyField] {
        var fields: [APIKeyField] = []
        for row in try map.mappings("api_key") {
            try row.rejectUnknown(apiKeyKeys)
            fields.append(APIKeyField(
                key: try row.requiredString("key"), label: try row.requiredString("label"),
                placement: try row.choice("placement", default: .header), prefix: try row.string("prefix")))
        }
        return fields
    }
}
