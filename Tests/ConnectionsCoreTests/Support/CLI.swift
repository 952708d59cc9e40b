import Foundation
import Testing

/// Runs the built `connections` binary with a private home, as a user or a script would.
struct CLI {
    static let binary: String = {
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        let beside = products.appendingPathComponent("connections").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/connections").path
    }()

    let home = TemporaryDirectory()

    @discardableResult
    func run(_ arguments: String..., input: String? = nil, environment extra: [String: String] = [:]) throws -> ChildProcess.Result {
        try run(arguments, input: input, environment: extra)
    }

    @discardableResult
    func run(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> ChildProcess.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["CONNECTIONS_HOME"] = home.url.path
        environment.removeValue(forKey: "CONNECTIONS_KEY")
        environment.merge(extra) { $1 }
        return try ChildProcess.run(Self.binary, arguments, environment: environment, input: input)
    }

    /// Runs and expects success; returns stdout.
    func ok(_ arguments: String..., input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, input: input)
        #expect(result.status == 0, "connections \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }
}
