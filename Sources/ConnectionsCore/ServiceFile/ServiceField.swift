import Foundation

/// One field of a service, as the service file, the exporter, the Custom Service form and the validator all see
/// it. `ServiceFields.all` lists every field once; each of those derives from the list.
public struct ServiceField: Sendable {
    public enum Kind: Sendable, Equatable {
        case text
        case secret
        /// Checked by `URLRules`; `{parameter}` placeholders allowed.
        case url
        case port
        /// A number of days (1 to 3650).
        case days
        case words
        case pairs
        case choice([String])
        case toggle
    }

    /// Where the field lives: beside the name, or in the `oauth2:`/`oauth1:` section (shown for that auth type).
    public enum Section: String, Sendable, CaseIterable {
        case common, oauth2, oauth1
    }

    public enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
        case pairs([KeyValue])
        case toggle(Bool)

        public var text: String {
            switch self {
            case .text(let text): text
            case .list(let items): items.joined(separator: " ")
            case .pairs(let pairs): pairs.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            case .toggle(let on): on ? "true" : "false"
            }
        }
    }

    /// The key inside its section, as the service file spells it.
    public let name: String
    public let section: Section
    public let label: String
    public let help: String?
    public let kind: Kind
    /// Shown in the Custom Service form (the rest keep what the service had, or their default).
    public let inForm: Bool
    /// The file must give it.
    let requiredInFile: Bool
    /// Exported even when empty, so that a reader of the file sees the setting.
    let exportedWhenEmpty: Bool
    /// For URLs: whether this service must have one.
    let isRequired: @Sendable (Service) -> Bool
    /// What an absent key means when that depends on fields before it; nil: the model's own default.
    public let derivedDefault: (@Sendable (Service) -> Value)?
    /// The field whose change brings `derivedDefault` back (in the form, for a field it does not show).
    public let dependsOn: String?
    let get: @Sendable (Service) -> Value
    let write: @Sendable (inout Service, Value) -> Void

    /// The field's path in validation messages and its id in the form: `api_base`, `oauth2.token_url`.
    public var key: String { section == .common ? name : section.rawValue + "." + name }

    public func value(in service: Service) -> Value { get(service) }

    public func set(_ value: Value, in service: inout Service) { write(&service, value) }
}

/// How a model property becomes a field value and back.
struct FieldCodec<V>: Sendable {
    let kind: ServiceField.Kind
    let encode: @Sendable (V) -> ServiceField.Value
    let decode: @Sendable (ServiceField.Value) -> V
}

extension ServiceField.Value {
    public var items: [String] { if case .list(let items) = self { items } else { [] } }
    public var keyValues: [KeyValue] { if case .pairs(let pairs) = self { pairs } else { [] } }
    public var isOn: Bool { if case .toggle(let on) = self { on } else { text != "false" } }
}

extension FieldCodec where V == String {
    static var text: Self { Self(kind: .text, encode: { .text($0) }, decode: { $0.text }) }
    static var url: Self { Self(kind: .url, encode: { .text($0) }, decode: { $0.text }) }
}

extension FieldCodec where V == String? {
    /// A URL that is absent rather than empty when not given.
    static var optionalURL: Self { Self(kind: .url, encode: { .text($0 ?? "") }, decode: { $0.text.isEmpty ? nil : $0.text }) }
}

extension FieldCodec where V == Secret? {
    static var secret: Self {
        Self(kind: .secret, encode: { .text($0?.exposedValue ?? "") }, decode: { $0.text.isEmpty ? nil : Secret($0.text) })
    }
}

extension FieldCodec where V == Int? {
    static var port: Self {
        Self(kind: .port, encode: { .text($0.map(String.init) ?? "") }, decode: { Int($0.text.trimmingCharacters(in: .whitespaces)) })
    }
}

extension FieldCodec where V == Int? {
    static var days: Self {
        Self(kind: .days, encode: { .text($0.map(String.init) ?? "") }, decode: { Int($0.text.trimmingCharacters(in: .whitespaces)) })
    }
}

extension FieldCodec where V == [String] {
    static var words: Self { Self(kind: .words, encode: { .list($0) }, decode: { $0.items }) }
}

extension FieldCodec where V == [KeyValue] {
    static var pairs: Self { Self(kind: .pairs, encode: { .pairs($0) }, decode: { $0.keyValues }) }
}

extension FieldCodec where V == Bool? {
    /// A setting that is absent unless on.
    static var optionalToggle: Self { Self(kind: .toggle, encode: { .toggle($0 ?? false) }, decode: { $0.isOn ? true : nil }) }
}

extension FieldCodec where V == Bool {
    static var toggle: Self { Self(kind: .toggle, encode: { .toggle($0) }, decode: { $0.isOn }) }
}

extension FieldCodec where V: RawRepresentable & CaseIterable & Sendable, V.RawValue == String {
    /// An unknown value decodes to the first case; readers check the value against `kind`'s options first.
    static var choice: Self {
        Self(
            kind: .choice(V.allCases.map(\.rawValue)), encode: { .text($0.rawValue) },
            decode: { V(rawValue: $0.text) ?? V.allCases.first! })
    }
}
