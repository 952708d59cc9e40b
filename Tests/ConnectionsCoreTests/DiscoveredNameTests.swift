import Foundation
import Testing
@testable import ConnectionsCore

/// What a discovered service is called: the resource's own name, else its host when that is a name; an address
/// names nothing (the TUI then asks).
@Suite struct DiscoveredNameTests {
    static func report(issuer: String, resource: [String: Any]? = nil) throws -> DiscoveryReport {
        let server = try ServerMetadata(json: ["issuer": issuer, "token_endpoint": issuer + "/token"])
        return DiscoveryReport(steps: [], resource: try resource.map { try ResourceMetadata(json: $0) }, server: server)
    }

    @Test func theMetadatasNameThenTheHostNeverAnAddress() throws {
        #expect(DiscoveredService.suggestedName(try Self.report(issuer: "https://auth.example.com")) == "auth.example.com")
        #expect(DiscoveredService.suggestedName(try Self.report(issuer: "http://127.0.0.1:8000/o")) == nil)
        #expect(DiscoveredService.suggestedName(try Self.report(issuer: "http://localhost:8000")) == nil)
        let named = try Self.report(
            issuer: "http://127.0.0.1:8000/o", resource: ["resource": "http://127.0.0.1:8000/api", "resource_name": "Local Files API"])
        #expect(DiscoveredService.suggestedName(named) == "Local Files API")
        #expect(DiscoveredService.make(named, name: nil, linkName: "", scopes: []).name == "Local Files API")
        let twoLines = try Self.report(
            issuer: "https://auth.example.com", resource: ["resource": "https://api.example.com", "resource_name": "A\nB"])
        #expect(DiscoveredService.suggestedName(twoLines) == "api.example.com", "a name that is no one line is not taken")
    }
}
