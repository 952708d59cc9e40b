import Foundation
import Testing
@testable import ConnectionsCore

/// Every catalog service, with its API base pointed at the local echo server, and a set of hostile requests: the curl,
/// Python and JavaScript snippets (with the real `connections token` on their PATH) and `invoke` must deliver the same
/// request: method, path, query, headers, body. The hand-made entries (every auth type and credential placement, service
/// headers, parameters, token fields) run in all three languages; the 120-odd generated ones, which repeat those shapes,
/// each run in one language in turn, so that every service, language and hostile request is covered in well under a
/// minute.
@Suite(.serialized) struct SnippetInvokeAgreementTests {
    static let hostile = SnippetExecutionTests.hostile
    static let headerValue = SnippetExecutionTests.headerValue

    /// The catalog's hand-made entries come first.
    static let handmadeCount = 28

    static let requests: [APIRequest] = [
        APIRequest(
            url: "/items", parameters: [KeyValue("q", hostile), KeyValue("q", "second"), KeyValue("empty", "")],
            headers: [KeyValue("Accept", "application/json"), KeyValue("X-Trace", "a"), KeyValue("x-trace", "b")]),
        APIRequest(
            url: "/items", method: "POST", parameters: [KeyValue(hostile, SnippetExecutionTests.hostileMultiline), KeyValue("plain", "")],
            headers: [KeyValue("X-Hostile", headerValue), KeyValue("X-Empty", "")]),
        APIRequest(url: "/items/42", method: "PATCH", parameters: [KeyValue("dry_run", "true")], text: #"{"name": "it's \"q\" 日本"}"#),
        APIRequest(
            url: "/plain path/ü\\x|y", method: "PUT", headers: [KeyValue("Content-Type", "text/plain; charset=utf-8")],
            text: SnippetExecutionTests.hostileMultiline),
        APIRequest(url: "items?keep=1&x=%20", method: "DELETE", parameters: [KeyValue("also", "2")]),
        APIRequest(url: "/empty", method: "POST"),
    ]

    /// What arrived, without what each HTTP library adds of its own accord.
    struct Arrival: Equatable, CustomStringConvertible {
        var method: String
        var path: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var form: [[String]]?

        static let libraryHeaders: Set = [
            "host", "user-agent", "accept-encoding", "connection", "content-length", "accept-language", "sec-fetch-mode",
        ]

        init(_ json: Data) throws {
            let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
            method = object["method"] as? String ?? ""
            path = object["path"] as? String ?? ""
            query = object["query"] as? [[String]] ?? []
            headers = (object["header_list"] as? [[String]] ?? [])
                .filter { !Self.libraryHeaders.contains($0[0]) && !($0[0] == "accept" && $0[1] == "*/*") }
                .sorted { $0.lexicographicallyPrecedes($1) }
            form = object["form"] as? [[String]]
            body = form == nil ? object["body_base64"] as? String ?? "" : ""
        }

        var description: String { "\(method) \(path) query=\(query) headers=\(headers) form=\(form ?? []) body=\(body)" }
    }

    final class Setup {
        let echo: BackgroundServer
        let cli = CLI()
        let bin = TemporaryDirectory()
        let port: String
        var links: [(link: String, service: String)] = []
        var skipped: [String] = []

        init() throws {
            echo = try BackgroundServer.echo()
            port = echo.readyLine
            try FileManager.default.createDirectory(at: bin.url, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: bin.url.appendingPathComponent("connections").path, withDestinationPath: CLI.binary)
            let workspace = try Workspace(home: cli.home.url.path, environment: [:])
            for catalogService in try Catalog.bundled().services {
                if case .oauth1 = catalogService.auth {
                    // Its snippets call `connections invoke` itself, and each signature differs by its nonce.
                    skipped.append(catalogService.linkName)
                    continue
                }
                var service = catalogService
                service.linkName = "eq_" + catalogService.linkName
                service.origin = .custom
                service.afterConnect = []
                service.allowedHosts = []
                if case .oauth2(var settings) = service.auth, settings.clientID.isEmpty {
                    settings.clientID = "test-client"
                    settings.clientSecret = Secret("test-secret")
                    service.auth = .oauth2(settings)
                }
                let placeholders = (service.parameters + service.tokenFields).map { "/{\($0)}" }.joined()
                service.apiBase = "http://127.0.0.1:\(port)/\(catalogService.linkName)" + placeholders
                try workspace.saveService(service, replace: false)
                let link = catalogService.linkName + "_main"
                try workspace.store.insertConnection(
                    Connection(
                        name: catalogService.name, linkName: link, serviceLinkName: service.linkName,
                        parameters: service.parameters.map { KeyValue($0, "p-" + $0) }, storedStatus: .connected,
                        tokens: service.auth.type == .oauth2
                            ? TokenSet(
                                accessToken: Secret("at-" + link), expiresAt: Date().addingTimeInterval(86_400 * 365),
                                extra: Dictionary(uniqueKeysWithValues: service.tokenFields.map { ($0, "t-" + $0) }))
                            : nil,
                        credentials: Self.credentials(for: service.auth)))
                links.append((link, service.linkName))
            }
        }

        static func credentials(for auth: AuthScheme) -> [String: Secret] {
            switch auth {
            case .apiKey(let fields): Dictionary(uniqueKeysWithValues: fields.map { ($0.key, Secret("key-" + $0.key.filter(\.isLetter))) })
            case .basic: ["username": Secret("user"), "password": Secret("pass word")]
            case .oauth1, .oauth2: [:]
            }
        }

        var environment: [String: String] {
            var environment = cli.environment
            environment["PATH"] = bin.url.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            return environment
        }
    }

    @Test func snippetsSendWhatInvokeSends() async throws {
        let setup = try Setup()
        #expect(setup.links.count >= 20, "catalog services to compare: \(setup.links.count)")
        let workspace = try Workspace(home: setup.cli.home.url.path, environment: [:])
        for (index, (link, serviceLink)) in setup.links.enumerated() {
            let service = try workspace.service(serviceLink)
            let connection = try workspace.connection(link)
            let languages =
                index < Self.handmadeCount
                ? SnippetExecutionTests.executable : [SnippetExecutionTests.executable[index % SnippetExecutionTests.executable.count]]
            for request in [Self.requests[index % Self.requests.count]] {
                let invoked = try await Invoker(workspace: workspace).invoke(link, request)
                let expected = try Arrival(invoked.response.body)
                for language in languages {
                    let code = Snippet.code(
                        language, request: request, linkName: link, service: service, values: connection.placeholderValues)
                    let arrived = try run(language, code, environment: setup.environment)
                    #expect(
                        arrived == expected,
                        "\(link) \(language) \(request.method) \(request.url)\nsnippet: \(arrived)\ninvoke:  \(expected)\n\(code)")
                }
            }
        }
    }

    /// A service header and a request header of the same name: the request's wins, once, in every form.
    @Test func aRequestHeaderReplacesTheServiceHeader() {
        var service = Fixtures.oauth2Service()
        service.apiHeaders = [KeyValue("Accept", "application/vnd.github+json"), KeyValue("X-Shop", "{shop}")]
        let plan = OutgoingRequest.plan(
            APIRequest(url: "/x", headers: [KeyValue("accept", "text/plain")]), service: service, values: ["shop": "acme"])
        #expect(plan.headers == [KeyValue("X-Shop", "acme"), KeyValue("accept", "text/plain")])
    }

    func run(_ language: SnippetLanguage, _ code: String, environment: [String: String]) throws -> Arrival {
        let result: ChildProcess.Result
        switch language {
        case .curl: result = try ChildProcess.run("/bin/bash", ["-c", code], environment: environment)
        case .python: result = try ChildProcess.run(try SnippetExecutionTests.python(), ["-c", code], environment: environment)
        case .javascript:
            guard let node = ChildProcess.find(["node", "nodejs"]) else {
                throw SnippetExecutionTests.SetupError("node not found; .ci/run installs nodejs")
            }
            result = try ChildProcess.run(node, ["--input-type=module", "-e", code], environment: environment)
        case .deluge: throw SnippetExecutionTests.SetupError("Deluge runs only inside Zoho")
        case .mcp: throw SnippetExecutionTests.SetupError("an MCP client's configuration sends no request")
        }
        #expect(result.status == 0, "\(language): \(result.stderr)\n\(code)")
        let json = result.stdout.split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
        return try Arrival(Data(json.utf8))
    }
}
