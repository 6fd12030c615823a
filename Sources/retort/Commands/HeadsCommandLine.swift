import ArgumentParser
import MigrationCore

/// `retort heads`: Alembic's `heads`, line for line.
struct HeadsCommandLine: ProjectCommand {
    static let configuration = CommandConfiguration(commandName: "heads", abstract: "Show the head revisions.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Flag(name: [.short, .long], help: "Verbose output.")
    var verbose = false

    @Flag(help: "Treat dependency versions as down revisions.")
    var resolveDependencies = false

    @Flag(help: "Print one JSON document.")
    var json = false

    var showsConfiguration: Bool { verbose }

    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws {
        try HeadsCommand.run(
            graph, .init(verbose: verbose, resolveDependencies: resolveDependencies, json: json), to: &out)
    }
}
