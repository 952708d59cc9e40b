import ConnectionsCore
import Foundation
import Testing

/// The second pass (issue 25) in the real terminal: what needs tmux to be seen.
@Suite(.serialized) struct EndToEndSecondPassTests {
    typealias Session = EndToEndTests.Session

    /// Items 4 and 5: typing a letter that is no key starts Pick Your Service's filter, and the bar says what enter
    /// and esc do; a resize redraws at once with every column (the resize used to wait for the next second's tick,
    /// the terminal meanwhile showing the old frame cut to the new width); one row does not give SERVICE the whole
    /// width; no match says so and how to clear it.
    @Test func typingFiltersAndAResizeRedrawsAtOnce() throws {
        // The clock ticks once a minute here: a frame drawn for a new size within seconds was drawn by the resize.
        let session = try Session(width: 160, height: 45, environment: ["CONNECTIONS_TUI_TICK_MS": "60000"])
        session.waitFor("No connections yet")
        try session.keys("]", waitFor: "services · / to filter")
        try session.type("hubs", waitFor: "Filter: hubs")
        session.waitFor("enter keeps the filter · esc clears it")
        session.waitFor("the HubSpot row") { $0.hasPrefix(" HubSpot ") }
        let row = try #require(session.screen.split(separator: "\n").first { $0.hasPrefix(" HubSpot ") })
        let link = try #require(row.range(of: "hubspot"))
        #expect(row.distance(from: row.startIndex, to: link.lowerBound) < 60, "SERVICE takes no more than its share: \(row)")
        for (width, height) in [(80, 24), (120, 40), (80, 24), (100, 30), (60, 15), (160, 45)] {
            try session.tmux(["resize-window", "-t", "app", "-x", "\(width)", "-y", "\(height)"])
            // Drawn for this width well before the next tick (a minute away): the rule ends at the new edge, and every
            // column's title is there.
            let deadline = Date().addingTimeInterval(15)
            var screen = session.screen
            func drawn(_ screen: String) -> Bool {
                let lines = screen.split(separator: "\n")
                return lines.contains { $0.hasPrefix("─") && $0.count == width }
                    && lines.contains { $0.hasPrefix(" SERVICE") && ["LINK NAME", "AUTH", "CATEGORY"].allSatisfy($0.contains) }
            }
            while !drawn(screen), Date() < deadline { screen = session.screen }
            #expect(drawn(screen), "at \(width)x\(height):\n\(screen)")
        }
        try session.type("zz", waitFor: "No service matches “hubszz”. esc clears the filter.")
        try session.keys("Enter", waitFor: "↑↓ move")
        try session.keys("Escape", waitFor: "services · / to filter")
    }

    /// A TCP port on 127.0.0.1 that accepts connections (the kernel's backlog) and never answers.
    final class SilentServer {
        let descriptor: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0, listen(fd, 8) == 0 else {
                close(fd)
                throw CocoaError(.fileWriteUnknown)
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            descriptor = fd
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(descriptor) }
    }

    /// Item 9: Esc stops a discovery that hangs at once (it used to ask whether to discard the form), the form keeps
    /// the URL, and nothing arrives later.
    @Test func escStopsADiscoveryThatHangs() throws {
        let server = try SilentServer()
        let session = try Session.onCustomService()
        try session.keys("BTab")
        let url = "http://127.0.0.1:\(server.port)/issuer"
        try session.type(url)
        try session.keys("Enter", waitFor: "Discovering \(url)… esc stops it.")
        session.waitFor("discovering · esc stops it")
        try session.keys("Escape", waitFor: "Stopped discovering \(url); nothing was filled in.")
        #expect(!session.screen.contains("Discard what you typed"), "\(session.screen)")
        #expect(session.screen.contains(url), "the form keeps the URL")
        try session.keys("Escape", waitFor: "Discard what you typed in this form?")
    }
}
