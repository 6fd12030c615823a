import Foundation
import MigrationCore
import XCTest

/// A data migration that reads rows and updates each one, adds a column when a count
/// says so, and loops over a result (Tests/Fixtures/data-rows): Retort runs it natively,
/// the database answering its reads in the step's transaction, and Alembic runs the same
/// scripts online on a twin database; tables, rows and version rows end up the same,
/// after upgrading and after downgrading, on SQLite and PostgreSQL.
final class LiveDataMigrationTests: XCTestCase {
    var ini: String { Harness.packageRoot.appendingPathComponent("Tests/Fixtures/data-rows/alembic.ini").path }

    func compareWithAlembic(_ kind: LiveDatabase.Kind) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "data-rows-\(kind)")
        let alembicDatabase = try LiveDatabase.make(kind, self, in: dir, name: "alembic")
        let retortDatabase = try LiveDatabase.make(kind, self, in: dir, name: "retort")
        // d2's reads are planned on the database as it is: its table must exist first.
        let twins = TwinRuns(ini: ini, oracle: oracle, alembic: alembicDatabase, retort: retortDatabase)
        for command in [["upgrade", "d1"], ["upgrade", "head"], ["downgrade", "d1"]] {
            let ours = try twins.run(command)
            if command == ["upgrade", "head"] {
                XCTAssertTrue(
                    ours.stdout.contains("note: line 21: reads rows (SELECT id, state, cost FROM jobs ORDER BY id): decided when it runs"),
                    ours.stdout)
                XCTAssertTrue(ours.stdout.contains("execute: UPDATE jobs SET priority = 30 WHERE id = 3"), ours.stdout)
            }
            for query in ["SELECT id, state, priority FROM jobs ORDER BY id", "SELECT version_num FROM alembic_version"] {
                XCTAssertEqual(try retortDatabase.query(query), try alembicDatabase.query(query), "\(kind) after \(command)")
            }
        }
    }

    func testSQLiteMatchesAlembic() throws { try compareWithAlembic(.sqlite) }

    func testPostgreSQLMatchesAlembic() throws { try compareWithAlembic(.postgresql) }

    /// Rows changed between the plan and the run (a job marked done by hand): the read
    /// answers otherwise, the step is rolled back, the run stops with what it would run.
    func testRowsChangedAfterPlanningStopTheRun() throws {
        let dir = try Harness.temporaryDirectory(self, "data-rows-changed")
        let database = try LiveDatabase.make(.sqlite, self, in: dir, name: "db")
        let first = try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "d1", "--yes"])
        XCTAssertEqual(first.exit, 0, first.stderr)
        try database.execute("UPDATE jobs SET state = 'new' WHERE id = 2")
        let (out, error) = try TwinRuns.changedBeforeTheRun(ini: ini, .upgrade("d2"), on: database) {
            try? database.execute("UPDATE jobs SET state = 'done' WHERE id = 2")
        }
        XCTAssertTrue(error?.contains("the database changed since the plan was shown") == true, error ?? "no error")
        XCTAssertTrue(error?.contains("ALTER TABLE jobs ADD COLUMN archived BOOLEAN;") == true, error ?? "no error")
        XCTAssertTrue(out.contains("UPDATE jobs SET priority = 20 WHERE id = 2"), "planned while job 2 was new: \(out)")
        XCTAssertEqual(try database.query("SELECT version_num FROM alembic_version"), [["d1"]])
        XCTAssertEqual(try database.query("SELECT priority FROM jobs WHERE id = 1"), [[nil]], "nothing of d2 ran")
    }
}

extension LiveDataMigrationTests {
    /// A read that comes after the function's own statements (the tutorial's INSERT, then
    /// SELECT) would be answered by the database as it was before them: refused, never
    /// answered from stale rows.
    func testAReadAfterTheFunctionsOwnStatementsIsRefused() throws {
        let dir = try Harness.temporaryDirectory(self, "data-rows-stale")
        let project = dir.appendingPathComponent("project")
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/data-rows"), to: project)
        let d2 = project.appendingPathComponent("migrations/versions/d2_backfill_priorities.py")
        var text = try String(contentsOf: d2, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "    conn = op.get_bind()\n    rows =",
            with: "    conn = op.get_bind()\n    op.execute(\"INSERT INTO jobs (id, state) VALUES (5, 'new')\")\n    rows =")
        try text.write(to: d2, atomically: true, encoding: .utf8)
        let database = try LiveDatabase.make(.sqlite, self, in: dir, name: "db")
        let ini = project.appendingPathComponent("alembic.ini").path
        XCTAssertEqual(try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "d1", "--yes"]).exit, 0)
        let run = try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "d2", "--yes"])
        XCTAssertEqual(run.exit, 3, run.stdout)
        XCTAssertTrue(
            run.stderr.contains("d2_backfill_priorities.py:22: a read after this function's own statements (line 21)"), run.stderr)
        XCTAssertEqual(try database.query("SELECT count(*) FROM jobs"), [["4"]], "nothing ran")
    }
}

extension LiveDataMigrationTests {
    /// A function that reads and never uses the answer is whole without the database: it
    /// runs its statements as written (the read after its own INSERTs included), as before.
    func testAnUnusedReadRunsAsWritten() throws {
        let dir = try Harness.temporaryDirectory(self, "data-rows-unused")
        let project = dir.appendingPathComponent("project")
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/data-rows"), to: project)
        let d1 = project.appendingPathComponent("migrations/versions/d1_jobs.py")
        var text = try String(contentsOf: d1, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\n\n\ndef downgrade():",
            with: "\n    op.get_bind().execute(sa.text(\"SELECT count(*) FROM jobs\"))\n\n\ndef downgrade():")
        try text.write(to: d1, atomically: true, encoding: .utf8)
        let database = try LiveDatabase.make(.sqlite, self, in: dir, name: "db")
        let ini = project.appendingPathComponent("alembic.ini").path
        XCTAssertEqual(try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "d1", "--yes"]).exit, 0)
        let run = try Harness.retort(["-c", ini, "--url", database.url, "downgrade", "base", "--yes"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        XCTAssertEqual(try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "d1", "--yes"]).exit, 0)
        XCTAssertEqual(try database.query("SELECT count(*) FROM jobs"), [["4"]])
    }
}
