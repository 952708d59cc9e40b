/// One API key row of a service: what the key is called on the wire, the label asked at connect time, and where it goes.
public struct APIKeyField: Sendable, Equatable, Codable {
    public var key: String
    public var label: String
    public var placement: Placement
    /// Text before the value, e.g. `Bearer ` for an `Authorization` header.
    public var prefix: String

    public init(key: String, label: String, placement: Placement, prefix: String = "") {
        self.key = key
        self.label = label
        self.placement = placement
        self.prefix = prefix
    }
}
