import ArgumentParser
import MigrationCore

/// `retort schema [REV]`: the schema the history describes at a revision, replayed from
/// the revisions without a database.
struct SchemaCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Show the schema the history describes at a revision (default: heads).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Argument(help: "A revision spec: an id or unique prefix, head, heads, label@head, base, ...")
    var revision = "heads"

    @Flag(help: "Print one JSON document: every table's columns, keys, indexes and constraints.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            let dialect = try project.offlineDialect(loaded.configuration)
            try SchemaCommand.run(graph, revision: revision, dialect: dialect, json: json, to: &out)
        }
    }
}
