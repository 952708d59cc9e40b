import ArgumentParser
import ConnectionsCore

/// What a command on one service is given first: where the store is, and the service's link name.
struct ServiceTarget: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The service's link name.") var link: String

    func workspace() throws -> Workspace { try global.workspace() }
}
