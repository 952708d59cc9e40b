import Foundation
import Testing

/// Compares text with `Golden/NAME.txt` of the calling test target (the text, then a line break);
/// `UPDATE_GOLDEN=1 swift test` rewrites the files instead.
enum Golden {
    static func check(
        _ actual: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let directory = directory(calledFrom: filePath)
        let file = directory.appendingPathComponent(name + ".txt")
        let text = actual + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: false, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("No golden file \(name).txt; run UPDATE_GOLDEN=1 swift test", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, "golden \(name).txt differs:\n\(text)", sourceLocation: sourceLocation)
    }

    /// `Tests/TARGET/Golden` for a file anywhere under `Tests/TARGET`.
    private static func directory(calledFrom filePath: String) -> URL {
        var target = URL(fileURLWithPath: filePath)
        while target.path != "/", target.deletingLastPathComponent().lastPathComponent != "Tests" {
            target.deleteLastPathComponent()
        }
        return target.appendingPathComponent("Golden", isDirectory: true)
    }
}
