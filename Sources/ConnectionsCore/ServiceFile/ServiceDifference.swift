/// What differs between two versions of a service, field by field, as the field table names them (secrets shown as
/// changed, never by value): what `service discover --update` shows before saving.
public struct ServiceDifference: Sendable, Equatable {
    public var key: String
    public var old: String
    public var new: String

    public static func between(_ old: Service, _ new: Service) -> [ServiceDifference] {
        let sections: [ServiceField.Section] = [.common] + (ServiceFields.section(for: new.auth.type).map { [$0] } ?? [])
        return ServiceFields.all.filter { sections.contains($0.section) }.compactMap { field in
            let before = field.value(in: old), after = field.value(in: new)
            guard before != after else { return nil }
            if field.kind == .secret {
                return ServiceDifference(key: field.key, old: before.text.isEmpty ? "(none)" : "(set)", new: "(changed)")
            }
            return ServiceDifference(
                key: field.key, old: before.text.isEmpty ? "(none)" : before.text, new: after.text.isEmpty ? "(none)" : after.text)
        }
    }
}
