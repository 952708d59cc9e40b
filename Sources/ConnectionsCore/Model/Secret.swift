/// A value that must never be printed, logged or shown unmasked.
/// `description`, `debugDescription` and reflection all print a fixed mask.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself. Read it only to send it where it belongs or to encrypt it.
    public let exposedValue: String

    public init(_ value: String) { exposedValue = value }

    public var isEmpty: Bool { exposedValue.isEmpty }
    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    public init(from decoder: Decoder) throws {
        exposedValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(exposedValue)
    }
}
