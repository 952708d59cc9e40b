import Foundation
import Testing
@testable import ConnectionsCore

/// The worked examples of RFC 5849.
@Suite struct OAuth1SignerTests {
    let consumer = (key: "dpf43f3p2l4k3l03", secret: "kd94hf93k423kf44")

    /// The protocol parameters of the RFC's requests by the consumer above (HMAC-SHA1), with the token when there is one.
    func protocolParameters(token: String? = nil, timestamp: String, nonce: String) -> [KeyValue] {
        [KeyValue("oauth_consumer_key", consumer.key)] + (token.map { [KeyValue("oauth_token", $0)] } ?? [])
            + [KeyValue("oauth_signature_method", "HMAC-SHA1"), KeyValue("oauth_timestamp", timestamp), KeyValue("oauth_nonce", nonce)]
    }

    func signature(_ signer: OAuth1Signer, _ method: String, _ url: String, _ parameters: [KeyValue]) -> String {
        signer.signature(baseString: OAuth1Signer.baseString(method: method, url: URL(string: url)!, parameters: parameters))
    }

    /// §1.2, the temporary credentials request. The RFC prints 74KNZJeDHnMBp0EMJ9ZJC/sGVi4=, which its own base string
    /// does not produce (python-oauth10a and a hand computation both give this value); the other two examples match the RFC.
    @Test func temporaryCredentialsRequest() {
        let signer = OAuth1Signer(consumerKey: consumer.key, consumerSecret: consumer.secret)
        let parameters =
            protocolParameters(timestamp: "137131200", nonce: "wIjqoS") + [KeyValue("oauth_callback", "http://printer.example.com/ready")]
        #expect(
            OAuth1Signer.baseString(method: "POST", url: URL(string: "https://photos.example.net/initiate")!, parameters: parameters)
                == "POST&https%3A%2F%2Fphotos.example.net%2Finitiate&oauth_callback%3Dhttp%253A%252F%252Fprinter.example.com%252Fready"
                + "%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3DwIjqoS%26oauth_signature_method%3DHMAC-SHA1"
                + "%26oauth_timestamp%3D137131200"
        )
        #expect(signature(signer, "POST", "https://photos.example.net/initiate", parameters) == "74KNZJeDHnMBp0EMJ9ZHt/XKycU=")
    }

    @Test func tokenRequest() {
        let signer = OAuth1Signer(
            consumerKey: consumer.key, consumerSecret: consumer.secret, token: "hh5s93j4hdidpola", tokenSecret: "hdhd0244k9j7ao03")
        let parameters =
            protocolParameters(token: "hh5s93j4hdidpola", timestamp: "137131201", nonce: "walatlh")
            + [KeyValue("oauth_verifier", "hfdp7dh39dks9884")]
        #expect(signature(signer, "POST", "https://photos.example.net/token", parameters) == "gKgrFCywp7rO0OXSjdot/IHF7IU=")
    }

    @Test func resourceRequest() {
        let signer = OAuth1Signer(
            consumerKey: consumer.key, consumerSecret: consumer.secret, token: "nnch734d00sl2jdk", tokenSecret: "pfkkdhi9sl3r4s00")
        let parameters = protocolParameters(token: "nnch734d00sl2jdk", timestamp: "137131202", nonce: "chapoH")
        #expect(
            signature(signer, "GET", "http://photos.example.net/photos?file=vacation.jpg&size=original", parameters)
                == "MdpQcU8iPSUjWoN/UDMsK2sui9I=")
    }

    /// §3.4.1.1: query, body and protocol parameters, with encoded and repeated names, sorted into one base string.
    @Test func baseStringExample() {
        let parameters =
            [
                KeyValue("oauth_consumer_key", "9djdj82h48djs9d2"), KeyValue("oauth_token", "kkk9d7dh3k39sjv7"),
                KeyValue("oauth_signature_method", "HMAC-SHA1"),
                KeyValue("oauth_timestamp", "137131201"), KeyValue("oauth_nonce", "7d8f3e4a"),
            ] + FormEncoding.decode("c2&a3=2+q")
        let base = OAuth1Signer.baseString(
            method: "POST", url: URL(string: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b")!, parameters: parameters)
        #expect(
            base
                == "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D"
                + "%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1"
                + "%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        )
    }

    @Test func baseURIRules() {
        #expect(OAuth1Signer.baseURI(URL(string: "HTTP://EXAMPLE.COM:80/r%20v/X?id=123")!) == "http://example.com/r%20v/X")
        #expect(OAuth1Signer.baseURI(URL(string: "https://www.example.net:8080/?q=1")!) == "https://www.example.net:8080/")
    }

    @Test func plaintextAndHeader() {
        let signer = OAuth1Signer(consumerKey: "k", consumerSecret: "s&e", token: "t", tokenSecret: "ü", method: .plaintext)
        #expect(signer.signature(baseString: "ignored") == "s%26e&%C3%BC")
        let signed = signer.sign(method: "GET", url: URL(string: "https://a.test/x")!, nonce: "n", timestamp: 1)
        #expect(
            OAuth1Signer.authorizationHeader(signed, realm: "R")
                == "OAuth realm=\"R\", oauth_consumer_key=\"k\", oauth_token=\"t\", oauth_signature_method=\"PLAINTEXT\", "
                + "oauth_timestamp=\"1\", oauth_nonce=\"n\", oauth_version=\"1.0\", oauth_signature=\"s%2526e%26%25C3%25BC\""
        )
        #expect(FormEncoding.component("Ladies + Gentlemen") == "Ladies%20%2B%20Gentlemen")
        #expect(FormEncoding.component("☃") == "%E2%98%83")
    }
}
