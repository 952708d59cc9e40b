import ConnectionsCore

/// Errors in the words of the terminal UI: the key to press here, not the command to type in a shell.
enum TUIMessage {
    static func describe(_ error: any Error) -> String {
        let text: String =
            switch error {
            case ConnectError.notConnected(let link, let status): "Connection \(link) is \(status): press C on its page to connect it."
            case ConnectError.needsReconnect(let link, let reason):
                "Connection \(link) needs to be connected again (\(reason)): press C on its page."
            case ConnectError.noRefreshToken(let link):
                "The token of \(link) expired and the provider gave no refresh token: press C to connect again."
            case ConnectError.missingParameter(let name, let link):
                "Connection \(link) has no value for '\(name)': press e on its page to set it."
            case InvokeError.unfilledPlaceholder(let name, let link):
                "The URL needs {\(name)}, which \(link) does not have: press e on its page to set it."
            case InvokeError.missingCredential(let link, let what): "Connection \(link) has no \(what): press C on its page to give it."
            default: String(describing: error)
            }
        return TerminalText.safe(text, limit: 1000)
    }
}
