import ConnectionsCore
import Foundation

// Helpers for the benchmarks in bench/: `connections-bench seed HOME COUNT` fills a store with connections;
// `connections-bench read HOME` times reading every summary in-process (median of 20 runs, in ms);
// `connections-bench tui HOME` times the TUI's first frame and a filter keystroke at 200x50.
let arguments = CommandLine.arguments
if arguments.count == 2, arguments[1] == "nothing" { exit(0) }
if arguments.count == 3, arguments[1] == "get", let url = URL(string: arguments[2]) {
    // The floor under `connections invoke`: a process that makes one request through the same HTTP client.
    let response = try await HTTPClient().send(HTTPRequest(method: "GET", url: url))
    FileHandle.standardOutput.write(response.body)
    exit(0)
}
if arguments.count == 4, arguments[1] == "tui-terminal" {
    try TUIBench.runInTerminal(home: arguments[2], result: arguments[3])
    exit(0)
}
if arguments.count == 3, arguments[1] == "tui" {
    try TUIBench.run(home: arguments[2])
    exit(0)
}
if arguments.count >= 4, arguments[1] == "steps" {
    // What one `connections token LINK` spends, step by step, in a cold process (ms).
    func time<T>(_ label: String, _ work: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let value = try work()
        let elapsed = ContinuousClock.now - start
        print(label, String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000))
        return value
    }
    let workspace = try time("open store") { try Workspace(home: arguments[2]) }
    let connection = try time("read connection") { try workspace.connection(arguments[3]) }
    _ = try time("find service") { try workspace.service(connection.serviceLinkName) }
    _ = try time("find service again") { try workspace.service(connection.serviceLinkName) }
    if arguments.count == 5, let url = URL(string: arguments[4]) {
        for label in ["first request", "second request"] {
            let start = ContinuousClock.now
            _ = try await HTTPClient().send(HTTPRequest(method: "GET", url: url))
            let elapsed = ContinuousClock.now - start
            print(label, String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000))
        }
    }
    exit(0)
}
if arguments.count == 3, arguments[1] == "read" {
    let store = try SQLiteStore(location: StoreLocation.resolve(home: arguments[2], environment: [:]), environment: [:])
    var times: [Double] = []
    for _ in 0..<20 {
        let start = ContinuousClock.now
        _ = try store.connectionSummaries()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    print(String(format: "%.2f", times.sorted()[times.count / 2]))
    exit(0)
}
guard arguments.count == 4 || arguments.count == 5, arguments[1] == "seed", let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: connections-bench seed HOME COUNT [API_BASE]\n".utf8))
    exit(64)
}
// In a function, so the store is closed (and its WAL checkpointed) before the process ends.
func seed(home: String, count: Int) throws {
    let store = try SQLiteStore(location: StoreLocation.resolve(home: home, environment: [:]), environment: [:])
    let services = ["google", "slack", "github", "mailchimp", "salesforce", "zoho_crm"]
    let now = Date()
    var batch: [Connection] = []
    for index in 0..<count {
        let connected = index % 2 == 0
        batch.append(
            Connection(
                name: "Connection \(index)", linkName: "conn_\(index)", serviceLinkName: services[index % services.count],
                clientID: "client-\(index)", scopes: ["read", "write"], storedStatus: connected ? .connected : .notConnected,
                tokens: connected
                    ? TokenSet(
                        accessToken: Secret("access-\(UUID().uuidString)"), refreshToken: Secret("refresh-\(UUID().uuidString)"),
                        expiresAt: now.addingTimeInterval(Double(index % 7200)), grantedScopes: ["read"],
                        extra: ["instance_url": "https://na\(index % 9).example.test"]) : nil))
    }
    try store.insertConnections(batch)
}

/// A custom service whose API is at `apiBase` (the benchmark's local server), and `bench_api`, connected to it with a
/// token valid for two hours.
func seedLocalAPI(home: String, apiBase: String) throws {
    let workspace = Workspace(store: try SQLiteStore(location: StoreLocation.resolve(home: home, environment: [:]), environment: [:]))
    var settings = OAuth2Settings()
    settings.clientID = "bench-client"
    settings.authorizeURL = apiBase + "/authorize"
    settings.tokenURL = apiBase + "/token"
    try workspace.saveService(Service(name: "Local API", linkName: "local_api", auth: .oauth2(settings), apiBase: apiBase), replace: false)
    _ = try workspace.createConnection(ConnectionDraft(serviceLinkName: "local_api", name: "Bench API", linkName: "bench_api"))
    try workspace.store.saveAuthorization(
        "bench_api", tokens: TokenSet(accessToken: Secret("bench-access"), expiresAt: Date().addingTimeInterval(7200)),
        status: .connected)
}

try seed(home: arguments[2], count: count)
if arguments.count == 5 { try seedLocalAPI(home: arguments[2], apiBase: arguments[4]) }
print("seeded \(count) connections in \(arguments[2])")
