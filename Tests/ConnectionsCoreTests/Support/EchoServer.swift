import Foundation

extension BackgroundServer {
    /// Tests/servers/echo_server.py on a free port of 127.0.0.1; `readyLine` is the port.
    static func echo() throws -> BackgroundServer {
        try BackgroundServer(try TestServers.python(), [TestServers.directory.appendingPathComponent("echo_server.py").path])
    }
}
