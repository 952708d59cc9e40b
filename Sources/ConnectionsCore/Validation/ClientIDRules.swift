/// What a client ID may hold, wherever it comes from (a form, a service file, a registration answer): visible
/// ASCII and the space, as RFC 6749 §A.1 says, and at most `maxLength` characters, so that a service file holds it
/// and `service import` reads back what `service export` wrote.
public enum ClientIDRules {
    public static let maxLength = 2048

    /// What is wrong, worded to follow "client ID" or "its client_id", or nil.
    public static func problem(_ clientID: String) -> String? {
        if clientID.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || TerminalText.isUnsafe($0) }) {
            return "holds a line break or another control character"
        }
        if clientID.utf8.count > maxLength { return "is \(clientID.utf8.count) characters long; at most \(maxLength) are kept" }
        if !clientID.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            return "holds characters other than visible ASCII and the space (RFC 6749 §A.1)"
        }
        return nil
    }
}
