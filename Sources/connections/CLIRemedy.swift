import ConnectionsCore

/// A remedy in the words of the command line: the command to run, the flag to give.
enum CLIRemedy {
    static func words(_ remedy: Remedy) -> String {
        switch remedy {
        case .connect(let linkName): "Run `connections connect \(linkName)`."
        case .setParameter(let linkName, let name): "Set it with `connections edit \(linkName) --param \(name)=...`."
        case .giveClient(let linkName): "Give it with `connections edit \(linkName) --client-id ID --client-secret-stdin`."
        case .allowMoreTime: "Connect again, with a longer --timeout if the provider or the approval needs more time."
        case .pasteRedirect: "Connect again with --no-browser: open the sign-in URL yourself and paste the address it ends on."
        case .deleteKeepingRemote(let linkName):
            "Try again, or delete it without revoking (`connections delete \(linkName) --keep-remote`) and remove the app's access in "
                + "your account settings."
        case .giveClientOrSkipRegistration: "Give a client ID with --client-id, or --no-register to store the service without one."
        case .pickAnotherLinkName: "Pick another with --link."
        }
    }

    /// The error's message: its problem and, when it has one, its remedy as a command.
    static func message(for error: any Error) -> String {
        guard let remediable = error as? any RemediableError else { return String(describing: error) }
        return remediable.problem + (remediable.remedy.map { " " + words($0) } ?? "")
    }
}
