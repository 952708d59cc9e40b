import Foundation

/// `application/x-www-form-urlencoded` and RFC 3986 percent-encoding, the one place both are written: token and
/// revocation requests, query strings, OAuth 1 signatures (RFC 5849 §3.6 encodes the same way) and snippets.
public enum FormEncoding {
    public static func encode(_ pairs: [KeyValue]) -> String {
        pairs.map { component($0.key) + "=" + component($0.value) }.joined(separator: "&")
    }

    /// Every byte but the RFC 3986 unreserved characters percent-encoded, in upper-case hex.
    public static func component(_ text: String) -> String { percentEncoded(text, keeping: unreserved) }

    /// `text` with every byte that `kept` (indexed by byte) does not allow written as `%XX`, in upper-case hex.
    static func percentEncoded(_ text: String, keeping kept: [Bool]) -> String {
        guard text.utf8.contains(where: { !kept[Int($0)] }) else { return text }
        var result = ""
        for byte in text.utf8 {
            if kept[Int(byte)] {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// The pairs of a form body or a query string in order ('+' is a space; a pair without '=' has an empty value).
    public static func decode(_ text: String) -> [KeyValue] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return KeyValue(decodeComponent(parts[0]), parts.count > 1 ? decodeComponent(parts[1]) : "")
        }
    }

    static func decodeComponent(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved: [Bool] = (0..<256).map { byte in
        guard byte < 0x80, let scalar = Unicode.Scalar(byte) else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || "-._~".unicodeScalars.contains(scalar)
    }
}
