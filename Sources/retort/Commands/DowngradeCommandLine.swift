import ArgumentParser
import MigrationCore

/// `retort downgrade REVISION`: revert migrations on the database, or with `--sql` and
/// `START:TARGET` print the SQL script of Alembic's offline downgrade.
struct DowngradeCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "downgrade", abstract: "Revert to a previous version (with --sql: print the SQL script).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments
    @OptionGroup var live: LiveRunArguments
    @OptionGroup var rehearsal: RehearsalArguments

    @Argument(
        parsing: .allUnrecognized,
        help: "One target revision: an id, base, label@base, -N, ...; with --sql it must be start:end.")
    var revision: [String] = []

    mutating func validate() throws {
        revision = try RevisionArguments.normalized(revision, single: true)
    }

    func run() throws {
        var timer = PhaseTimer(enabled: false)
        let (loaded, graph) = try MigrationProject.load(
            project, timer: &timer, bodies: offline.bodyRequest(project, live, direction: .downgrade))
        let rehearse = try rehearsal.mode(sql: offline.sql)
        guard offline.sql else {
            let target = try MigrationCommand.liveTarget(revision[0])
            return try LiveCommandLine.run(
                .downgrade(target), project: project, offline: offline, live: live, loaded: loaded, graph: graph,
                rehearsal: rehearse)
        }
        var out = StandardOutput()
        defer { out.flush() }
        let environment = try MigrationProject.lazyEnvironment(project, loaded.configuration)
        let bodies = MigrationProject.bodies(graph, loaded, project, environment: environment)
        try MigrationCommand.downgrade(
            graph, revision: revision[0], sql: true,
            options: try offline.settings(project, live, loaded.configuration, environment: environment)
                .options(loaded.configuration),
            bodies: bodies, to: &out)
        var errors = StandardError()
        for note in bodies.notes { print(note, to: &errors) }
    }
}
