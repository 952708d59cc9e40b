import Foundation

/// Where the Python test servers are, and the Python that runs them. Shared by both test targets.
enum TestServers {
    /// Tests/servers, found upwards from this file (which both test targets reach through a link).
    static let directory: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let servers = folder.appendingPathComponent("servers")
            if FileManager.default.fileExists(atPath: servers.appendingPathComponent("postgres_server.py").path) { return servers }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "Tests/servers")
    }()

    /// `CONNECTIONS_TEST_PYTHON`, else the project's .venv (scripts/setup makes it), else python3 on the PATH.
    static func python() throws -> String {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["CONNECTIONS_TEST_PYTHON"],
            directory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".venv/bin/python3").path,
        ]
        guard let python = ChildProcess.find(candidates.compactMap { $0 } + ["python3"]) else {
            throw SetupError("python3 not found; run scripts/test, which sets up .venv")
        }
        return python
    }

    struct SetupError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
