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
        let common = ServiceFields.fields(in: .common)
        write(common.prefix { $0.name != "api_base" }, of: source, into: &top, reveal: reveal)
        top.add("auth", source.auth.type.rawValue)
        write(common.drop { $0.name != "api_base" }, of: source, into: &top, reveal: reveal)
        if !source.afterConnect.isEmpty {
            top.add(
                "after_connect",
                .sequence(
                    Node.Sequence(
                        source.afterConnect.map { lookup in
                            var row = YAMLBuilder()
                            row.add("url", lookup.url)
                            row.add("token_prefix", lookup.tokenPrefix)
                            row.add("fields", lookup.fields)
                            return row.node
                        })))
        }
        if let check = source.whoami {
            var row = YAMLBuilder()
            row.add("method", check.method, plain: true)
            row.add("url", check.url)
            if !check.accountFields.isEmpty { row.add("account", check.accountFields) }
            top.add(check.accountFields.isEmpty ? "verify" : "whoami", row.node)
        }
        switch source.auth {
        case .basic: break
        case .apiKey(let fields):
            top.add(
                "api_key",
                .sequence(
                    Node.Sequence(
                        fields.map { field in
                            var row = YAMLBuilder()
                            row.add("key", field.key)
                            row.add("label", field.label)
                            row.add("placement", field.placement.rawValue)
                            row.add("prefix", field.prefix, omitEmpty: true)
                            return row.node
                        })))
        case .oauth1, .oauth2:
            var section = YAMLBuilder()
            write(ServiceFields.fields(in: source.auth.type == .oauth1 ? .oauth1 : .oauth2), of: source, into: &section, reveal: reveal)
            top.add(source.auth.type.rawValue, section.node)
        }
        return (try? Yams.serialize(node: top.node, sortKeys: false)) ?? ""
    }

    private static func write(
        _ fields: some Sequence<ServiceField>, of service: Service, into map: inout YAMLBuilder, reveal: (Secret?) -> String
    ) {
        for field in fields {
            let value = field.value(in: service)
            let omitEmpty = !field.exportedWhenEmpty
            switch (field.kind, value) {
            case (.secret, .text(let text)): map.add(field.name, reveal(text.isEmpty ? nil : Secret(text)), omitEmpty: true)
            case (.port, .text(let text)), (.days, .text(let text)): map.add(field.name, text, omitEmpty: true, plain: true)
            case (.toggle, .toggle(let on)): if on || !omitEmpty { map.add(field.name, on ? "true" : "false", plain: true) }
            case (_, .text(let text)): map.add(field.name, text, omitEmpty: omitEmpty)
            case (_, .list(let items)): map.add(field.name, items, omitEmpty: omitEmpty)
            case (_, .pairs(let pairs)): if !omitEmpty || !pairs.isEmpty { map.add(field.name, pairs) }
            case (_, .toggle(let on)): map.add(field.name, on ? "true" : "false", plain: true)
            }
        }
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
        let safe =
            !text.isEmpty && (resolved as? String) == text && !text.contains(": ") && !text.contains(" #")
            && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        return Node(text, Tag(.implicit), safe ? .plain : .doubleQuoted)
    }
}
