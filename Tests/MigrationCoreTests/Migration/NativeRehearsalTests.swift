import XCTest

@testable import MigrationCore

/// `NativeExecutor.rehearse` in the process: the connection it was given is left with no
/// transaction and no lock, and the statements it reports are those a run sends.
final class NativeRehearsalTests: XCTestCase {
    func testAPostgreSQLRehearsalLeavesTheSessionHoldingNoLock() throws {
        let db = try DatabaseTestSupport.freshPostgresDatabase(self).connect()
        let project = try LiveTestProject([
            .table("r1", down: nil), .table("r2", down: "r1", extra: ["op.create_index('ix_r2', 't_r2', ['id'])"]),
        ])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        let executor = NativeExecutor(bodies: LiveBodies(graph: project.graph, dialect: .postgresql, serverVersion: nil))
        _ = try executor.prepare(plan.steps, live: LiveTableCache(reader: LiveSchema.reader(db)))
        let session = MigrationSession(connection: db, versionTable: VersionTable(), transactions: .all, lockTimeout: 5)
        let report = executor.rehearse(
            plan, in: session, report: RehearsalReport(database: "db"), watchLocks: nil, events: { _ in })
        XCTAssertNil(report.failure)
        XCTAssertEqual(report.steps.map { $0.statements.count }, [2, 3], "each step's statements and its version row")
        XCTAssertEqual(report.rowsAfter, [])
        XCTAssertFalse(db.isInTransaction)
        let locks = try db.query(
            "SELECT locktype, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype IN ('relation', 'advisory') "
                + "AND coalesce(relation, 0) <> 'pg_locks'::regclass")
        XCTAssertEqual(locks, [], "the rehearsing session still holds locks")
        XCTAssertFalse(try VersionTable().exists(on: db), "the version table made in the rehearsal was rolled back")
    }

    /// Raw SQL that commits would end the transaction that keeps a rehearsal harmless:
    /// the rehearsal stops before it, and nothing of the steps before it remains.
    func testARehearsalStopsBeforeRawSQLThatCommits() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        let db = try DatabaseURL("sqlite:///\(dir)/app.db").connect()
        let project = try LiveTestProject([
            .table("r1", down: nil), .table("r2", down: "r1", extra: ["op.execute('COMMIT')"]),
        ])
        let plan = try MigrationPlan.upgrade(project.graph, to: "head", from: [])
        let executor = NativeExecutor(bodies: LiveBodies(graph: project.graph, dialect: .sqlite, serverVersion: nil))
        _ = try executor.prepare(plan.steps, live: LiveTableCache(reader: LiveSchema.reader(db)))
        let session = MigrationSession(connection: db, versionTable: VersionTable(), transactions: .all, lockTimeout: 5)
        let report = executor.rehearse(
            plan, in: session, report: RehearsalReport(database: "db"), watchLocks: nil, events: { _ in })
        XCTAssertNil(report.failure)
        XCTAssertEqual(
            report.endedEarly?.hasSuffix("must run outside a transaction (it runs COMMIT, which would end the rehearsal's "
                + "transaction), where a rehearsal cannot follow it: COMMIT"), true, report.endedEarly ?? "")
        XCTAssertEqual(try db.query("SELECT name FROM sqlite_master WHERE type = 'table'"), [], "the rehearsal left tables")
    }

    func testTransactionControlInRawSQL() {
        XCTAssertEqual(OutsideTransaction.transactionControl("COMMIT"), "COMMIT")
        XCTAssertEqual(OutsideTransaction.transactionControl("UPDATE t SET a = 1; commit work"), "COMMIT")
        XCTAssertEqual(OutsideTransaction.transactionControl("ROLLBACK TO SAVEPOINT x"), "ROLLBACK")
        XCTAssertEqual(OutsideTransaction.transactionControl("start transaction"), "START TRANSACTION")
        XCTAssertEqual(OutsideTransaction.transactionControl("BEGIN IMMEDIATE"), "BEGIN")
        XCTAssertNil(OutsideTransaction.transactionControl(
            "CREATE TRIGGER trg AFTER INSERT ON t BEGIN INSERT INTO log VALUES (1); END"), "a trigger's body")
        XCTAssertNil(OutsideTransaction.transactionControl("DO $$ BEGIN PERFORM 1; END $$"))
        XCTAssertNil(OutsideTransaction.transactionControl("INSERT INTO t VALUES ('COMMIT')"))
    }
}
