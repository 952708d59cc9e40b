import Foundation
import Testing

/// `connections proxy --port 0` run from a test home: its address and secret read as a script would (the ready line
/// on stderr, the secret file), stopped with SIGTERM when released.
final class RunningProxy: @unchecked Sendable {
    let process: RunningProcess
    let port: Int
    let secretFile: String
    let secret: String
    var base: String { "http://127.0.0.1:\(port)" }

    init(_ cli: CLI, _ extra: [String] = [], environment: [String: String] = [:]) async throws {
        process = try cli.start(["proxy", "--port", "0"] + extra, environment: environment)
        let prefix = "connections proxy: listening on http://127.0.0.1:"
        guard let ready = await process.stderrLine(where: { $0.hasPrefix(prefix) || $0.hasPrefix("{\"listening\"") }) else {
            throw TestServers.SetupError("the proxy did not start: \(process.wait().stderr)")
        }
        if let json = try? JSONSerialization.jsonObject(with: Data(ready.utf8)) as? [String: String] {
            port = Int(json["listening"]?.split(separator: ":").last ?? "") ?? 0
            secretFile = json["secret_file"] ?? ""
        } else {
            let rest = ready.dropFirst(prefix.count)
            port = Int(rest.prefix { $0.isNumber }) ?? 0
            secretFile = String(rest.components(separatedBy: "; secret in ").last ?? "")
        }
        secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// curl through the proxy with the secret (`secret: nil` leaves it out); status and body.
    func curl(_ path: String, secret given: String?? = .none, _ arguments: [String] = []) throws -> (status: Int, body: String) {
        let header =
            given.map { $0.map { ["-H", "X-Connections-Proxy-Secret: \($0)"] } ?? [] } ?? ["-H", "X-Connections-Proxy-Secret: \(secret)"]
        return try ChildProcess.curl(["--path-as-is"] + header + arguments + [base + path])
    }

    /// Waits for a line of the access log (written once the answer has gone, so possibly after the client has it).
    @discardableResult
    func logged(_ text: String) async -> String? {
        await process.stderrLine { $0.contains(text) }
    }

    /// Stops the proxy and returns what it wrote.
    func stop() -> ChildProcess.Result {
        kill(process.pid, SIGTERM)
        return process.wait()
    }

    deinit {
        kill(process.pid, SIGTERM)
        _ = process.wait()
    }
}
