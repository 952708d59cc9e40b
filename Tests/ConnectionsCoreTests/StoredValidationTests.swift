import Foundation
import Testing
@testable import ConnectionsCore

/// A stored service is held to the rules an import or the form applies, when it is read, not only when it was
/// written (a row an older Connections wrote, or one a teammate's wrote before a rule existed).
@Suite struct StoredValidationTests {
    /// A service stored as it is, past the checks an import would make.
    static func storeUnchecked(_ service: Service, in store: SQLiteStore, connection link: String) throws {
        try store.saveService(service, replace: false)
        try store.insertConnection(
            Connection(
                name: link, linkName: link, serviceLinkName: service.linkName, storedStatus: .connected,
                tokens: TokenSet(accessToken: Secret("stored-access"), refreshToken: Secret("stored-refresh"))))
    }

    @Test func aStoredTokenURLInClearGetsNothing() throws {
        let cli = CLI()
        var service = Fixtures.oauth2Service()
        service.auth = .oauth2(
            {
                var settings = service.auth.oauth2!
                settings.tokenURL = "http://127.0.0.2:9/token"
                return settings
            }())
        try Self.storeUnchecked(service, in: try cli.home.store(), connection: "acme_main")
        let refused = try cli.run("token", "acme_main", "--refresh")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("Service acme as stored fails a check, so nothing was sent"), "\(refused.stderr)")
        #expect(refused.stderr.contains("must be https"), "\(refused.stderr)")
        #expect(refused.stderr.contains("connections service import FILE --replace"), "\(refused.stderr)")

        let target = TemporaryDirectory()
        #expect(throws: StoreError.self) { try StoreCopy.copy(from: try cli.home.store(), to: try target.store()) }
        #expect(try target.store().connectionCount() == 0, "nothing was copied")
        #expect(try target.store().customServices().isEmpty)
    }

    @Test(arguments: ["javascript://alert(1)", "file:///etc/passwd", "smb://host/share"])
    func aStoredAuthorizeURLThatIsNoWebPageIsNeverOpened(_ url: String) throws {
        let cli = CLI()
        var service = Fixtures.oauth2Service()
        service.auth = .oauth2(
            {
                var settings = service.auth.oauth2!
                settings.authorizeURL = url
                return settings
            }())
        try Self.storeUnchecked(service, in: try cli.home.store(), connection: "acme_main")
        let opened = cli.home.url.appendingPathComponent("opened")
        let connect = try cli.run(["connect", "acme_main"], environment: ["BROWSER": "/usr/bin/touch \(opened.path)"])
        #expect(connect.status != 0)
        #expect(
            connect.stderr.contains("Service acme as stored fails a check, so nothing was sent: oauth2.authorize_url"), "\(connect.stderr)")
        #expect(!FileManager.default.fileExists(atPath: opened.path), "no browser was started")
        #expect(!BrowserLauncher.mayOpen(url))
    }

    @Test func onlyWebPagesGoToABrowser() {
        #expect(BrowserLauncher.mayOpen("https://example.com/authorize?x=1"))
        #expect(BrowserLauncher.mayOpen("http://127.0.0.1:8000/o/authorize/"))
        for url in ["http://example.com/authorize", "javascript:alert(1)", "file:///etc/passwd", "smb://h/s", "https:///nohost"] {
            #expect(!BrowserLauncher.mayOpen(url), "\(url)")
        }
    }
}
