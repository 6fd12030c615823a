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
