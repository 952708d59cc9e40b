import Testing
@testable import ConnectionsCore

/// How `/LINK/PATH?QUERY` reaching the proxy becomes a path under the API base, and which paths never do.
@Suite struct ProxyRouteTests {
    @Test func theLinkThePathAndTheQueryAsTheClientEncodedThem() throws {
        let route = try ProxyRoute.parse("/github/repos/a%20b/issues?state=open&q=%7Bx%7D")
        #expect(route.linkName == "github" && route.path == "/repos/a%20b/issues" && route.query == "state=open&q=%7Bx%7D")
        #expect(try ProxyRoute.parse("/github").relativeURL == "")
        #expect(try ProxyRoute.parse("/github/").relativeURL == "/")
        #expect(try ProxyRoute.parse("/github/{dc}/x?a={b}").relativeURL == "/%7Bdc%7D/x?a=%7Bb%7D", "no placeholder is filled")
        #expect(try ProxyRoute.parse("/my%5Fapi/x").linkName == "my_api", "a link name may be percent-encoded")
    }

    @Test func pathsThatCouldLeaveTheAPIBaseAreRefused() {
        for target in [
            "/l/..", "/l/../x", "/l/a/./b", "/l/%2e%2e/x", "/l/.%2E/x", "/l/%252e%252e/x", "/l/a%2fb", "/l/a%5Cb", "/l/a\\b",
            "/l/a%00b", "/l/%zz", "/l/a#b", "/l/x?a#b",
        ] {
            #expect(throws: ProxyRefusal.self, "\(target)") { try ProxyRoute.parse(target) }
        }
        #expect(throws: ProxyRefusal.notOriginForm) { try ProxyRoute.parse("http://example.com/x") }
        #expect(throws: ProxyRefusal.noLinkName) { try ProxyRoute.parse("/") }
        #expect(throws: ProxyRefusal.noLinkName) { try ProxyRoute.parse("//x") }
    }

    @Test func headersThatCrossAndHeadersThatDoNot() {
        let sent = ProxyHeaders.forwarded([
            KeyValue("Authorization", "Bearer mine"), KeyValue("Cookie", "a=1"), KeyValue("X-Connections-Proxy-Secret", "s"),
            KeyValue("Connection", "keep-alive, X-Hop"), KeyValue("X-Hop", "1"), KeyValue("Content-Length", "3"),
            KeyValue("Accept", "application/json"),
        ])
        #expect(sent == [KeyValue("Accept", "application/json")])
        let returned = ProxyHeaders.returned([
            KeyValue("Set-Cookie", "s=1"), KeyValue("Transfer-Encoding", "chunked"), KeyValue("Content-Length", "3"),
            KeyValue("Connection", "\tX-Trace ,, close"), KeyValue("x-trace", "1"), KeyValue("Content-Type", "text/plain"),
        ])
        #expect(returned == [KeyValue("Content-Length", "3"), KeyValue("Content-Type", "text/plain")])
        #expect(ProxyHeaders.secret(in: [KeyValue("Proxy-Authorization", "Bearer abc")]) == "abc")
    }
}
