import Foundation
import MigrationCore
import XCTest

/// Revisions that ask `sa.inspect(bind)` about the schema (has_table, get_columns,
/// get_indexes, get_foreign_keys, get_pk_constraint, get_unique_constraints,
/// get_table_names, NoSuchTableError, an Inspector asked twice, questions asked by a
/// helper module), rendered offline by Retort from the schema the history describes, and
/// the same scripts run online by Alembic against a real database: the database Retort's
/// script builds equals the one Alembic's run leaves, after upgrading and after
/// downgrading, on SQLite and PostgreSQL (Tests/Fixtures/inspector).
final class InspectorAnswerTests: XCTestCase {
    var ini: String { Harness.packageRoot.appendingPathComponent("Tests/Fixtures/inspector/alembic.ini").path }

    func compareWithAlembic(_ kind: LiveDatabase.Kind) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "inspector-\(kind)")
        let alembicDatabase = try LiveDatabase.make(kind, self, in: dir, name: "alembic")
        let retortDatabase = try LiveDatabase.make(kind, self, in: dir, name: "retort")
        let dialect = kind == .sqlite ? [] : ["--dialect", "postgresql"]
        for (alembic, retort) in [(["upgrade", "head"], ["upgrade", "head", "--sql"]), (["downgrade", "base"], ["downgrade", "head:base", "--sql"])] {
            let theirs = try oracle.alembic(["-c", ini, "-x", "url=\(alembicDatabase.url)"] + alembic)
            XCTAssertEqual(theirs.exit, 0, "alembic \(alembic): \(theirs.stderr.suffix(800))")
            let ours = try Harness.retort(["-c", ini] + dialect + retort)
            XCTAssertEqual(ours.exit, 0, "retort \(retort): \(ours.stderr)")
            try retortDatabase.execute(ours.stdout)
            let expected = try alembicDatabase.schema(oracle)
            let actual = try retortDatabase.schema(oracle)
            XCTAssertEqual(actual, expected, "\(kind) after \(alembic): " + Compare.firstDifference(actual, expected))
        }
    }

    /// A live run: Retort asks the database (as the step's transaction sees it) and runs
    /// the same scripts natively; Alembic runs them online on a twin database. Both start
    /// with a table made by hand that a guard looks for; the databases end up identical
    /// after upgrading and after downgrading, and the plan marks every question.
    func compareLiveWithAlembic(_ kind: LiveDatabase.Kind) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "inspector-live-\(kind)")
        let alembicDatabase = try LiveDatabase.make(kind, self, in: dir, name: "alembic")
        let retortDatabase = try LiveDatabase.make(kind, self, in: dir, name: "retort")
        for database in [alembicDatabase, retortDatabase] {
            try database.execute("CREATE TABLE legacy_tags (id INTEGER PRIMARY KEY)")
        }
        // i4 catches NoSuchTableError with try/except, which a live run does not follow.
        let twins = TwinRuns(ini: ini, oracle: oracle, alembic: alembicDatabase, retort: retortDatabase)
        let upgrade = try twins.run(["upgrade", "i3"])
        XCTAssertTrue(
            upgrade.stdout.contains("note: line 20: inspector.has_table('legacy_tags') asks the database: decided when it runs"),
            upgrade.stdout)
        XCTAssertTrue(upgrade.stdout.contains("destructive, line 21: drop table legacy_tags"), upgrade.stdout)
        try twins.run(["downgrade", "base"])
    }

    /// The plan was made without legacy_tags; someone creates it before the run starts:
    /// the guard now answers otherwise, so the step's statements are not the confirmed
    /// ones. The step is rolled back and the run stops, showing what it would run now.
    func changedBetweenPlanningAndRunning(_ kind: LiveDatabase.Kind) throws {
        let dir = try Harness.temporaryDirectory(self, "inspector-changed-\(kind)")
        let database = try LiveDatabase.make(kind, self, in: dir, name: "db")
        let first = try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "i1", "--yes"])
        XCTAssertEqual(first.exit, 0, first.stderr)
        var asked = false
        let (out, error) = try TwinRuns.changedBeforeTheRun(ini: ini, .upgrade("i2"), on: database) {
            asked = true
            try? database.execute("CREATE TABLE legacy_tags (id INTEGER PRIMARY KEY)")
        }
        XCTAssertTrue(error?.contains("the database changed since the plan was shown") == true, error ?? "no error")
        XCTAssertTrue(error?.contains("DROP TABLE legacy_tags;") == true, error ?? "no error")
        XCTAssertTrue(asked)
        XCTAssertTrue(out.contains("inspector.has_table('legacy_tags') asks the database: decided when it runs"), out)
        XCTAssertFalse(out.contains("drop table legacy_tags"), "the plan shown had no drop: \(out)")
        // Nothing of i2 ran: still at i1, no tags table, the table made by hand still there.
        let current = try Harness.retort(["-c", ini, "--url", database.url, "current"])
        XCTAssertEqual(current.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "i1", current.stderr)
        let tables = try Harness.retort(["-c", ini, "--url", database.url, "upgrade", "i2", "--rehearse"])
        XCTAssertTrue(tables.stdout.contains("destructive, line 21: drop table legacy_tags"), tables.stdout)
    }

    func testALiveRunOnSQLiteMatchesAlembic() throws { try compareLiveWithAlembic(.sqlite) }

    func testALiveRunOnPostgreSQLMatchesAlembic() throws { try compareLiveWithAlembic(.postgresql) }

    func testAnAnswerChangedAfterPlanningStopsTheRunOnSQLite() throws { try changedBetweenPlanningAndRunning(.sqlite) }

    func testAnAnswerChangedAfterPlanningStopsTheRunOnPostgreSQL() throws { try changedBetweenPlanningAndRunning(.postgresql) }

    func testSQLiteMatchesAlembicOnline() throws { try compareWithAlembic(.sqlite) }

    func testPostgreSQLMatchesAlembicOnline() throws { try compareWithAlembic(.postgresql) }

    /// The script says which answers came from the history, above the step's statements.
    func testTheScriptSaysWhatWasAnsweredFromTheHistory() throws {
        let run = try Harness.retort(["-c", ini, "upgrade", "i1:i2", "--sql"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        let comments = run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("-- line") }
        XCTAssertEqual(
            comments,
            [
                "-- line 18: inspector.has_table('tags') answered from the schema the history describes (no database offline)",
                "-- line 20: inspector.has_table('legacy_tags') answered from the schema the history describes (no database offline)",
                "-- line 22: inspector.get_columns('users') answered from the schema the history describes (no database offline)",
                "-- line 29: inspector.get_columns('users') answered from the schema the history describes (no database offline)",
                "-- line 31: inspector.get_columns('posts') answered from the schema the history describes (no database offline)",
            ])
        // The same Inspector asked twice (line 25) gives its first answer, as SQLAlchemy's does.
        XCTAssertFalse(run.stdout.contains("ix_users_nickname_cached"))
        XCTAssertTrue(run.stdout.contains("CREATE INDEX ix_users_nickname ON users (nickname);"))
        let json = try Harness.retort(["-c", ini, "sql", "i3", "--json"])
        XCTAssertEqual(json.exit, 0, json.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let answered = (document?["answered_from_history"] as? [[String: Any]])?.map { "\($0["line"]!) \($0["question"]!)" }
        XCTAssertEqual(answered, ["18 get_indexes('posts')", "20 get_indexes('posts')", "27 get_columns('posts')"])
    }

    /// Where the history cannot say for sure (raw DDL touched the table), the question
    /// is not answered: the function is refused at the question, naming why.
    func testRawDDLLeavesTheAnswerUnknown() throws {
        let dir = try Harness.temporaryDirectory(self, "inspector-raw")
        let project = dir.appendingPathComponent("project")
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/inspector"), to: project)
        let versions = project.appendingPathComponent("migrations/versions")
        let i1 = versions.appendingPathComponent("i1_users_and_posts.py")
        var text = try String(contentsOf: i1, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "    op.create_index(\"ix_posts_title\", \"posts\", [\"title\"])\n",
            with: "    op.create_index(\"ix_posts_title\", \"posts\", [\"title\"])\n    op.execute(\"ALTER TABLE users ADD COLUMN age INTEGER\")\n")
        try text.write(to: i1, atomically: true, encoding: .utf8)
        let run = try Harness.retort(["-c", project.appendingPathComponent("alembic.ini").path, "upgrade", "head", "--sql"])
        XCTAssertEqual(run.exit, 3, run.stdout)
        XCTAssertTrue(
            run.stderr.contains(
                "i2_guarded_by_has_table.py:22: inspector.get_columns('users'): table users is not known for sure: revision i1 changes it with raw SQL at line 29"),
            run.stderr)
    }
}
