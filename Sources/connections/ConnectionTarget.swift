import ArgumentParser
import ConnectionsCore

/// What a command on one connection is given first: where the store is, and the connection's link name.
struct ConnectionTarget: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The connection's link name.") var link: String

    func workspace() throws -> Workspace { try global.workspace() }
}
