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
        case .allowHost(let service, let host, let isCatalog):
            isCatalog
                ? "To allow \(host), export the service (`connections service export \(service)`), add the host under allowed_hosts, "
                    + "and import it under a link name of your own."
                : "To allow \(host), add it under allowed_hosts in the service (`connections service export \(service) > s.yaml`, "
                    + "edit, `connections service import s.yaml --replace`)."
        case .recreate(let kind, let linkName):
            "Delete it (`connections \(kind == "service" ? "service delete" : "delete") \(linkName)`) and create it again, or "
                + "restore the store from a backup."
        case .replaceService(let linkName):
            "Import a corrected file with `connections service import FILE --replace`, or delete it "
                + "(`connections service delete \(linkName)`)."
        case .listAll(let kind): "`connections \(kind == "service" ? "services" : "list")` shows them."
        }
    }

    /// The error's message: its problem and, when it has one, its remedy as a command.
    static func message(for error: any Error) -> String {
        guard let remediable = error as? any RemediableError else { return String(describing: error) }
        return remediable.problem + (remediable.remedy.map { " " + words($0) } ?? "")
    }
}
