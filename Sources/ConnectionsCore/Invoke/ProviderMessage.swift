import Foundation

/// The human part of an API's error answer, safe for a terminal: a JSON `error_description`, `message` or `error`
/// (also nested under `error`), else the start of a text body; nothing for binary or HTML pages.
public enum ProviderMessage {
    public static func from(_ response: HTTPResponse) -> String {
        if let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            for key in ["error_description", "message", "detail", "error"] {
                if let text = json[key] as? String { return TerminalText.safe(text) }
                if let nested = json[key] as? [String: Any], let text = (nested["message"] ?? nested["description"]) as? String {
                    return TerminalText.safe(text)
                }
            }
            return ""
        }
        guard !response.contentType.contains("html"), let text = String(data: response.body.prefix(300), encoding: .utf8) else { return "" }
        return TerminalText.safe(text, limit: 200)
    }
}
