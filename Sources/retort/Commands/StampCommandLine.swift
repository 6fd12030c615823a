import ArgumentParser
import MigrationCore

/// `retort stamp REVISION... [--purge]`: set the version table's rows without running any
/// revision, or with `--sql` print the statements of Alembic's offline stamp.
struct StampCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stamp", abstract: "Set the version table to the given revisions without running any migration.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments
    @OptionGroup var live: LiveRunArguments

    @Flag(help: "Delete every row of the version table first (not with --sql, as in Alembic).")
    var purge = false

    @Argument(parsing: .allUnrecognized, help: "Target revisions; with --sql each may be start:end.")
    var revisions: [String] = []

    mutating func validate() throws {
        revisions = try RevisionArguments.normalized(revisions, single: false)
    }

    func run() throws {
        let (loaded, graph) = try MigrationProject.load(project)
        guard offline.sql else {
            // Alembic splits `start:end` only with --sql; online the whole text names a revision.
            return try LiveCommandLine.run(
                .stamp(revisions, purge: purge), project: project, offline: offline, live: live, loaded: loaded,
                graph: graph)
        }
        var out = StandardOutput()
        defer { out.flush() }
        try MigrationCommand.stamp(
            graph, revisions: revisions, sql: true, purge: purge,
            options: try offline.settings(
                project, live, loaded.configuration,
                environment: try MigrationProject.lazyEnvironment(project, loaded.configuration)
            ).options(loaded.configuration), to: &out)
    }
}
