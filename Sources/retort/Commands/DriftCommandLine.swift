import ArgumentParser
import MigrationCore

/// `retort drift`: the live database against the schema the history describes at its
/// current revisions.
struct DriftCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare the database's tables with the schema the history describes at its current revisions.",
        discussion: "Exit status 0: no drift; 6: differences found (listed); 3: a table the history cannot vouch for.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var versionTable: VersionTableArguments

    @Flag(help: "Print one JSON document: every difference, with both forms.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            let (url, table, options) = try versionTable.connection(project, loaded.configuration)
            try DriftCommand.run(
                loaded.functions(graph, dialect: url.dialect), url: url, table: table, options: options, json: json, to: &out)
        }
    }
}
