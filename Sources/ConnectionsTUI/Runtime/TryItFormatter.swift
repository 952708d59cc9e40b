import ConnectionsCore
import Foundation

/// Makes an answer ready for the screen (off the UI thread): status and time, headers, and the body as lines,
/// JSON pretty-printed; binary bodies are described, not shown.
enum TryItFormatter {
    static let maxLines = 5_000

    static func response(_ result: InvokeResult) -> TryItResponse {
        let response = result.response
        let milliseconds =
            Int(result.elapsed.components.seconds * 1000) + Int(result.elapsed.components.attoseconds / 1_000_000_000_000_000)
        var summary = "\(result.method) \(result.url.absoluteString) → HTTP \(response.status) · \(milliseconds) ms"
        if result.retriedAfterRefresh { summary += " · token refreshed after a 401" }
        for warning in result.warnings { summary += " · " + warning }
        summary = TerminalText.safe(summary, limit: 1000)
        let headers = response.headers.sorted { $0.key.lowercased() < $1.key.lowercased() }.map {
            TerminalText.safeLine("\($0.key): \($0.value)")
        }
        var body: [String]
        var isJSON = false
        if let object = try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            body = compactEmptyContainers(String(decoding: pretty, as: UTF8.self).components(separatedBy: "\n"))
            isJSON = true
        } else if let text = String(data: response.body, encoding: .utf8) {
            body = text.components(separatedBy: "\n")
        } else {
            body = ["(\(response.body.count) bytes of \(response.contentType.isEmpty ? "binary data" : response.contentType), not shown)"]
        }
        body = body.map { TerminalText.safeLine($0) }
        if body.count > maxLines { body = Array(body.prefix(maxLines)) + ["… \(body.count - maxLines) more lines not shown"] }
        return TryItResponse(summary: summary, isError: response.status >= 400, headers: headers, bodyLines: body, isJSON: isJSON)
    }

    /// Foundation prints `{}` as `{`, an empty line and `}`: join them back.
    static func compactEmptyContainers(_ lines: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if index + 2 < lines.count, line.hasSuffix("{") || line.hasSuffix("["),
                lines[index + 1].trimmingCharacters(in: .whitespaces).isEmpty
            {
                let closing = lines[index + 2].trimmingCharacters(in: .whitespaces)
                if closing.hasPrefix("}") || closing.hasPrefix("]") {
                    result.append(line + closing)
                    index += 3
                    continue
                }
            }
            result.append(line)
            index += 1
        }
        return result
    }

    static func failure(_ error: any Error) -> TryItResponse {
        TryItResponse(summary: TUIMessage.describe(error), isError: true)
    }
}
