import Foundation
import XCTest

@testable import MigrationCore

/// A small project of revision scripts written for one test, with what a live run needs:
/// the graph, and a plan carried out by `NativeExecutor` on a connection.
final class LiveTestProject {
    let project: TempProject
    private(set) var graph: RevisionGraph

    /// One revision: its id, parent, and the bodies of `upgrade()` and `downgrade()`,
    /// each line as it should appear inside the function.
    struct Script {
        var id: String
        var down: String?
        var upgrade: [String]
        var downgrade: [String]

        /// A revision whose upgrade creates table `t_<id>` and whose downgrade drops it.
        static func table(_ id: String, down: String?, extra: [String] = []) -> Script {
            Script(
                id: id, down: down,
                upgrade: ["op.create_table('t_\(id)', sa.Column('id', sa.Integer(), primary_key=True))"] + extra,
                downgrade: ["op.drop_table('t_\(id)')"])
        }
    }

    init(_ scripts: [Script]) throws {
        project = try TempProject()
        for script in scripts {
            try project.write("versions/\(script.id).py", Self.text(script))
        }
        var options = project.options()
        options.scriptLocation = project.root
        options.versionLocations = [project.path("versions")]
        graph = try LoadedProject.load(options).graph()
    }

    static func text(_ script: Script) -> String {
        func body(_ lines: [String]) -> String {
            (lines.isEmpty ? ["pass"] : lines).map { "    " + $0 }.joined(separator: "\n")
        }
        return """
            \"\"\"revision \(script.id)\"\"\"
            from alembic import op
            import sqlalchemy as sa

            revision = '\(script.id)'
            down_revision = \(script.down.map { "'\($0)'" } ?? "None")
            branch_labels = None
            depends_on = None


            def upgrade():
            \(body(script.upgrade))


            def downgrade():
            \(body(script.downgrade))

            """
    }

    /// The 1-based line of the first line of `id`'s script containing `text`.
    func line(of text: String, in id: String) throws -> Int {
        let source = try String(contentsOfFile: project.path("versions/\(id).py"), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(text) }) + 1
    }

    func path(_ id: String) -> String { project.path("versions/\(id).py") }

    /// Plans `upgrade target` from the rows in the database and runs it; the events are
    /// collected in `events`.
    @discardableResult
    func upgrade(
        _ target: String, on connection: any DatabaseConnection, transactions: TransactionMode = .perMigration,
        groupCommitInterval: Double? = nil, events: inout [MigrationEvent]
    ) throws -> MigrationOutcome {
        let table = VersionTable()
        let plan = try MigrationPlan.upgrade(graph, to: target, from: try table.revisions(on: connection))
        return try run(
            plan, on: connection, transactions: transactions, groupCommitInterval: groupCommitInterval, events: &events)
    }

    @discardableResult
    func run(
        _ plan: MigrationPlan, on connection: any DatabaseConnection, transactions: TransactionMode = .perMigration,
        groupCommitInterval: Double? = nil, events: inout [MigrationEvent]
    ) throws -> MigrationOutcome {
        let version = (connection as? PostgresConnection)?.serverVersion
        let executor = NativeExecutor(
            bodies: LiveBodies(graph: graph, dialect: connection.dialect, serverVersion: version))
        _ = try executor.prepare(plan.steps, live: LiveTableCache(reader: LiveSchema.reader(connection)))
        var session = MigrationSession(
            connection: connection, versionTable: VersionTable(), transactions: transactions, lockTimeout: 5)
        if let groupCommitInterval { session.groupCommitInterval = groupCommitInterval }
        return try executor.run(plan, in: session) { events.append($0) }
    }
}

/// The names of the tables in a database other than the version table, sorted.
func userTables(_ connection: any DatabaseConnection) throws -> [String] {
    let sql =
        connection.dialect == .sqlite
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' ORDER BY name"
        : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1"
    return try connection.query(sql).compactMap { $0.first ?? nil }
}
