import ConnectionsCore
import Foundation

/// An OAuth sign-in from the command line (`connect`, `mcp add`): the URL or device code on stderr, the browser
/// launched when there is one, a pasted redirect URL read from stdin when there is not.
enum SignIn {
    static func run(_ workspace: Workspace, _ link: String, noBrowser: Bool, device: Bool, timeout: Int) async throws -> Connection {
        let pasteAllowed = noBrowser || BrowserLauncher().reasonNotToLaunch != nil
        var options = ConnectOptions(noBrowser: noBrowser, device: device, timeout: .seconds(min(max(timeout, 1), 86_400)))
        if pasteAllowed { options.pasted = { @Sendable in await StandardInput.line() } }
        let connection = try await Authorizer(workspace: workspace).connect(link, options: options) { event in
            switch event {
            case .openURL(let url, let launched, let notLaunched):
                var text = "Open this URL to authorize:\n\n  \(url.absoluteString)\n\n"
                if let launched { text += "(opened with \(launched); waiting for the redirect…)\n" }
                if let notLaunched {
                    text +=
                        "No browser was launched (\(notLaunched)). After approving, paste the URL the browser ends on (or the code) and "
                        + "press Enter:\n"
                }
                StandardError.write(text)
            case .deviceCode(let authorization):
                var text = "To authorize, open \(authorization.verificationURI) and enter the code:\n\n  \(authorization.userCode)\n\n"
                if let complete = authorization.verificationURIComplete { text += "(or open \(complete))\n" }
                text += "Waiting for approval (the code expires in \(authorization.expiresIn / 60) min)…\n"
                StandardError.write(text)
            case .exchangingCode:
                StandardError.write("Exchanging the code for tokens…\n")
            case .pasteRejected(let reason), .warning(let reason):
                StandardError.write(reason + "\n")
            case .lookupFailed(let failure):
                let first = failure.fields.first ?? "name"
                StandardError.write(
                    failure.description + " Connect again, or set it with `connections edit \(failure.linkName) --param \(first)=...`.\n")
            }
        }
        return connection
    }

    /// "Connected LINK, signed in as …", when the token expires, and what was granted.
    static func report(_ connection: Connection) {
        var line = "Connected \(connection.linkName)"
        line += connection.health.account.map { ", signed in as \(TerminalText.singleLine($0))." } ?? "."
        if let expiresAt = connection.tokens?.expiresAt {
            line += " The access token expires \(Timestamp.relative(expiresAt, now: Date()))."
        }
        if connection.tokens?.refreshToken == nil, connection.tokens?.expiresAt != nil {
            line += " No refresh token was given: connect again when it expires."
        }
        Output.say(line)
        if let granted = connection.tokens?.grantedScopes, Set(granted) != Set(connection.scopes), !connection.scopes.isEmpty {
            Output.say("Granted scopes differ from those asked for: \(granted.joined(separator: " "))")
        }
    }
}
