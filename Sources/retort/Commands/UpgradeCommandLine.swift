import ArgumentParser
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// `retort upgrade REVISION`: apply migrations to the database, or with `--sql` print the
/// SQL script of Alembic's offline upgrade.
struct UpgradeCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade", abstract: "Upgrade to a later version (with --sql: print the SQL script).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var offline: OfflineSQLArguments
    @OptionGroup var live: LiveRunArguments
    @OptionGroup var rehearsal: RehearsalArguments

    @Argument(
        parsing: .allUnrecognized,
        help: "One target revision: an id, head, heads, label@head, +N, ...; with --sql also start:end.")
    var revision: [String] = []

    mutating func validate() throws {
        revision = try RevisionArguments.normalized(revision, single: true)
    }

    func run() throws {
        var timer = PhaseTimer(enabled: offline.sql && getenv("RETORT_PROFILE") != nil)
        let (loaded, graph) = try MigrationProject.load(
            project, timer: &timer, bodies: offline.bodyRequest(project, live, direction: .upgrade))
        let rehearse = try rehearsal.mode(sql: offline.sql)
        guard offline.sql else {
            let target = try MigrationCommand.liveTarget(revision[0])
            return try LiveCommandLine.run(
                .upgrade(target), project: project, offline: offline, live: live, loaded: loaded, graph: graph,
                rehearsal: rehearse)
        }
        var out = StandardOutput()
        defer { out.flush() }
        let environment = try MigrationProject.lazyEnvironment(project, loaded.configuration)
        let bodies = MigrationProject.bodies(graph, loaded, project, environment: environment)
        try MigrationCommand.upgrade(
            graph, revision: revision[0], sql: true,
            options: try offline.settings(project, live, loaded.configuration, environment: environment)
                .options(loaded.configuration),
            bodies: bodies, to: &out)
        timer.mark("sql")
        out.flush()
        ProcessLifetime.keep((loaded, graph, bodies))
        timer.mark("write")
        var errors = StandardError()
        for note in bodies.notes { print(note, to: &errors) }
        if timer.enabled { print("profile: \(timer.summary)", to: &errors) }
    }
}
