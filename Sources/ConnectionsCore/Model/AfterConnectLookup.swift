/// A request made right after connecting that fills token fields from the answer: Mailchimp's data centre `dc`
/// comes from `GET https://login.mailchimp.com/oauth2/metadata`.
public struct AfterConnectLookup: Sendable, Equatable, Codable {
    public var url: String
    /// Sent as `Authorization: PREFIX TOKEN`.
    public var tokenPrefix: String
    /// Token field to fill -> top-level key of the JSON answer.
    public var fields: [KeyValue]

    public init(url: String, tokenPrefix: String = "Bearer", fields: [KeyValue]) {
        self.url = url
        self.tokenPrefix = tokenPrefix
        self.fields = fields
    }
}
