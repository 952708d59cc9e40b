import Foundation
import Yams

extension ServiceFile {
    public enum SecretHandling: Sendable {
        case omit
        /// A fixed mask in place of each secret that is set, for showing.
        case mask
        case include
    }

    /// The service as YAML that `parse` reads back. Secrets appear only when asked for.
    public static func export(_ service: Service, secrets: SecretHandling = .omit) -> String {
        let source = secrets == .omit ? service.withoutSecrets : service
        let reveal: (Secret?) -> String = { secret in
            guard let secret else { return "" }
            return secrets == .include ? secret.exposedValue : "********"
        }
        var top = YAMLBuilder()
        top.add("name", source.name)
        top.add("link_name", source.linkName)
        top.add("auth", source.auth.type.rawValue)
        top.add("api_base", source.apiBase, omitEmpty: true)
        top.add("parameters", source.parameters, omitEmpty: true)
        top.add("token_fields", source.tokenFields, omitEmpty: true)
        if !source.apiHeaders.isEmpty { top.add("api_headers", source.apiHeaders) }
        top.add("allowed_hosts", source.allowedHosts, omitEmpty: true)
        top.add("notes", source.notes, omitEmpty: true)
        if !source.afterConnect.isEmpty {
            top.add("after_connect", .sequence(Node.Sequence(source.afterConnect.map { lookup in
                var row = YAMLBuilder()
                row.add("url", lookup.url)
                row.add("token_prefix", lookup.tokenPrefix)
                row.add("fields", lookup.fields)
                return row.node
            })))
        }
        switch source.auth {
        case .basic: break
        case .apiKey(let fields):
            top.add("api_key", .sequence(Node.Sequence(fields.map { field in
                var row = YAMLBuilder()
                row.add("key", field.key)
                row.add("label", field.label)
                row.add("placement", field.placement.rawValue)
                row.add("prefix", field.prefix, omitEmpty: true)
                return row.node
            })))
        case .oauth1(let settings): top.add("oauth1", oauth1Node(settings, reveal: reveal))
        case .oauth2(let settings): top.add("oauth2", oauth2Node(settings, reveal: reveal))
        }
        return (try? Yams.serialize(node: top.node, sortKeys: false)) ?? ""
    }

    private static func oauth2Node(_ settings: OAuth2Settings, reveal: (Secret?) -> String) -> Node {
        var map = YAMLBuilder()
        map.add("grant", settings.grant.rawValue)
        map.add("client_id", settings.clientID)
        map.add("client_secret", reveal(settings.clientSecret), omitEmpty: true)
        map.add("authorize_url", settings.authorizeURL, omitEmpty: true)
        map.add("token_url", settings.tokenURL)
        map.add("refresh_url", settings.refreshURL, omitEmpty: true)
        map.add("revoke_url", settings.revokeURL, omitEmpty: true)
        map.add("device_authorization_url", settings.deviceAuthorizationURL, omitEmpty: true)
        map.add("scopes", settings.scopes)
        map.add("scope_delimiter", settings.scopeDelimiter.rawValue)
        map.add("token_placement", settings.tokenPlacement.rawValue)
        map.add("token_parameter", settings.tokenParameter)
        map.add("token_prefix", settings.tokenPrefix)
        map.add("client_auth", settings.clientAuth.rawValue)
        map.add("pkce", settings.pkce ? "true" : "false", plain: true)
        map.add("token_request_format", settings.tokenRequestFormat.rawValue)
        map.add("authorize_params", settings.authorizeParams)
        map.add("token_params", settings.tokenParams)
        map.add("refresh_params", settings.refreshParams)
        if let port = settings.redirectPort { map.add("redirect_port", String(port), plain: true) }
        return map.node
    }

    private static func oauth1Node(_ settings: OAuth1Settings, reveal: (Secret?) -> String) -> Node {
        var map = YAMLBuilder()
        map.add("consumer_key", settings.consumerKey)
        map.add("consumer_secret", reveal(settings.consumerSecret), omitEmpty: true)
        map.add("request_token_url", settings.requestTokenURL)
        map.add("authorize_url", settings.authorizeURL)
        map.add("access_token_url", settings.accessTokenURL)
        map.add("signature_method", settings.signatureMethod.rawValue)
        map.add("placement", settings.placement.rawValue)
        map.add("authorize_params", settings.authorizeParams)
        if let port = settings.redirectPort { map.add("redirect_port", String(port), plain: true) }
        return map.node
    }
}

/// Builds an ordered YAML mapping; text is quoted whenever YAML would read it as something else.
struct YAMLBuilder {
    private var pairs: [(Node, Node)] = []

    var node: Node { .mapping(Node.Mapping(pairs)) }

    mutating func add(_ key: String, _ value: Node) {
        pairs.append((Node(key), value))
    }

    mutating func add(_ key: String, _ text: String, omitEmpty: Bool = false, plain: Bool = false) {
        if omitEmpty, text.isEmpty { return }
        add(key, Self.scalar(text, plain: plain))
    }

    mutating func add(_ key: String, _ list: [String], omitEmpty: Bool = false) {
        if omitEmpty, list.isEmpty { return }
        add(key, .sequence(Node.Sequence(list.map { Self.scalar($0, plain: false) }, Tag(.implicit), .flow)))
    }

    mutating func add(_ key: String, _ pairs: [KeyValue]) {
        let style: Node.Mapping.Style = pairs.isEmpty ? .flow : .block
        add(key, .mapping(Node.Mapping(pairs.map { (Node($0.key), Self.scalar($0.value, plain: false)) }, Tag(.implicit), style)))
    }

    /// Plain style only where the text cannot be mistaken for a number, boolean, null or YAML syntax.
    static func scalar(_ text: String, plain: Bool) -> Node {
        if plain { return Node(text) }
        let resolved = (try? Yams.load(yaml: text)) as Any?
        let safe = !text.isEmpty && (resolved as? String) == text && !text.contains(": ") && !text.contains(" #")
            && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        return Node(text, Tag(.implicit), safe ? .plain : .doubleQuoted)
    }
}
