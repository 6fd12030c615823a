import Foundation
import XCTest

@testable import MigrationCore

/// `NativeExecutor` on live SQLite and PostgreSQL databases: transactions per migration
/// and around the run, what a failure leaves, steps another runner applied meanwhile,
/// and statements that must run outside a transaction.
final class NativeExecutorTests: XCTestCase {
    private func sqlite() throws -> any DatabaseConnection {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        return try DatabaseURL("sqlite:///\(dir)/app.db").connect()
    }

    private func postgres() throws -> any DatabaseConnection {
        try DatabaseTestSupport.freshPostgresDatabase(self).connect()
    }

    /// r1, r2, r3 in a line; r2 creates its table, then fails on a missing table.
    private func failingProject() throws -> LiveTestProject {
        try LiveTestProject([
            .table("r1", down: nil),
            .table("r2", down: "r1", extra: ["op.execute('INSERT INTO no_such_table VALUES (1)')"]),
            .table("r3", down: "r2"),
        ])
    }

    // MARK: A failing migration

    private func checkFailureKeepsEarlierMigrations(_ db: any DatabaseConnection) throws {
        let project = try failingProject()
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, events: &events)) { error in
            guard let error = error as? MigrationRunError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.step?.revision?.id, "r2")
            XCTAssertEqual(error.path, project.path("r2"))
            XCTAssertEqual(error.line, try? project.line(of: "no_such_table", in: "r2"))
            XCTAssertEqual(error.error.statement, "INSERT INTO no_such_table VALUES (1)")
            let text = error.description
            XCTAssertTrue(text.hasPrefix("upgrade r1 -> r2 failed at \(project.path("r2")):"), text)
            XCTAssertTrue(text.contains("no_such_table"), text)
            XCTAssertTrue(
                text.hasSuffix(
                    "rolled back: nothing of r2 remains; 1 earlier migration of this run stays applied; alembic_version holds r1"),
                text)
        }
        XCTAssertEqual(try userTables(db), ["t_r1"], "nothing of r2 may remain")
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r1"])
        XCTAssertFalse(db.isInTransaction)
    }

    private func checkFailureInOneTransactionUndoesTheRun(_ db: any DatabaseConnection) throws {
        let project = try failingProject()
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, transactions: .all, events: &events)) { error in
            let text = "\(error)"
            XCTAssertTrue(
                text.hasSuffix(
                    "rolled back: nothing of r2 remains; the 1 migration before it in the same transaction was rolled back too; "
                        + "no migration of this run stays applied; alembic_version holds no row"),
                text)
        }
        XCTAssertEqual(try userTables(db), [])
        XCTAssertFalse(try VersionTable().exists(on: db), "the version table was made in the run's transaction")
    }

    func testSQLiteFailureKeepsEarlierMigrations() throws { try checkFailureKeepsEarlierMigrations(try sqlite()) }

    func testPostgreSQLFailureKeepsEarlierMigrations() throws { try checkFailureKeepsEarlierMigrations(try postgres()) }

    func testSQLiteFailureInOneTransaction() throws { try checkFailureInOneTransactionUndoesTheRun(try sqlite()) }

    func testPostgreSQLFailureInOneTransaction() throws { try checkFailureInOneTransactionUndoesTheRun(try postgres()) }

    /// A statement Retort rendered that fails among others of its migration (sent
    /// together on PostgreSQL) is named by its own line, and nothing of the migration
    /// remains.
    private func checkFailureAmongStatementsSentTogether(_ db: any DatabaseConnection) throws {
        let project = try LiveTestProject([
            .table("r1", down: nil),
            .table(
                "r2", down: "r1",
                extra: ["op.create_index('ix_r2', 't_r2', ['id'])",
                        "op.add_column('no_such_table', sa.Column('a', sa.Integer()))",
                        "op.create_index('ix_r2_late', 't_r2', ['id'])"]),
        ])
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, events: &events)) { error in
            guard let error = error as? MigrationRunError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, try? project.line(of: "no_such_table", in: "r2"))
            XCTAssertEqual(error.error.statement, "ALTER TABLE no_such_table ADD COLUMN a INTEGER")
            XCTAssertTrue("\(error)".hasSuffix("rolled back: nothing of r2 remains; 1 earlier migration of this run stays applied; alembic_version holds r1"), "\(error)")
        }
        XCTAssertEqual(try userTables(db), ["t_r1"])
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r1"])
        let started = events.compactMap { event -> Int? in
            if case .statementStarted(1, let number, 4) = event { return number }
            return nil
        }
        XCTAssertEqual(started, [0, 1, 2], "progress reaches the failed statement and stops there")
    }

    func testSQLiteFailureAmongStatementsSentTogether() throws {
        try checkFailureAmongStatementsSentTogether(try sqlite())
    }

    func testPostgreSQLFailureAmongStatementsSentTogether() throws {
        try checkFailureAmongStatementsSentTogether(try postgres())
    }

    /// PostgreSQL sends a migration's COMMIT with the next one's BEGIN; a COMMIT that fails
    /// (a deferred foreign key) is still the failure of the migration it ends.
    func testPostgreSQLFailingCommitNamesItsMigration() throws {
        let db = try postgres()
        let project = try LiveTestProject([
            .table("r1", down: nil),
            .table(
                "r2", down: "r1",
                extra: ["op.execute('CREATE TABLE child (id int, parent int REFERENCES t_r1 (id) DEFERRABLE INITIALLY DEFERRED)')",
                        "op.execute('INSERT INTO child VALUES (1, 999)')"]),
            .table("r3", down: "r2"),
        ])
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, events: &events)) { error in
            guard let error = error as? MigrationRunError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.step?.revision?.id, "r2")
            XCTAssertEqual(error.error.statement, "COMMIT")
            XCTAssertTrue("\(error)".contains("violates foreign key constraint"), "\(error)")
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    " in: COMMIT; rolled back: nothing of r2 remains; 1 earlier migration of this run stays applied; "
                        + "alembic_version holds r1"), "\(error)")
        }
        XCTAssertEqual(try userTables(db), ["t_r1"])
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r1"])
        XCTAssertFalse(db.isInTransaction)
    }

    // MARK: Group commit (SQLite)

    /// A real connection that counts the commits and keeps the statements run through it.
    private final class Recording: DatabaseConnection {
        let inner: any DatabaseConnection
        var commits = 0
        var statements: [String] = []

        init(_ inner: any DatabaseConnection) { self.inner = inner }

        var url: DatabaseURL { inner.url }
        var dialect: Dialect { inner.dialect }
        var isInTransaction: Bool { inner.isInTransaction }

        func execute(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> Int {
            statements.append(sql)
            return try inner.execute(sql, parameters)
        }

        func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
            try inner.query(sql, parameters)
        }

        func begin() throws(DatabaseError) { try inner.begin() }

        func commit() throws(DatabaseError) {
            commits += 1
            try inner.commit()
        }

        func rollback() throws(DatabaseError) { try inner.rollback() }

        func close() { inner.close() }
    }

    private func chain(_ count: Int, failing: Int? = nil) throws -> LiveTestProject {
        try LiveTestProject(
            (1...count).map { (n: Int) -> LiveTestProject.Script in
                let parent: String? = n == 1 ? nil : "r\(n - 1)"
                let extra = n == failing ? ["op.execute('INSERT INTO no_such_table VALUES (1)')"] : []
                return .table("r\(n)", down: parent, extra: extra)
            })
    }

    func testSessionsGroupCommitsOnSQLiteOnly() throws {
        let sqlite = MigrationSession(
            connection: try sqlite(), versionTable: VersionTable(), transactions: .perMigration, lockTimeout: 5)
        XCTAssertEqual(sqlite.groupCommitInterval, MigrationSession.sqliteGroupCommitInterval)
        XCTAssertGreaterThan(MigrationSession.sqliteGroupCommitInterval, 0)
        let postgres = MigrationSession(
            connection: try postgres(), versionTable: VersionTable(), transactions: .perMigration, lockTimeout: 5)
        XCTAssertEqual(postgres.groupCommitInterval, 0)
    }

    /// Migrations that run within the interval share one commit, each after the first in
    /// a savepoint; with no interval each commits on its own.
    func testSQLiteCommitsMigrationsTogetherWithinTheInterval() throws {
        let project = try chain(5)
        let grouped = Recording(try sqlite())
        var events: [MigrationEvent] = []
        let outcome = try project.upgrade("head", on: grouped, groupCommitInterval: 60, events: &events)
        XCTAssertEqual(outcome.applied, 5)
        XCTAssertEqual(grouped.commits, 1)
        XCTAssertEqual(grouped.statements.filter { $0 == "SAVEPOINT retort_step" }.count, 4)
        XCTAssertEqual(grouped.statements.filter { $0 == "RELEASE SAVEPOINT retort_step" }.count, 4)
        XCTAssertEqual(try userTables(grouped), (1...5).map { "t_r\($0)" })
        XCTAssertEqual(try VersionTable().revisions(on: grouped), ["r5"])
        XCTAssertFalse(grouped.isInTransaction)

        let each = Recording(try sqlite())
        try project.upgrade("head", on: each, groupCommitInterval: 0, events: &events)
        XCTAssertEqual(each.commits, 5)
        XCTAssertFalse(each.statements.contains { $0.hasPrefix("SAVEPOINT") })
        XCTAssertEqual(try VersionTable().revisions(on: each), ["r5"])

        // --transaction commit-each: a commit per migration whatever the interval.
        let durable = Recording(try sqlite())
        try project.upgrade("head", on: durable, transactions: .commitEach, groupCommitInterval: 60, events: &events)
        XCTAssertEqual(durable.commits, 5)
        XCTAssertFalse(durable.statements.contains { $0.hasPrefix("SAVEPOINT") })
        XCTAssertEqual(try VersionTable().revisions(on: durable), ["r5"])
    }

    /// A migration that fails in the middle of a batch is rolled back to its savepoint;
    /// the migrations before it in the batch are committed, as if each had its own
    /// transaction.
    func testSQLiteFailureInABatchKeepsTheMigrationsBefore() throws {
        let project = try chain(4, failing: 3)
        let db = Recording(try sqlite())
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, groupCommitInterval: 60, events: &events)) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "rolled back: nothing of r3 remains; 2 earlier migrations of this run stay applied; alembic_version holds r2"),
                "\(error)")
        }
        XCTAssertEqual(db.commits, 1, "the batch before the failed migration is committed")
        XCTAssertEqual(try userTables(db), ["t_r1", "t_r2"], "nothing of r3 may remain")
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r2"])
        XCTAssertFalse(db.isInTransaction)
        // The next run starts where this one stopped.
        let fixed = try chain(4)
        try fixed.upgrade("head", on: db, events: &events)
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r4"])
    }

    // MARK: Rows moved by another runner

    /// A plan made before another runner applied its first steps skips them and goes on.
    func testStepsAppliedMeanwhileAreSkipped() throws {
        let db = try sqlite()
        let project = try LiveTestProject([.table("r1", down: nil), .table("r2", down: "r1"), .table("r3", down: "r2")])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        var events: [MigrationEvent] = []
        try project.upgrade("r2", on: db, events: &events)  // the other runner
        events = []
        let outcome = try project.run(plan, on: db, events: &events)
        XCTAssertEqual(outcome, MigrationOutcome(applied: 1, skipped: 2, versionTableCreated: false))
        XCTAssertEqual(try userTables(db), ["t_r1", "t_r2", "t_r3"])
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r3"])
        guard case .stepsSkipped(let range) = events.first else { return XCTFail("\(events)") }
        XCTAssertEqual(range, 0..<2)

        // Everything done meanwhile: the whole plan is skipped.
        let again = try project.run(plan, on: db, events: &events)
        XCTAssertEqual(again, MigrationOutcome(applied: 0, skipped: 3, versionTableCreated: false))
    }

    /// On PostgreSQL a step goes to the server whole (COMMIT of the one before, BEGIN,
    /// the rows' read, its statements and version rows) and the rows are checked after:
    /// rows moved meanwhile roll the step back, and the run reads them again and skips
    /// what was applied.
    func testPostgreSQLStepSentWholeChecksTheRowsItRead() throws {
        let db = try postgres()
        let project = try LiveTestProject([.table("r1", down: nil), .table("r2", down: "r1"), .table("r3", down: "r2")])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        let executor = NativeExecutor(bodies: LiveBodies(graph: project.graph, dialect: .postgresql, serverVersion: nil))
        _ = try executor.prepare(plan.steps, live: LiveTableCache(reader: LiveSchema.reader(db)))
        let session = MigrationSession(
            connection: db, versionTable: VersionTable(), transactions: .perMigration, lockTimeout: 5)
        var events: [MigrationEvent] = []
        let outcome = try executor.run(plan, in: session) { event in
            events.append(event)
            // Another runner's doing, as the first step's transaction ends: r2 recorded.
            if case .stepApplied(0, _, _) = event {
                do {
                    try db.execute("UPDATE alembic_version SET version_num = 'r2'")
                } catch {
                    XCTFail("\(error)")
                }
            }
        }
        XCTAssertEqual(outcome, MigrationOutcome(applied: 2, skipped: 1, versionTableCreated: true))
        XCTAssertEqual(try userTables(db), ["t_r1", "t_r3"], "r2's statements were rolled back with its step")
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r3"])
        XCTAssertTrue(events.contains { if case .stepsSkipped(1..<2) = $0 { return true } else { return false } }, "\(events)")
    }

    /// Rows no step of the plan starts from stop the run before it writes anything.
    func testRowsNoStepStartsFromStopTheRun() throws {
        let db = try sqlite()
        let project = try LiveTestProject([.table("r1", down: nil), .table("r2", down: "r1")])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        try VersionTable().create(on: db)
        try VersionTable().apply(.insert("zz"), on: db)
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.run(plan, on: db, events: &events)) { error in
            XCTAssertEqual(
                "\(error)",
                "upgrade  -> r1 failed: the version table 'alembic_version' changed while this run was waiting: it holds zz, "
                    + "where this step starts from no row (another runner, or Alembic, moved it); nothing of r1 was applied; "
                    + "no migration of this run stays applied; alembic_version holds zz")
        }
        XCTAssertEqual(try userTables(db), [])
    }

    // MARK: Outside a transaction (PostgreSQL)

    private func concurrentIndexProject(failAfter: Bool = false) throws -> LiveTestProject {
        try LiveTestProject([
            Script.table("r1", down: nil, extra: ["op.add_column('t_r1', sa.Column('a', sa.Integer()))"]),
            LiveTestProject.Script(
                id: "r2", down: "r1",
                upgrade: ["op.create_table('t_r2', sa.Column('id', sa.Integer(), primary_key=True))",
                          "op.create_index('ix_a', 't_r1', ['a'], postgresql_concurrently=True)"]
                    + (failAfter ? ["op.execute('INSERT INTO no_such_table VALUES (1)')"] : []),
                downgrade: ["op.drop_index('ix_a', table_name='t_r1', postgresql_concurrently=True)", "op.drop_table('t_r2')"]),
            LiveTestProject.Script(
                id: "r3", down: "r2",
                upgrade: ["op.execute(\"CREATE TYPE mood AS ENUM ('sad', 'ok')\")",
                          "with op.get_context().autocommit_block():",
                          "    op.execute(\"ALTER TYPE mood ADD VALUE 'happy'\")"],
                downgrade: ["op.execute('DROP TYPE mood')"]),
        ])
    }
    private typealias Script = LiveTestProject.Script

    func testPostgreSQLStatementsOutsideATransaction() throws {
        let db = try postgres()
        let project = try concurrentIndexProject()
        var events: [MigrationEvent] = []
        try project.upgrade("head", on: db, events: &events)
        let outside = events.compactMap { event -> String? in
            if case .outsideTransaction(_, let statement) = event { return "\(statement.outsideTransaction!): \(statement.sql)" }
            return nil
        }
        XCTAssertEqual(
            outside,
            ["CREATE INDEX CONCURRENTLY: CREATE INDEX CONCURRENTLY ix_a ON t_r1 (a)",
             "autocommit_block(): ALTER TYPE mood ADD VALUE 'happy'"])
        XCTAssertEqual(try db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_a'::regclass"), [["true"]])
        XCTAssertEqual(
            try db.query("SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder"),
            [["sad"], ["ok"], ["happy"]])
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r3"])

        // And back: DROP INDEX CONCURRENTLY outside a transaction too.
        events = []
        let plan = try MigrationPlan.downgrade(project.graph, to: "base", from: ["r3"])
        try project.run(plan, on: db, events: &events)
        XCTAssertEqual(try userTables(db), [])
        XCTAssertEqual(try VersionTable().revisions(on: db), [])
    }

    /// A unique index built concurrently on duplicate values: the statement failed
    /// outside a transaction, and PostgreSQL keeps the INVALID index; the error says so.
    func testPostgreSQLFailedConcurrentIndex() throws {
        let db = try postgres()
        let project = try LiveTestProject([
            Script.table(
                "r1", down: nil,
                extra: ["op.add_column('t_r1', sa.Column('a', sa.Integer()))",
                        "op.execute('INSERT INTO t_r1 (id, a) VALUES (1, 5), (2, 5)')"]),
            Script(
                id: "r2", down: "r1",
                upgrade: ["op.create_index('ix_u', 't_r1', ['a'], unique=True, postgresql_concurrently=True)"],
                downgrade: []),
        ])
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, events: &events)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("upgrade r1 -> r2 failed at \(project.path("r2")):"), text)
            XCTAssertTrue(text.contains("(SQLSTATE 23505) in: CREATE UNIQUE INDEX CONCURRENTLY ix_u ON t_r1 (a);"), text)
            XCTAssertTrue(
                text.hasSuffix(
                    "the statement ran outside a transaction; nothing else of r2 was applied; "
                        + "1 earlier migration of this run stays applied; alembic_version holds r1; PostgreSQL may "
                        + "have left the index behind as INVALID (pg_index.indisvalid): drop it before running again"),
                text)
        }
        XCTAssertEqual(try db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_u'::regclass"), [["false"]])
    }

    /// A failure after a statement that ran outside a transaction: what ran is committed,
    /// and the error says the step is partly applied and unrecorded.
    func testPostgreSQLFailureAfterAStatementOutsideATransaction() throws {
        let db = try postgres()
        let project = try concurrentIndexProject(failAfter: true)
        var events: [MigrationEvent] = []
        XCTAssertThrowsError(try project.upgrade("head", on: db, events: &events)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("part of r2 stays applied"), text)
            XCTAssertTrue(text.hasSuffix("1 earlier migration of this run stays applied; alembic_version holds r1"), text)
        }
        XCTAssertEqual(try userTables(db), ["t_r1", "t_r2"])
        XCTAssertEqual(try VersionTable().revisions(on: db), ["r1"])
    }
}

/// The plan as the user sees it before confirming.
final class LivePlanTextTests: XCTestCase {
    func testPlanNamesStepsRowsAndRisks() throws {
        let project = try LiveTestProject([
            .table("r1", down: nil, extra: ["op.add_column('t_r1', sa.Column('a', sa.Integer()))"]),
            LiveTestProject.Script(
                id: "r2", down: "r1",
                upgrade: ["op.drop_column('t_r1', 'a')", "op.alter_column('t_r1', 'id', nullable=True)",
                          "op.execute('VACUUM')"],
                downgrade: []),
        ])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        let executor = NativeExecutor(bodies: LiveBodies(graph: project.graph, dialect: .sqlite, serverVersion: nil))
        let previews = try executor.prepare(plan.steps, live: LiveTableCache(reader: EmptyDatabaseReader()))
        let context = LivePlanText.Context(
            database: "sqlite:///app.db", table: VersionTable(), dialect: .sqlite, transactions: .perMigration,
            tableExists: false)
        XCTAssertEqual(
            LivePlanText.render(plan, previews: previews, graph: project.graph, context),
            """
            Upgrade to head on sqlite:///app.db: 2 migrations, each atomic, committed together every 0.2 s
              alembic_version does not exist yet: it is created first, as Alembic creates it
              1. upgrade  -> r1, revision r1: 2 statements; alembic_version: insert r1
              2. upgrade r1 -> r2, revision r2: 3 statements; alembic_version: r1 -> r2
                   destructive, line 12: drop column t_r1.a
                   destructive, line 14: execute: VACUUM
                   outside a transaction, line 14 (VACUUM): VACUUM
                   note: SQLite does not support ALTER COLUMN; use batch_alter_table
                   (what comes before it is committed first; the version row is written right after the step)
              alembic_version afterwards: r2 (now: no row)

            """)
    }
}
