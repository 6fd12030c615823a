import ArgumentParser
import MigrationCore

/// `retort show REV`: Alembic's `show`, line for line.
struct ShowCommandLine: ProjectCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the revision(s) a spec denotes.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Argument(help: "A revision spec: an id or unique prefix, head, heads, label@head, ...")
    var revision: String

    @Flag(help: "Print one JSON document.")
    var json = false

    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws {
        try ShowCommand.run(graph, revision: revision, json: json, to: &out)
    }
}
