import Foundation
import MigrationCore
import XCTest

/// `upgrade --rehearse` on SQLite and PostgreSQL: every statement runs in one transaction
/// that is rolled back, the report names each statement with its rows (and on PostgreSQL
/// its locks), a failure is named with its file and line (exit 4), a statement that
/// cannot run in a transaction ends the rehearsal, and the database (tables, rows and
/// version rows) is the same afterwards, byte for byte.
final class RehearsalTests: XCTestCase {
    let ini = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/rehearsal/alembic.ini").path
    let versions = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/rehearsal/migrations/versions").path

    /// A database at r1 with `rows` in items.
    func database(_ kind: LiveDatabase.Kind, _ name: String, rows: String) throws -> LiveDatabase {
        let directory = try Harness.temporaryDirectory(self, "rehearsal-\(name)")
        let db = try LiveDatabase.make(kind, self, in: directory, name: name)
        let setup = try retort(db, ["upgrade", "r1", "--yes"])
        XCTAssertEqual(setup.exit, 0, setup.stderr)
        try db.execute("INSERT INTO items (code, note) VALUES \(rows)")
        return db
    }

    func retort(_ db: LiveDatabase, _ args: [String]) throws -> RunResult {
        try Harness.retort(["-c", ini, "--url", db.url] + args)
    }

    /// Everything a rehearsal must leave as it was.
    func dump(_ db: LiveDatabase) throws -> String {
        let oracle = try Harness.oracle()
        switch db.kind {
        case .sqlite:
            let run = try Harness.run(
                oracle.python,
                [Harness.oracleScripts.appendingPathComponent("sqlite_schema.py").path, String(db.url.dropFirst("sqlite:///".count)),
                 "--rows"])
            XCTAssertEqual(run.exit, 0, run.stderr)
            return run.stdout
        case .postgresql:
            return try db.schema(oracle) + "\(try db.query("SELECT * FROM items ORDER BY id"))"
        case .mariadb:
            throw HarnessError.message("no rehearsal on MySQL: it is refused (BridgeMariaDBTests)")
        }
    }

    func checkGoodPlan(_ kind: LiveDatabase.Kind) throws {
        let db = try database(kind, "good", rows: "('a', 'x'), ('b', NULL)")
        let before = try dump(db)
        let run = try retort(db, ["upgrade", "r3", "--rehearse"])
        XCTAssertEqual(run.exit, 0, run.stdout + run.stderr)
        let out = run.stdout
        XCTAssertTrue(out.contains("Upgrade to r3 on "), out)
        XCTAssertTrue(out.contains(": 2 migrations, rehearsed in one transaction that is rolled back\n"), out)
        let update = try XCTUnwrap(out.split(separator: "\n").last { $0.contains("UPDATE items SET flag = true") }, out)
        XCTAssertTrue(update.contains(" 1 row  UPDATE items SET flag = true WHERE note IS NOT NULL (line 18)"), String(update))
        XCTAssertTrue(out.contains("0 rows  CREATE UNIQUE INDEX ux_items_code ON items (code) (line 16)"), out)
        XCTAssertTrue(out.contains("1 row  UPDATE alembic_version SET version_num = 'r3' WHERE version_num = 'r2'"), out)
        XCTAssertTrue(
            out.contains(
                "Rehearsal passed: every statement of 2 steps ran (5 statements, "), out)
        XCTAssertTrue(out.hasSuffix("ms); everything was rolled back: alembic_version holds r1\n"), out)
        if kind == .postgresql {
            XCTAssertTrue(out.contains("(line 17)\n                  locks: AccessExclusiveLock on items\n"), out)
            XCTAssertTrue(out.contains("(line 16)\n                  locks: ShareLock on items\n"), out)
        }
        XCTAssertEqual(try dump(db), before, "the rehearsal changed the database")
    }

    func testGoodPlanSQLite() throws { try checkGoodPlan(.sqlite) }
    func testGoodPlanPostgreSQL() throws { try checkGoodPlan(.postgresql) }

    /// Duplicate codes: the unique index of the second step fails; its statement, file and
    /// line are named, exit 4, nothing changed.
    func checkUniqueIndexOverDuplicates(_ kind: LiveDatabase.Kind) throws {
        let db = try database(kind, "duplicates", rows: "('a', 'x'), ('a', 'y')")
        let before = try dump(db)
        let run = try retort(db, ["upgrade", "head", "--rehearse"])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("       FAILED: "), run.stdout)
        XCTAssertTrue(
            run.stdout.contains(
                "Rehearsal failed at step 2 (upgrade r2 -> r3) at \(versions)/r3_unique_code.py:16: "), run.stdout)
        XCTAssertTrue(run.stdout.contains(" in: CREATE UNIQUE INDEX ux_items_code ON items (code); everything was rolled back: "
            + "alembic_version holds r1\n"), run.stdout)
        XCTAssertEqual(run.stderr, "FAILED: the rehearsal failed at upgrade r2 -> r3; nothing was applied\n")
        XCTAssertEqual(try dump(db), before, "the rehearsal changed the database")
    }

    func testUniqueIndexOverDuplicatesSQLite() throws { try checkUniqueIndexOverDuplicates(.sqlite) }
    func testUniqueIndexOverDuplicatesPostgreSQL() throws { try checkUniqueIndexOverDuplicates(.postgresql) }

    /// A NULL note: the third step's NOT NULL fails (a table copy on SQLite, an ALTER on
    /// PostgreSQL).
    func checkNotNullOverNulls(_ kind: LiveDatabase.Kind) throws {
        let db = try database(kind, "nulls", rows: "('a', 'x'), ('b', NULL)")
        let before = try dump(db)
        let run = try retort(db, ["upgrade", "head", "--rehearse"])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(
            run.stdout.contains("Rehearsal failed at step 3 (upgrade r3 -> r4) at \(versions)/r4_note_required.py:17: "),
            run.stdout)
        let statement = kind == .sqlite ? "INSERT INTO _alembic_tmp_items" : "ALTER TABLE items ALTER COLUMN note SET NOT NULL"
        XCTAssertTrue(run.stdout.contains(" in: \(statement)"), run.stdout)
        XCTAssertEqual(try dump(db), before, "the rehearsal changed the database")
    }

    func testNotNullOverNullsSQLite() throws { try checkNotNullOverNulls(.sqlite) }
    func testNotNullOverNullsPostgreSQL() throws { try checkNotNullOverNulls(.postgresql) }

    /// CREATE INDEX CONCURRENTLY (an autocommit block) cannot be rehearsed: the rehearsal
    /// ends there and says so.
    func checkEndsAtAStatementOutsideATransaction(_ kind: LiveDatabase.Kind) throws {
        let db = try database(kind, "concurrently", rows: "('a', 'x'), ('b', 'y')")
        let before = try dump(db)
        let run = try retort(db, ["upgrade", "head", "--rehearse"])
        XCTAssertEqual(run.exit, 0, run.stdout + run.stderr)
        let index = kind == .sqlite
            ? "CREATE INDEX ix_items_flag ON items (flag)" : "CREATE INDEX CONCURRENTLY ix_items_flag ON items (flag)"
        XCTAssertTrue(
            run.stdout.contains(
                "Rehearsal ended early: step 4 (upgrade r4 -> r5) line 17 must run outside a transaction (autocommit_block()), "
                    + "where a rehearsal cannot follow it: \(index); the \(kind == .sqlite ? 11 : 7) statements before it ran"), run.stdout)
        XCTAssertEqual(try dump(db), before, "the rehearsal changed the database")
    }

    func testEndsAtAStatementOutsideATransactionSQLite() throws { try checkEndsAtAStatementOutsideATransaction(.sqlite) }
    func testEndsAtAStatementOutsideATransactionPostgreSQL() throws { try checkEndsAtAStatementOutsideATransaction(.postgresql) }

    // MARK: Locks

    /// Another runner holds the migration lock: the rehearsal waits for it like a run,
    /// and gives up naming the holder.
    func testRehearsalWaitsForTheMigrationLockPostgreSQL() throws {
        let db = try database(.postgresql, "locked", rows: "('a', 'x')")
        var options = ConnectOptions()
        options.applicationName = "holder-test"
        let holder = try PostgresConnection(try DatabaseURL(db.url), options)
        defer { holder.close() }
        XCTAssertTrue(try holder.tryAdvisoryLock(AdvisoryLockKey.key(schema: "public", table: "alembic_version")))
        let run = try retort(db, ["upgrade", "r3", "--rehearse", "--lock-timeout", "1"])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("Waiting for another migration run to finish (at most 1 s)..."), run.stdout)
        XCTAssertTrue(run.stderr.contains("pid \(holder.backendPID) (application 'holder-test')"), run.stderr)
    }

    /// On SQLite another connection's write lock stops a rehearsal in place; one on a
    /// copy runs all the same.
    func testRehearsalOnACopyHoldsNoWriteLockSQLite() throws {
        let db = try database(.sqlite, "copy", rows: "('a', 'x'), ('b', 'y')")
        let before = try dump(db)
        let holder = try DatabaseURL(db.url).connect()
        defer { holder.close() }
        try holder.begin()  // BEGIN IMMEDIATE: the file's write lock
        let inPlace = try retort(db, ["upgrade", "r3", "--rehearse", "--lock-timeout", "1"])
        XCTAssertEqual(inPlace.exit, 4, inPlace.stdout + inPlace.stderr)
        XCTAssertTrue(
            inPlace.stdout.contains(
                "Rehearsal failed at the start: the SQLite database stayed locked by another connection for 1 s (--lock-timeout)"),
            inPlace.stdout)
        let copy = try retort(db, ["upgrade", "r3", "--rehearse-on-copy", "--lock-timeout", "1"])
        XCTAssertEqual(copy.exit, 0, copy.stdout + copy.stderr)
        XCTAssertTrue(copy.stdout.contains("(a copy made with SQLite's backup API): one transaction, rolled back at the end"), copy.stdout)
        XCTAssertTrue(copy.stdout.contains("Rehearsal passed: every statement of 2 steps ran"), copy.stdout)
        try holder.rollback()
        XCTAssertEqual(try dump(db), before)
    }

    /// A statement that waits for a table lock another session holds: the report says how
    /// long and for whom.
    func testRehearsalReportsAWaitForALockPostgreSQL() throws {
        let db = try database(.postgresql, "wait", rows: "('a', 'x')")
        var options = ConnectOptions()
        options.applicationName = "table-holder"
        let holder = try PostgresConnection(try DatabaseURL(db.url), options)
        defer { holder.close() }
        try holder.begin()
        try holder.execute("LOCK TABLE items IN ACCESS SHARE MODE")
        let released = expectation(description: "released")
        let session = UncheckedBox(holder)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1.5) {
            try? session.value.rollback()
            released.fulfill()
        }
        let run = try retort(db, ["upgrade", "r2", "--rehearse"])
        wait(for: [released], timeout: 10)
        XCTAssertEqual(run.exit, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("waited at least "), run.stdout)
        XCTAssertTrue(run.stdout.contains(" for a lock held by \(holder.backendPID) (table-holder)"), run.stdout)
    }
}

/// A value handed to another thread that the test knows is used by one thread at a time.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
