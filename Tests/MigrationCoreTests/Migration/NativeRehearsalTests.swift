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
}
