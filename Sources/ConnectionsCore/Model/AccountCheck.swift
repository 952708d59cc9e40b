/// The request that tells whether a connection works now and, with `accountFields`, which account it is signed in
/// as: `whoami:` in a service file (GitHub `GET /user` -> `login`); `verify:` tells only whether it works (API key
/// and Basic services). It goes out as `invoke` sends a request: the same credentials, origins and refresh.
public struct AccountCheck: Sendable, Equatable, Codable {
    public var method: String
    /// Relative to the API base, or absolute.
    public var url: String
    /// Fields of the JSON answer that name the account, best first (dotted paths for nested ones: `data.email`, and
    /// numbers for array items: `data.0.login`).
    public var accountFields: [String]

    public init(method: String = "GET", url: String, accountFields: [String] = []) {
        self.method = method
        self.url = url
        self.accountFields = accountFields
    }

    public static let methods = ["GET", "POST"]

    /// The account the answer names: the first field that holds a text or a number; nil when none does.
    public func account(in answer: Any) -> String? {
        for field in accountFields {
            var node: Any? = answer
            for key in field.split(separator: ".") {
                if let array = node as? [Any], let index = Int(key) {
                    node = array.indices.contains(index) ? array[index] : nil
                } else {
                    node = (node as? [String: Any])?[String(key)]
                }
            }
            switch node {
            case let text as String where !text.isEmpty: return TerminalText.safe(text, limit: 120)
            case let number as Int: return String(number)
            default: continue
            }
        }
        return nil
    }
}
