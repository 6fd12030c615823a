import ArgumentParser
import MigrationCore

/// `retort current`: the database's current revisions, as Alembic prints them.
struct CurrentCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "current", abstract: "Display the current revision(s) of the database.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var versionTable: VersionTableArguments

    @Flag(name: [.short, .long], help: "Verbose output.")
    var verbose = false

    @Flag(help: "Fail (exit 4) unless the database is on all head revisions.")
    var checkHeads = false

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: verbose) { loaded, graph, out in
            let database = try versionTable.read(project, loaded.configuration, verbose: verbose)
            try CurrentCommand.run(
                graph, database, .init(verbose: verbose, checkHeads: checkHeads, json: json), to: &out)
        }
    }
}
