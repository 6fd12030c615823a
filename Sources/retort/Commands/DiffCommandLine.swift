import ArgumentParser
import MigrationCore

/// `retort diff A B`: what changes between the schemas the history describes at two
/// revisions, object by object, with the revision that made each change.
struct DiffCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show what changes in the schema between two revisions.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Argument(help: "The revision to compare from (base for an empty schema).")
    var from: String

    @Argument(help: "The revision to compare to.")
    var to: String

    @Flag(help: "Print one JSON document: every change with the revision that made it.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            let dialect = try project.offlineDialect(loaded.configuration)
            try DiffCommand.run(loaded.functions(graph, dialect: dialect), from: from, to: to, json: json, to: &out)
        }
    }
}
