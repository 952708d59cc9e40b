public struct OAuth1Settings: Sendable, Equatable, Codable {
    public enum SignatureMethod: String, Sendable, Codable, CaseIterable {
        case hmacSHA1 = "HMAC-SHA1"
        case plaintext = "PLAINTEXT"
    }

    public var consumerKey: String = ""
    public var consumerSecret: Secret?
    public var requestTokenURL: String = ""
    public var authorizeURL: String = ""
    public var accessTokenURL: String = ""
    public var signatureMethod: SignatureMethod = .hmacSHA1
    public var placement: Placement = .header
    public var authorizeParams: [KeyValue] = []
    /// Loopback port for the callback; nil means our default port, 0 any free port.
    public var redirectPort: Int?

    public init() {}
}
