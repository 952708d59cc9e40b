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
        let session = try Session(width: 160, height: 45)
        session.waitFor("No connections yet")
        try session.keys("]")
        session.waitFor("services · / to filter")
        try session.type("hubs")
        session.waitFor("Filter: hubs")
        session.waitFor("enter keeps the filter · esc clears it")
        session.waitFor("the HubSpot row") { $0.hasPrefix(" HubSpot ") }
        let row = try #require(session.screen.split(separator: "\n").first { $0.hasPrefix(" HubSpot ") })
        let link = try #require(row.range(of: "hubspot"))
        #expect(row.distance(from: row.startIndex, to: link.lowerBound) < 60, "SERVICE takes no more than its share: \(row)")
        for (width, height) in [(80, 24), (120, 40), (80, 24), (100, 30)] {
            try session.tmux(["resize-window", "-t", "app", "-x", "\(width)", "-y", "\(height)"])
            // Drawn for this width: the rule ends at its edge, and every column's title is there.
            session.waitFor("every column at \(width) columns", within: 0.5) { line in
                line.hasPrefix(" SERVICE") && ["LINK NAME", "AUTH", "CATEGORY"].allSatisfy(line.contains)
                    && session.screen.split(separator: "\n").contains { $0.hasPrefix("─") && $0.count == width }
            }
        }
        try session.type("zz")
        session.waitFor("No service matches “hubszz”. esc clears the filter.")
        try session.keys("Enter")
        session.waitFor("↑↓ move")
        try session.keys("Escape")
        session.waitFor("services · / to filter")
    }
}
