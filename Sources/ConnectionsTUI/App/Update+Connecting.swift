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

/// Commands while a connection waits for its browser or device code; nil when the wait binds none.
func pressWhileConnecting(_ detail: inout DetailState, _ command: Command?) -> [Effect]? {
    guard var wait = detail.connecting else { return nil }
    defer { detail.enter(.connecting(wait)) }
    let link = detail.connection.linkName
    switch command {
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

/// Keys in the field the redirect URL is pasted into: typing, and its submit and close bindings.
func pressInRedirectField(_ detail: inout DetailState, _ key: Key, command: Command?) -> [Effect] {
    guard var wait = detail.connecting, var field = wait.paste else { return [] }
    defer { detail.enter(.connecting(wait)) }
    switch command {
    case .back:
        wait.paste = nil
    case .submit:
        let text = field.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return [] }
        wait.paste = nil
        wait.message = "Checking the pasted redirect…"
        return [.pasteRedirect(detail.connection.linkName, text: text)]
    default:
        if field.handle(key) { wait.paste = field }
    }
    return []
}

/// A bracketed paste while the page waits for the redirect goes into the redirect field (opening it).
func pasteWhileConnecting(_ detail: inout DetailState, _ text: String) -> Bool {
    guard case .connecting(var wait, _) = detail.mode, wait.url != nil, wait.userCode == nil else { return false }
    var field = wait.paste ?? TextField()
    field.insert(text)
    wait.paste = field
    detail.enter(.connecting(wait))
    return true
}
