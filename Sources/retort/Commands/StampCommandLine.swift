import ArgumentParser
import MigrationCore

/// `retort stamp REVISION... --sql [--purge]`: the version-table statements of Alembic's
/// offline stamp, running no revision.
struct StampCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stamp", abstract: "Set the version table to the given revisions without running any migration.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments

    @Flag(help: "Delete every row of the version table first (not with --sql, as in Alembic).")
    var purge = false

    @Argument(parsing: .allUnrecognized, help: "Target revisions; with --sql each may be start:end.")
    var revisions: [String] = []

    mutating func validate() throws {
        revisions = try RevisionArguments.normalized(revisions, single: false)
    }

    func run() throws {
        let (loaded, graph) = try MigrationProject.load(project)
        var out = StandardOutput()
        defer { out.flush() }
        try MigrationCommand.stamp(
            graph, revisions: revisions, sql: offline.sql, purge: purge,
            options: try offline.settings(project).options(loaded.configuration), to: &out)
    }
}
