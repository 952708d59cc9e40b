import Foundation
import Testing
@testable import ConnectionsCore

/// Token endpoints that answer the way real providers do, served over real HTTP by the test server.
@Suite struct TokenResponseTests {
    let server: OAuth2TestServer

    init() throws { server = try OAuth2TestServer.shared.get() }

    func endpoint(_ quirk: String, format: OAuth2Settings.RequestFormat = .form) throws -> TokenEndpoint {
        var settings = OAuth2Settings()
        settings.grant = .clientCredentials
        settings.clientID = "machine-app"
        settings.clientSecret = Secret("machine-secret")
        settings.tokenURL = "\(server.base)/quirks/\(quirk)/token"
        settings.tokenRequestFormat = format
        let service = Service(name: "Quirky", linkName: "quirky", auth: .oauth2(settings))
        return TokenEndpoint(
            client: try OAuth2Client(service: service, connection: Connection(name: "q", linkName: "q", serviceLinkName: "quirky")))
    }

    @Test func slackStyleErrorInsideHTTP200() async throws {
        await #expect(throws: ConnectError.provider(error: "invalid_code", description: nil, status: 200)) {
            try await endpoint("slack").clientCredentials()
        }
    }

    @Test func htmlErrorPageBecomesAShortMessage() async throws {
        let html = try endpoint("html")
        do {
            _ = try await html.clientCredentials()
            Issue.record("an HTML page was taken for a token")
        } catch {
            #expect(error.description == "The provider answered HTTP 502 with text/html, not a token: 502 Bad Gateway")
        }
    }

    @Test func formEncodedTokenWithExpiry() async throws {
        let tokens = try await endpoint("form").clientCredentials()
        #expect(tokens.accessToken.exposedValue == "form-token-123")
        #expect(tokens.grantedScopes == ["repo", "gist"])
        let lifetime = try #require(tokens.expiresAt).timeIntervalSinceNow
        #expect(lifetime > 3500 && lifetime <= 3600)
    }

    @Test func expiryAsTextAndExtraFieldsAreKept() async throws {
        let tokens = try await endpoint("string-expiry", format: .json).clientCredentials()
        let lifetime = try #require(tokens.expiresAt).timeIntervalSinceNow
        #expect(lifetime > 100 && lifetime <= 120)
        #expect(tokens.extra["instance_url"] == "https://na1.example.test")
    }

    @Test func missingExpiryMeansUnknownLifetime() async throws {
        let tokens = try await endpoint("no-expiry").clientCredentials()
        #expect(tokens.expiresAt == nil)
        #expect(!tokens.isExpired(at: Date().addingTimeInterval(1e9)))
    }

    @Test func formErrorIsStrippedOfControlCharacters() async throws {
        let formError = try endpoint("form-error")
        do {
            _ = try await formError.clientCredentials()
            Issue.record("an error was taken for a token")
        } catch {
            #expect(error == .provider(error: "bad_verification_code", description: "The code passed is incorrect [31m", status: 400))
            #expect(!error.description.unicodeScalars.contains { $0.value == 0x1B })
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        var slow = try endpoint("slow")
        slow.timeout = 1
        await #expect(throws: ConnectError.network(.timedOut(host: "127.0.0.1:\(server.port)", seconds: 1))) {
            try await slow.clientCredentials()
        }
    }
}
