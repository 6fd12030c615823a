import ArgumentParser
import MigrationCore

/// `retort branches`: Alembic's `branches`, line for line.
struct BranchesCommandLine: ProjectCommand {
    static let configuration = CommandConfiguration(commandName: "branches", abstract: "Show the branch points.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Flag(name: [.short, .long], help: "Verbose output.")
    var verbose = false

    @Flag(help: "Print one JSON document.")
    var json = false

    var showsConfiguration: Bool { verbose }

    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws {
        try BranchesCommand.run(graph, .init(verbose: verbose, json: json), to: &out)
    }
}
