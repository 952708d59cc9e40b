import ConnectionsCore

/// Errors in the words of the terminal UI: the key to press here (as the keymap binds it), not the command to type
/// in a shell.
enum TUIMessage {
    static func describe(_ error: any Error, keymap: Keymap = .standard) -> String {
        let connect = keymap.key(for: .connect, in: [.detail]), edit = keymap.key(for: .edit, in: [.detail, .list])
        let text: String =
            switch error {
            case ConnectError.notConnected(let link, let status):
                "Connection \(link) is \(status): press \(connect) on its page to connect it."
            case ConnectError.needsReconnect(let link, let reason):
                "Connection \(link) needs to be connected again (\(reason)): press \(connect) on its page."
            case ConnectError.noRefreshToken(let link):
                "The token of \(link) expired and the provider gave no refresh token: press \(connect) to connect again."
            case ConnectError.missingParameter(let name, let link):
                "Connection \(link) has no value for '\(name)': press \(edit) on its page to set it."
            case ConnectError.placeholderDoesNotFit(let problem, let link):
                "\(problem) Press \(edit) on the page of \(link) to give another value."
            case InvokeError.placeholderDoesNotFit(let problem, let link):
                "Nothing was sent: \(problem) Press \(edit) on the page of \(link) to give another value (or \(connect) to connect again, "
                    + "if the provider gave it)."
            case InvokeError.unfilledPlaceholder(let name, let link):
                "The URL needs {\(name)}, which \(link) does not have: press \(edit) on its page to set it."
            case InvokeError.missingCredential(let link, let what):
                "Connection \(link) has no \(what): press \(connect) on its page to give it."
            default: String(describing: error)
            }
        return TerminalText.safe(text, limit: 1000)
    }

    /// An after-connect lookup that failed, with the keys that fill what is missing.
    static func lookupFailed(_ failure: LookupFailure, keymap: Keymap) -> String {
        let connect = keymap.key(for: .connect, in: [.detail]), edit = keymap.key(for: .edit, in: [.detail, .list])
        return TerminalText.safe(
            failure.description
                + " Press \(connect) to connect again, or \(edit) to set \(failure.fields.joined(separator: ", ")) by hand.",
            limit: 1000)
    }
}
