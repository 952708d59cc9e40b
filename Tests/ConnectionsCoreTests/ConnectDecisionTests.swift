import Foundation
import Testing
@testable import ConnectionsCore

/// What connecting and editing mean, decided once in the core for the CLI and the terminal UI.
@Suite struct ConnectDecisionTests {
    @Test func thePlanFollowsTheAuthTypeAndTheClient() {
        let connection = Connection(name: "A", linkName: "a_main", serviceLinkName: "acme")
        #expect(ConnectPlan.plan(for: connection, service: Fixtures.oauth2Service()) == .authorize)
        #expect(ConnectPlan.plan(for: connection, service: Fixtures.oauth1Service()) == .authorize)
        #expect(ConnectPlan.plan(for: connection, service: Fixtures.basicService) == .askCredentials(CredentialPrompt.prompts(for: .basic)))
        guard case .askCredentials(let prompts) = ConnectPlan.plan(for: connection, service: Fixtures.apiKeyService()) else {
            Issue.record("an API key service asks for its keys")
            return
        }
        #expect(prompts.map(\.key) == ["X-Api-Key", "account"])
        let withoutClient = Fixtures.oauth2Service()
        var settings = withoutClient.auth.oauth2!
        settings.clientID = ""
        var service = withoutClient
        service.auth = .oauth2(settings)
        guard case .cannotStart(let missing) = ConnectPlan.plan(for: connection, service: service) else {
            Issue.record("a service without a client cannot start")
            return
        }
        #expect(missing.problem.contains("client ID"))
        #expect(missing.remedy == .giveClient(linkName: connection.linkName))
        var own = connection
        own.clientID = "mine"
        #expect(ConnectPlan.plan(for: own, service: service) == .authorize)
    }

    @Test func anEditKeepsWhatItDoesNotName() {
        var connection = Connection(
            name: "Shop", linkName: "shop_main", serviceLinkName: "shopify", clientID: "old", clientSecret: Secret("s"), scopes: ["read"],
            parameters: [KeyValue("shop", "a"), KeyValue("region", "eu")])
        ConnectionEdit(parameters: [KeyValue("shop", "b")]).apply(to: &connection)
        #expect(connection.parameters == [KeyValue("shop", "b"), KeyValue("region", "eu")], "set in place, the others kept, order kept")
        #expect(
            connection.name == "Shop" && connection.scopes == ["read"] && connection.clientID == "old" && connection.clientSecret != nil)
        ConnectionEdit(name: "  New name ", scopes: ["write"]).apply(to: &connection)
        #expect(connection.name == "New name" && connection.scopes == ["write"])
        ConnectionEdit(clientID: "").apply(to: &connection)
        #expect(
            connection.clientID.isEmpty && connection.clientSecret == nil,
            "an emptied client ID goes back to the service's client, secret and all")
    }

    /// `connections edit` and the connection form's Save give the same stored connection.
    @Test func theCLIAndTheFormEditAlike() throws {
        let cli = CLI()
        _ = try cli.ok("new", "shopify", "--name", "Shop", "--param", "shop=acme", "--client-id", "cid")
        let twin = CLI()
        _ = try twin.ok("new", "shopify", "--name", "Shop", "--param", "shop=acme", "--client-id", "cid")
        _ = try cli.ok("edit", "shop", "--name", "Renamed", "--param", "shop=other", "--client-id", "")
        let workspace = try Workspace(home: twin.home.url.path, environment: [:])
        _ = try workspace.editConnection("shop", ConnectionEdit(name: "Renamed", parameters: [KeyValue("shop", "other")], clientID: ""))
        let viaCLI = try Workspace(home: cli.home.url.path, environment: [:]).connection("shop")
        let viaForm = try workspace.connection("shop")
        #expect(viaCLI.name == viaForm.name && viaCLI.parameters == viaForm.parameters && viaCLI.clientID == viaForm.clientID)
        #expect(viaCLI.clientID.isEmpty && viaCLI.parameters == [KeyValue("shop", "other")])
    }
}
