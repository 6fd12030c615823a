import ArgumentParser
import MigrationCore

/// `retort upgrade REVISION --sql`: the SQL script of Alembic's offline upgrade.
struct UpgradeCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade", abstract: "Upgrade to a later version (with --sql: print the SQL script).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments

    @Argument(
        parsing: .allUnrecognized,
        help: "One target revision: an id, head, heads, label@head, +N, ...; with --sql also start:end.")
    var revision: [String] = []

    mutating func validate() throws {
        revision = try RevisionArguments.normalized(revision, single: true)
    }

    func run() throws {
        let (loaded, graph) = try MigrationProject.load(project)
        var out = StandardOutput()
        defer { out.flush() }
        try MigrationCommand.upgrade(
            graph, revision: revision[0], sql: offline.sql,
            options: try offline.settings(project).options(loaded.configuration), bodies: MigrationProject.bodies(graph, loaded, project),
            to: &out)
    }
}
