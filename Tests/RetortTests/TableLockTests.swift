import Foundation
import MigrationCore
import XCTest

/// A table another connection holds locked: the run gives up after `--lock-timeout`,
/// names the session that holds it, and applies nothing.
final class TableLockTests: XCTestCase {
    let ini = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/rehearsal/alembic.ini").path

    func testARunNamesWhoHoldsTheTableItWaitedForPostgreSQL() throws {
        let directory = try Harness.temporaryDirectory(self, "table-lock")
        let db = try LiveDatabase.make(.postgresql, self, in: directory, name: "locked")
        let setup = try Harness.retort(["-c", ini, "--url", db.url, "upgrade", "r1", "--yes"])
        XCTAssertEqual(setup.exit, 0, setup.stderr)
        var options = ConnectOptions()
        options.applicationName = "table-holder"
        let holder = try PostgresConnection(try DatabaseURL(db.url), options)
        defer { holder.close() }
        try holder.begin()
        try holder.execute("LOCK TABLE items IN ACCESS SHARE MODE")
        let started = Date()
        let run = try Harness.retort(["-c", ini, "--url", db.url, "upgrade", "r2", "--yes", "--lock-timeout", "1"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("canceling statement due to lock timeout (SQLSTATE 55P03)"), run.stderr)
        XCTAssertTrue(
            run.stderr.contains(
                "; pid \(holder.backendPID) (application 'table-holder') holds AccessShareLock on items "
                    + "(gave up after 1 s, --lock-timeout)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("rolled back: nothing of r2 remains"), run.stderr)
        try holder.rollback()
        XCTAssertEqual(try db.rows(), ["r1"])
    }

    /// On SQLite the wait is for the file's write lock, which SQLite cannot name the holder of.
    func testARunSaysTheSQLiteFileStayedLocked() throws {
        let directory = try Harness.temporaryDirectory(self, "file-lock")
        let db = try LiveDatabase.make(.sqlite, self, in: directory, name: "locked")
        let setup = try Harness.retort(["-c", ini, "--url", db.url, "upgrade", "r1", "--yes"])
        XCTAssertEqual(setup.exit, 0, setup.stderr)
        let holder = try DatabaseURL(db.url).connect()
        defer { holder.close() }
        try holder.begin()
        let run = try Harness.retort(["-c", ini, "--url", db.url, "upgrade", "r2", "--yes", "--lock-timeout", "1"])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(
            run.stderr.contains("the SQLite database stayed locked by another connection for 1 s (--lock-timeout); nothing of r2 was applied"),
            run.stderr)
        try holder.rollback()
        XCTAssertEqual(try db.rows(), ["r1"])
    }
}
