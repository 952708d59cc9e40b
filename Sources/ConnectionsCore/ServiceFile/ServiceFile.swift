import Foundation
import Yams

/// The documented YAML form of a service, used by `service import/export` and by the catalog.
public enum ServiceFile {
    static let structureKeys = ["auth", "oauth2", "oauth1", "api_key", "after_connect", "whoami", "verify"]
    static let topKeys = ServiceFields.fields(in: .common).map(\.name) + structureKeys
    static let apiKeyKeys = ["key", "label", "placement", "prefix"]
    static let lookupKeys = ["url", "token_prefix", "fields"]
    static let whoamiKeys = ["method", "url", "account"]

    /// Parses one service and validates it. Nothing is returned unless every key is known and every rule holds.
    public static func parse(_ text: String, file: String, origin: Service.Origin = .custom) throws(ServiceFileError) -> Service {
        try service(from: try YAMLMapping.root(text, file: file), origin: origin)
    }

    static func service(from map: YAMLMapping, origin: Service.Origin) throws(ServiceFileError) -> Service {
        try map.rejectUnknown(topKeys)
        let type = try map.choice("auth", default: AuthType.oauth2)
        guard map.value("auth") != nil else { throw map.error("auth", "is required: one of api_key, basic, oauth1, oauth2") }
        for (key, keyType) in [("oauth2", AuthType.oauth2), ("oauth1", .oauth1), ("api_key", .apiKey)]
        where map.value(key) != nil && keyType != type {
            throw map.error(key, "given, but auth is \(type.rawValue)")
        }
        var service = Service(name: "", linkName: "", auth: .basic, origin: origin)
        switch type {
        case .basic: break
        case .apiKey: service.auth = .apiKey(try apiKeyFields(map))
        case .oauth1, .oauth2:
            guard let section = try map.mapping(type.rawValue) else {
                throw map.error("auth", "auth is \(type.rawValue) but there is no \(type.rawValue): section")
            }
            service.auth = type == .oauth1 ? .oauth1(OAuth1Settings()) : .oauth2(OAuth2Settings())
            try read(ServiceFields.fields(in: type == .oauth1 ? .oauth1 : .oauth2), from: section, into: &service)
        }
        try read(ServiceFields.fields(in: .common), from: map, into: &service, alone: false)
        for row in try map.mappings("after_connect") {
            try row.rejectUnknown(lookupKeys)
            service.afterConnect.append(
                AfterConnectLookup(
                    url: try row.requiredString("url"), tokenPrefix: try row.string("token_prefix", default: "Bearer"),
                    fields: try row.keyValues("fields")))
        }
        service.whoami = try accountCheck(map)
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

    /// Reads the table's fields of one section (`alone`: the mapping holds nothing else); an absent key keeps the
    /// model's default or takes its derived one.
    static func read(
        _ fields: [ServiceField], from map: YAMLMapping, into service: inout Service, alone: Bool = true
    ) throws(ServiceFileError) {
        if alone { try map.rejectUnknown(fields.map(\.name)) }
        for field in fields {
            if let value = try value(of: field, in: map) {
                field.set(value, in: &service)
            } else if field.requiredInFile {
                throw map.error(field.name, "is required")
            } else if let derived = field.derivedDefault {
                field.set(derived(service), in: &service)
            }
        }
    }

    /// The field's value as the file gives it; nil when the file leaves it out (or gives null or an empty text).
    static func value(of field: ServiceField, in map: YAMLMapping) throws(ServiceFileError) -> ServiceField.Value? {
        guard map.value(field.name) != nil else { return nil }
        switch field.kind {
        case .text, .secret, .url: return try map.text(field.name).map { .text($0) }
        case .port, .days: return try map.int(field.name).map { .text(String($0)) }
        case .words: return .list(try map.strings(field.name))
        case .pairs: return .pairs(try map.keyValues(field.name))
        case .toggle: return .toggle(try map.bool(field.name, default: true))
        case .choice(let options):
            guard let text = try map.text(field.name), !text.isEmpty else { return nil }
            guard options.contains(text) else { throw map.error(field.name, "'\(text)' is not one of: " + options.joined(separator: ", ")) }
            return .text(text)
        }
    }

    /// `whoami: {method, url, account: [fields]}` or `verify: {method, url}`, not both.
    static func accountCheck(_ map: YAMLMapping) throws(ServiceFileError) -> AccountCheck? {
        if map.value("whoami") != nil, map.value("verify") != nil {
            throw map.error("verify", "given beside whoami: whoami verifies too; keep one")
        }
        for key in ["whoami", "verify"] {
            guard let row = try map.mapping(key) else { continue }
            try row.rejectUnknown(key == "whoami" ? whoamiKeys : ["method", "url"])
            let method = try row.string("method", default: "GET").uppercased()
            guard AccountCheck.methods.contains(method) else { throw row.error("method", "'\(method)' is not one of: GET, POST") }
            let fields = key == "whoami" ? try row.strings("account") : []
            if key == "whoami", fields.isEmpty { throw row.error("url", "whoami needs account: the answer's fields that name the account") }
            return AccountCheck(method: method, url: try row.requiredString("url"), accountFields: fields)
        }
        return nil
    }

    static func apiKeyFields(_ map: YAMLMapping) throws(ServiceFileError) -> [APIKeyField] {
        var fields: [APIKeyField] = []
        for row in try map.mappings("api_key") {
            try row.rejectUnknown(apiKeyKeys)
            fields.append(
                APIKeyField(
                    key: try row.requiredString("key"), label: try row.requiredString("label"),
                    placement: try row.choice("placement", default: .header), prefix: try row.string("prefix")))
        }
        return fields
    }
}
