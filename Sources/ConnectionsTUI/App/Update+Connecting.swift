import ConnectionsCore

extension ConnectWait {
    /// The wait as the next authorization event leaves it.
    static func after(_ event: AuthorizationEvent, previous: ConnectWait?, keymap: Keymap) -> ConnectWait {
        let paste = keymap.key(for: .pasteRedirect, in: [.connecting])
        switch event {
        case .openURL(let url, let launched, let notLaunched):
            let message =
                launched.map { "Opened the browser (\($0)). Sign in there; waiting for the redirect…" }
                ?? "No browser was opened (\(notLaunched ?? "none found")). Open this URL anywhere, sign in, then press \(paste) and "
                + "paste the address the browser ends on."
            return ConnectWait(message: message, url: url.absoluteString)
        case .deviceCode(let authorization):
            return ConnectWait(
                message: "On any device, open the URL and enter the code. Waiting for approval…",
                url: authorization.verificationURIComplete ?? authorization.verificationURI, userCode: authorization.userCode)
        case .exchangingCode:
            var wait = previous ?? ConnectWait(message: "")
            wait.message = "Exchanging the code for tokens…"
            wait.paste = nil
            return wait
        case .pasteRejected(let reason):
            var wait = previous ?? ConnectWait(message: "")
            wait.message = reason + " Press \(paste) to paste again."
            return wait
        case .warning(let text):
            var wait = previous ?? ConnectWait(message: "")
            wait.warning = text
            return wait
        case .lookupFailed(let failure):
            var wait = previous ?? ConnectWait(message: "")
            wait.warning = TUIMessage.lookupFailed(failure, keymap: keymap)
            return wait
        }
    }
}

/// Keys while a connection waits for its browser or device code; nil lets the page handle the key.
func pressWhileConnecting(_ detail: inout DetailState, _ key: Key, keymap: Keymap) -> [Effect]? {
    guard var wait = detail.connecting else { return nil }
    defer { detail.connecting = wait }
    let link = detail.connection.linkName
    if var field = wait.paste {
        switch key {
        case .escape:
            wait.paste = nil
        case .enter:
            let text = field.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return [] }
            wait.paste = nil
            wait.message = "Checking the pasted redirect…"
            return [.pasteRedirect(link, text: text)]
        default:
            if field.handle(key) { wait.paste = field }
        }
        return []
    }
    switch keymap.command(for: key, in: [.connecting]) {
    case .copyURL:
        guard let url = wait.url else { return [] }
        return [.copy(url, what: wait.userCode == nil ? "sign-in URL" : "verification URL")]
    case .copyUserCode:
        guard let code = wait.userCode else { return [] }
        return [.copy(code, what: "user code")]
    case .pasteRedirect:
        guard wait.url != nil, wait.userCode == nil else { return [] }
        wait.paste = TextField()
        return []
    case .cancelConnect:
        wait.message = "Cancelling…"
        return [.cancelConnect(link)]
    default:
        return nil
    }
}

/// A bracketed paste while the page waits for the redirect goes into the redirect field (opening it).
func pasteWhileConnecting(_ detail: inout DetailState, _ text: String) -> Bool {
    guard !detail.editing, var wait = detail.connecting, wait.url != nil, wait.userCode == nil else { return false }
    var field = wait.paste ?? TextField()
    field.insert(text)
    wait.paste = field
    detail.connecting = wait
    return true
}
