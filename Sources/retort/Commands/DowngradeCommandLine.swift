import ArgumentParser
import MigrationCore

/// `retort downgrade START:TARGET --sql`: the SQL script of Alembic's offline downgrade.
struct DowngradeCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade", abstract: "Revert to a previous version (with --sql: print the SQL script).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments

    @Argument(
        parsing: .allUnrecognized,
        help: "One target revision: an id, base, label@base, -N, ...; with --sql it must be start:end.")
    var revision: [String] = []

    mutating func validate() throws {
        revision = try RevisionArguments.normalized(revision, single: true)
    }

    func run() throws {
        let (loaded, graph) = try MigrationProject.load(project)
        var out = StandardOutput()
        defer { out.flush() }
        try MigrationCommand.downgrade(
            graph, revision: revision[0], sql: offline.sql,
            options: try offline.settings(project).options(loaded.configuration), bodies: MigrationProject.bodies(graph, loaded, project),
            to: &out)
    }
}
