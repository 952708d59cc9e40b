import Crypto
import Foundation

/// RFC 5849 request signing: the signature base string (§3.4.1), HMAC-SHA1 and PLAINTEXT (§3.4.2, §3.4.4),
/// and the `Authorization: OAuth` header (§3.5.1).
public struct OAuth1Signer: Sendable {
    public var consumerKey: String
    public var consumerSecret: String
    public var token: String?
    public var tokenSecret: String?
    public var method: OAuth1Settings.SignatureMethod

    public init(
        consumerKey: String, consumerSecret: String, token: String? = nil, tokenSecret: String? = nil,
        method: OAuth1Settings.SignatureMethod = .hmacSHA1
    ) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
        self.method = method
    }

    /// The protocol parameters of one request, signature included. `extra`: `oauth_callback`, `oauth_verifier`.
    /// `formBody`: the request's form-encoded body parameters, which are signed too.
    public func sign(
        method httpMethod: String, url: URL, formBody: [KeyValue] = [], extra: [KeyValue] = [],
        nonce: String = OAuth1Signer.nonce(), timestamp: Int = Int(Date().timeIntervalSince1970)
    ) -> [KeyValue] {
        var parameters = [
            KeyValue("oauth_consumer_key", consumerKey),
            KeyValue("oauth_signature_method", method.rawValue),
            KeyValue("oauth_timestamp", String(timestamp)),
            KeyValue("oauth_nonce", nonce),
            KeyValue("oauth_version", "1.0"),
        ]
        if let token { parameters.insert(KeyValue("oauth_token", token), at: 1) }
        parameters += extra
        let base = Self.baseString(method: httpMethod, url: url, parameters: parameters + formBody)
        return parameters + [KeyValue("oauth_signature", signature(baseString: base))]
    }

    public func signature(baseString: String) -> String {
        let key = FormEncoding.component(consumerSecret) + "&" + FormEncoding.component(tokenSecret ?? "")
        switch method {
        case .plaintext:
            return key
        case .hmacSHA1:
            let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(baseString.utf8), using: SymmetricKey(data: Data(key.utf8)))
            return Data(code).base64EncodedString()
        }
    }

    /// §3.4.1: METHOD & base URI & normalized parameters (the URL's query, the form body and the protocol parameters).
    public static func baseString(method: String, url: URL, parameters: [KeyValue]) -> String {
        var all = parameters
        if let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery {
            all += FormEncoding.decode(query)
        }
        let encoded: [(name: String, value: String)] = all.map { (FormEncoding.component($0.key), FormEncoding.component($0.value)) }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        let normalized = sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
        return method.uppercased() + "&" + FormEncoding.component(baseURI(url)) + "&" + FormEncoding.component(normalized)
    }

    /// §3.4.1.2: scheme and host in lower case, the default port left out, no query or fragment.
    public static func baseURI(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.absoluteString }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        if (components.scheme == "http" && components.port == 80) || (components.scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.query = nil
        components.fragment = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        return components.string ?? url.absoluteString
    }

    /// §3.5.1: `OAuth realm="…", oauth_consumer_key="…", …`.
    public static func authorizationHeader(_ parameters: [KeyValue], realm: String? = nil) -> String {
        var parts = realm.map { ["realm=\"\($0)\""] } ?? []
        parts += parameters.map { "\(FormEncoding.component($0.key))=\"\(FormEncoding.component($0.value))\"" }
        return "OAuth " + parts.joined(separator: ", ")
    }

    public static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
