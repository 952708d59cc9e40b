import Crypto
import Foundation
import _CryptoExtras

/// An OpenID Connect ID token, believed only once checked (OpenID Connect Core §3.1.3.7): signed (RS256 or ES256)
/// by a key the issuer publishes at its `jwks_uri`, `iss` exactly the service's issuer, `aud` naming this client
/// (and `azp` too when there are other audiences), `exp` not past. Then it names the account.
public struct IDToken: Sendable {
    public let account: String?

    /// Clock difference allowed between this machine and the issuer.
    static let leeway: TimeInterval = 120

    static func verified(
        _ token: String, issuer: String, clientID: String, keys: Data, now: Date = Date()
    ) throws(IDTokenProblem) -> IDToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.decode(parts[0]), let payloadBytes = Self.decode(parts[1]),
            let signature = Self.decode(parts[2]),
            let header = (try? JSONSerialization.jsonObject(with: headerBytes)) as? [String: Any],
            let claims = (try? JSONSerialization.jsonObject(with: payloadBytes)) as? [String: Any]
        else { throw .malformed }
        let algorithm = header["alg"] as? String ?? ""
        guard algorithm == "RS256" || algorithm == "ES256" else { throw .unsupportedAlgorithm(TerminalText.safe(algorithm, limit: 20)) }
        let signed = Data(parts[0].utf8) + Data(".".utf8) + Data(parts[1].utf8)
        let candidates = try JSONWebKeys(keys).keys(for: algorithm, id: header["kid"] as? String)
        guard candidates.contains(where: { $0.verifies(signature, of: signed, algorithm: algorithm) }) else { throw .badSignature }
        let found = claims["iss"] as? String ?? ""
        guard found == issuer else { throw .wrongIssuer(expected: issuer, found: TerminalText.safe(found, limit: 200)) }
        let audiences = (claims["aud"] as? [String]) ?? [claims["aud"] as? String].compactMap { $0 }
        guard audiences.contains(clientID) else { throw .wrongAudience }
        if audiences.count > 1, let party = claims["azp"] as? String, party != clientID { throw .wrongAudience }
        guard let expiry = (claims["exp"] as? NSNumber)?.doubleValue, expiry.isFinite else { throw .malformed }
        let expiresAt = Date.saturating(secondsSince1970: expiry) ?? .distantPast
        guard expiresAt.addingTimeInterval(Self.leeway) > now else { throw .expired(expiresAt) }
        return IDToken(account: AccountCheck(url: "", accountFields: Self.accountClaims).account(in: claims))
    }

    /// The claims that name the account, best first.
    public static let accountClaims = ["email", "preferred_username", "name", "sub"]

    static func decode(_ part: Substring) -> Data? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }
}

/// A JSON Web Key Set (RFC 7517) as an issuer publishes it: the RSA and P-256 signing keys among its keys.
struct JSONWebKeys {
    struct Key {
        let id: String?
        let rsa: _RSA.Signing.PublicKey?
        let p256: P256.Signing.PublicKey?

        func verifies(_ signature: Data, of signed: Data, algorithm: String) -> Bool {
            if algorithm == "RS256", let rsa {
                return rsa.isValidSignature(
                    .init(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5)
            }
            if algorithm == "ES256", let p256, let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) {
                return p256.isValidSignature(ecdsa, for: SHA256.hash(data: signed))
            }
            return false
        }
    }

    let all: [Key]

    init(_ document: Data) throws(IDTokenProblem) {
        guard let object = (try? JSONSerialization.jsonObject(with: document)) as? [String: Any],
            let keys = object["keys"] as? [[String: Any]]
        else { throw .unreadableKeys }
        all = keys.compactMap { key in
            if let use = key["use"] as? String, use != "sig" { return nil }
            let id = key["kid"] as? String
            switch key["kty"] as? String {
            case "RSA":
                guard let n = (key["n"] as? String).flatMap({ IDToken.decode(Substring($0)) }),
                    let e = (key["e"] as? String).flatMap({ IDToken.decode(Substring($0)) }),
                    let rsa = try? _RSA.Signing.PublicKey(n: n, e: e)
                else { return nil }
                return Key(id: id, rsa: rsa, p256: nil)
            case "EC" where key["crv"] as? String == "P-256":
                guard let x = (key["x"] as? String).flatMap({ IDToken.decode(Substring($0)) }),
                    let y = (key["y"] as? String).flatMap({ IDToken.decode(Substring($0)) }),
                    let p256 = try? P256.Signing.PublicKey(rawRepresentation: x + y)
                else { return nil }
                return Key(id: id, rsa: nil, p256: p256)
            default:
                return nil
            }
        }
    }

    /// The keys that could have made a signature with `algorithm`: the one named `id` when the token names one.
    func keys(for algorithm: String, id: String?) throws(IDTokenProblem) -> [Key] {
        let fitting = all.filter { (algorithm == "RS256" ? $0.rsa != nil : $0.p256 != nil) && (id == nil || $0.id == id) }
        guard !fitting.isEmpty else { throw .unknownKey }
        return fitting
    }
}

/// Why an ID token was not believed.
public enum IDTokenProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed
    case unsupportedAlgorithm(String)
    case unreadableKeys
    case unknownKey
    case badSignature
    case wrongIssuer(expected: String, found: String)
    case wrongAudience
    case expired(Date)

    public var description: String {
        switch self {
        case .malformed: "it is not a signed JWT with the claims an ID token has"
        case .unsupportedAlgorithm(let algorithm): "it is signed with \(algorithm.isEmpty ? "no algorithm" : algorithm), not RS256 or ES256"
        case .unreadableKeys: "the issuer's keys (jwks_uri) could not be read"
        case .unknownKey: "it is signed with a key the issuer does not publish"
        case .badSignature: "its signature does not verify with the issuer's keys: it may be forged"
        case .wrongIssuer(let expected, let found): "it was issued by \(found.isEmpty ? "no one" : found), not \(expected)"
        case .wrongAudience: "it was issued for another client"
        case .expired(let date): "it expired at \(Timestamp.iso8601(date))"
        }
    }
}
