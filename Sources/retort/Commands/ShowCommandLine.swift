import ArgumentParser
import MigrationCore

/// `retort show REV`: Alembic's `show`, line for line.
struct ShowCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the revision(s) a spec denotes.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Argument(help: "A revision spec: an id or unique prefix, head, heads, label@head, ...; current reads the database.")
    var revision: String

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var versionTable: VersionTableArguments

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            // Only `current` reads the database (Alembic runs env.py for it).
            let current = revision == "current" ? try versionTable.read(project, loaded.configuration) : nil
            try ShowCommand.run(graph, revision: revision, current: current, json: json, to: &out)
        }
    }
}
