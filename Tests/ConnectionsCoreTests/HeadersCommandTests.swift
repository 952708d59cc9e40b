import Foundation
import Testing
@testable import ConnectionsCore

/// `connections headers LINK`: what a request through the connection carries, for header helpers and scripts.
@Suite struct HeadersCommandTests {
    @Test func apiKeyHeadersAndTheServiceHeadersPlainAndJSON() throws {
        let cli = try CLI.withKeyedConnection(
            """
            name: Keyed
            link_name: keyed
            auth: api_key
            api_base: https://api.example.com
            api_headers: {Notion-Version: "2022-06-28"}
            api_key:
              - {key: X-Api-Key, label: API Key, placement: header, prefix: ""}
              - {key: sig, label: Signature, placement: query, prefix: ""}
            """, service: "keyed", name: "K", keys: ["key-123", "sig-456"])
        let plain = try cli.run("headers", "k")
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == "Notion-Version: 2022-06-28\nX-Api-Key: key-123\n")
        #expect(plain.stderr.contains("sig goes in the query string, not a header: `connections token k --key sig`"), "\(plain.stderr)")
        #expect(!plain.stderr.contains("sig-456"))
        let json = try JSONSerialization.jsonObject(with: Data(try cli.ok("headers", "k", "--json").utf8)) as? [String: String]
        #expect(json == ["Notion-Version": "2022-06-28", "X-Api-Key": "key-123"])
    }

    @Test func aBearerTokenRefreshedFirst() async throws {
        let mcp = try MCPExactTestServer()
        let cli = try CLI.connected(to: mcp)
        let token = try cli.ok("token", "mine").trimmingCharacters(in: .newlines)
        #expect(try cli.ok("headers", "mine") == "Authorization: Bearer \(token)\n")
        try await cli.expireStoredToken("mine")
        let renewed = try cli.ok("headers", "mine", "--json")
        let header = (try JSONSerialization.jsonObject(with: Data(renewed.utf8)) as? [String: String])?["Authorization"]
        #expect(header?.hasPrefix("Bearer ") == true && header != "Bearer \(token)", "\(renewed)")
        #expect(try mcp.tokenRequests()["refresh_token"] == 1)
    }
}
