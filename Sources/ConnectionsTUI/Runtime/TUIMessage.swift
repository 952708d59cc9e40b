import ConnectionsCore

/// Errors in the words of the terminal UI: the key to press here (as the keymap binds it), not the command to type
/// in a shell.
enum TUIMessage {
    static func describe(_ error: any Error, keymap: Keymap = .standard) -> String {
        guard let remediable = error as? any RemediableError else { return TerminalText.safe(String(describing: error), limit: 1000) }
        return TerminalText.safe(remediable.problem + (remediable.remedy.map { " " + words($0, keymap: keymap) } ?? ""), limit: 1000)
    }

    /// A remedy as the keys that carry it out here.
    static func words(_ remedy: Remedy, keymap: Keymap) -> String {
        let connect = keymap.key(for: .connect, in: [.detail]), edit = keymap.key(for: .edit, in: [.detail, .list])
        return switch remedy {
        case .connect(let linkName): "Press \(connect) on the page of \(linkName) to connect it."
        case .setParameter(let linkName, let name): "Press \(edit) on the page of \(linkName) to set '\(name)'."
        case .giveClient(let linkName): "Press \(edit) on the page of \(linkName) to give its client ID."
        case .allowMoreTime: "Press \(connect) to connect again, and allow the approval the time it takes."
        case .pasteRedirect:
            "Press \(connect) to connect again; if no browser opens, open the sign-in URL yourself and press "
                + "\(keymap.key(for: .pasteRedirect, in: [.connecting])) to paste the address it ends on."
        case .deleteKeepingRemote(let linkName):
            "Try again, or delete \(linkName) without revoking it (\(keymap.key(for: .keepRemote, in: [.confirm])) when the delete "
                + "question asks) and remove the app's access in your account settings."
        case .giveClientOrSkipRegistration:
            "Type the client ID of an app registered at the provider in the form and press "
                + "\(keymap.key(for: .submit, in: [.form])) to store the service with it."
        case .pickAnotherLinkName: "Type another link name in the form."
        case .allowHost(let service, let host, let isCatalog):
            isCatalog
                ? "\(service) is pre-built and cannot change: to allow \(host), make a custom service with its URLs on the "
                    + "\(Tab.customService.title) tab, with the host under '\(allowedHostsLabel)', and connect that."
                : "To allow \(host), press \(edit) on \(service) in \(Tab.pickService.title) and add it under '\(allowedHostsLabel)'."
        case .recreate(let kind, let linkName) where kind == "connection":
            "Delete it (\(keymap.key(for: .delete, in: [.detail])) on the page of \(linkName)) and create it again, or restore the "
                + "store from a backup."
        case .recreate(_, let linkName), .replaceService(let linkName):
            "Replace service \(linkName) with a corrected file, or delete it, from the command line (this screen does not delete "
                + "services)."
        case .listAll(let kind): kind == "service" ? "\(Tab.pickService.title) lists them." : "\(Tab.myConnections.title) lists them."
        }
    }

    private static var allowedHostsLabel: String {
        ServiceFields.field("allowed_hosts")?.label ?? "allowed hosts"
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
