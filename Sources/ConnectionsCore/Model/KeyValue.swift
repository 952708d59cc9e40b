/// One ordered key-value pair: extra OAuth parameters, request parameters, headers.
public struct KeyValue: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
