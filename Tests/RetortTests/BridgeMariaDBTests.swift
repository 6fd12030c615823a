import Foundation
import MigrationCore
import XCTest

/// MySQL through the second engine, on the MariaDB server scripts/with-mariadb.sh starts:
/// the tutorial project with `DATABASE_URL=mysql+pymysql://...`, run by Retort (every
/// step through the project's Alembic, the version table and the lock on Retort's own
/// connections through the project's PyMySQL) and, on a second database, by Alembic.
final class BridgeMariaDBTests: XCTestCase {
    func testTutorialProjectAgainstAlembic() throws {
        let scratch = try Harness.temporaryDirectory(self, "mariadb-dbs")
        let retortDB = try LiveDatabase.make(.mariadb, self, in: scratch, name: "retort")
        let alembicDB = try LiveDatabase.make(.mariadb, self, in: scratch, name: "alembic")
        let project = try TutorialProject.make(self, variant: "mysql")
        let ours = ["DATABASE_URL": retortDB.url]
        let theirs = ["DATABASE_URL": alembicDB.url]

        func same(_ what: String) throws {
            let a = try project.schema(retortDB.url)
            let b = try project.schema(alembicDB.url)
            XCTAssertEqual(a, b, "\(what): " + Compare.firstDifference(a, b))
        }
        func currentAgrees(_ what: String) throws {
            let a = try project.retort(["current"], ours)
            let b = try project.alembic(["current"], theirs)
            XCTAssertEqual(a.exit, 0, "\(what): retort current: \(a.stderr)")
            XCTAssertEqual(b.exit, 0, "\(what): alembic current: \(b.stderr)")
            XCTAssertEqual(a.stdout, b.stdout, "\(what): current")
        }
        func both(_ args: [String], _ what: String) throws -> RunResult {
            let a = try project.retort(args + ["--yes"], ours)
            XCTAssertEqual(a.exit, 0, "\(what): \(a.stdout)\n\(a.stderr)")
            let b = try project.alembic(args, theirs)
            XCTAssertEqual(b.exit, 0, "\(what): alembic: \(b.stderr)")
            try same(what)
            return a
        }

        try currentAgrees("before")
        let upgrade = try both(["upgrade", "head"], "upgrade head")
        XCTAssertTrue(
            upgrade.stdout.contains(
                "Upgrade to head on \(retortDB.url) ($DATABASE_URL, read by env.py): 4 migrations, one transaction each\n"
                    + "  alembic_version does not exist yet: it is created first, as Alembic creates it\n"
                    + "  MySQL commits each DDL statement as it runs: a migration that fails part-way leaves what it ran "
                    + "before the failure applied, and its version row unwritten\n"
                    + "  1. upgrade  -> a1, create users: through the project's Alembic (Retort does not speak mysql itself); "
                    + "alembic_version: insert a1\n"),
            upgrade.stdout)
        XCTAssertTrue(upgrade.stdout.contains("Done: 4 migrations applied; alembic_version holds a4.\n"), upgrade.stdout)
        try currentAgrees("after upgrade head")
        _ = try both(["downgrade", "base"], "downgrade base")
        try currentAgrees("after downgrade base")
        _ = try both(["upgrade", "+2"], "upgrade +2")
        let history = try project.retort(["history", "-i"], ours)
        let alembicHistory = try project.alembic(["history", "-i"], theirs)
        XCTAssertEqual(history.exit, 0, history.stderr)
        XCTAssertEqual(history.stdout, alembicHistory.stdout, "history -i")
        XCTAssertTrue(history.stdout.contains("a1 -> a2 (current), seed and normalise names"), history.stdout)
        _ = try both(["downgrade", "-1"], "downgrade -1")
        _ = try both(["stamp", "a4"], "stamp a4")
        try currentAgrees("after stamp a4")
        _ = try both(["stamp", "a1"], "stamp a1")
        try currentAgrees("after stamp a1")

        // Previews: Alembic's offline SQL for MySQL, marked as such.
        let sql = try project.retort(["sql", "a4"], ours)
        XCTAssertEqual(sql.exit, 0, sql.stderr)
        XCTAssertTrue(sql.stdout.contains("id INTEGER NOT NULL AUTO_INCREMENT"), sql.stdout)
        XCTAssertTrue(sql.stdout.contains("CREATE INDEX ix_posts_title ON posts (title);"), sql.stdout)
        XCTAssertTrue(sql.stderr.contains("written by the project's Alembic in offline mode"), sql.stderr)

        // No rehearsal: MySQL commits DDL as it goes, so none could be rolled back.
        let rehearse = try project.retort(["upgrade", "head", "--rehearse"], ours)
        XCTAssertEqual(rehearse.exit, 1, rehearse.stderr)
        XCTAssertTrue(rehearse.stderr.contains("not supported: a rehearsal on MySQL"), rehearse.stderr)
    }

    /// A data migration that raises in Python: its rows are rolled back (DML is
    /// transactional on InnoDB), the version table says a1, and no DDL is named as left.
    func testFailingDataMigration() throws {
        let scratch = try Harness.temporaryDirectory(self, "mariadb-failing")
        let database = try LiveDatabase.make(.mariadb, self, in: scratch, name: "db")
        let project = try TutorialProject.make(self, variant: "failing")
        let run = try project.retort(["upgrade", "head", "--yes"], ["DATABASE_URL": database.url])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(
            run.stderr.contains(
                "FAILED: upgrade a1 -> a2 failed at \(project.directory.path)/migrations/versions/a2_seed.py:23: "
                    + "RuntimeError: the data is not as this migration expects; the 1 step of this run before it stay "
                    + "applied; the failed step's transaction was rolled back; alembic_version holds a1"),
            run.stderr)
        XCTAssertEqual(try database.rows(), ["a1"])
        XCTAssertEqual(try database.query("SELECT count(*) FROM users").first?.first ?? nil, "0")
    }

    /// A migration whose second statement fails after its first made a table: MySQL has
    /// committed the CREATE TABLE, and the failure says so, naming it.
    func testFailedMigrationNamesTheDDLThatStays() throws {
        let scratch = try Harness.temporaryDirectory(self, "mariadb-partial")
        let database = try LiveDatabase.make(.mariadb, self, in: scratch, name: "db")
        let project = try TutorialProject.make(self, variant: "mysql")
        let script = """
            from alembic import op
            import sqlalchemy as sa

            revision = 'a5'
            down_revision = 'a4'
            branch_labels = None
            depends_on = None


            def upgrade():
                op.create_table('tags', sa.Column('id', sa.Integer(), primary_key=True))
                op.add_column('no_such_table', sa.Column('x', sa.Integer()))


            def downgrade():
                op.drop_table('tags')

            """
        try script.write(
            to: project.directory.appendingPathComponent("migrations/versions/a5_tags.py"), atomically: true, encoding: .utf8)
        let run = try project.retort(["upgrade", "head", "--yes"], ["DATABASE_URL": database.url])
        XCTAssertEqual(run.exit, 4, run.stdout + run.stderr)
        XCTAssertTrue(
            run.stderr.contains(
                "FAILED: upgrade a4 -> a5 failed at \(project.directory.path)/migrations/versions/a5_tags.py:12: "
                    + "Table '\(database.url.split(separator: "/").last!).no_such_table' doesn't exist (error 1146) in: "),
            run.stderr)
        XCTAssertTrue(run.stderr.contains("in: ALTER TABLE no_such_table ADD COLUMN x INTEGER"), run.stderr)
        XCTAssertTrue(
            run.stderr.contains(
                "the 4 steps of this run before it stay applied; MySQL committed the DDL the failed step ran before the "
                    + "failure, which stays applied (its version row was not written; the rest of its transaction was "
                    + "rolled back): 1. CREATE TABLE tags ("),
            run.stderr)
        XCTAssertEqual(try database.rows(), ["a4"])
        XCTAssertEqual(try database.tables(), ["posts", "tags", "users"])
    }

    /// Two runs at once, both through the project's Alembic: Retort's named lock keeps
    /// them apart, every step is applied once (the seed's INSERT would fail the second
    /// time), and the database is Alembic's.
    func testTwoRunsAtOnce() throws {
        let scratch = try Harness.temporaryDirectory(self, "mariadb-race")
        let database = try LiveDatabase.make(.mariadb, self, in: scratch, name: "db")
        let reference = try LiveDatabase.make(.mariadb, self, in: scratch, name: "reference")
        let project = try TutorialProject.make(self, variant: "mysql")
        let group = DispatchGroup()
        let results = LockedResults()
        for name in ["first", "second"] {
            group.enter()
            DispatchQueue.global().async {
                results.add(name, try? project.retort(["upgrade", "head", "--yes"], ["DATABASE_URL": database.url]))
                group.leave()
            }
        }
        group.wait()
        for (name, run) in results.all {
            XCTAssertEqual(run?.exit, 0, "\(name): \(run?.stdout ?? "") \(run?.stderr ?? "")")
        }
        let alembic = try project.alembic(["upgrade", "head"], ["DATABASE_URL": reference.url])
        XCTAssertEqual(alembic.exit, 0, alembic.stderr)
        XCTAssertEqual(try project.schema(database.url), try project.schema(reference.url))
    }

    /// Without a Python, Retort cannot reach MySQL at all: the error names --python.
    func testWithoutPython() throws {
        let scratch = try Harness.temporaryDirectory(self, "mariadb-nopython")
        let database = try LiveDatabase.make(.mariadb, self, in: scratch, name: "db")
        let project = try TutorialProject.make(self, variant: "mysql")
        let run = try project.retort(["current"], ["DATABASE_URL": database.url, "RETORT_PYTHON": "/nonexistent/python"])
        XCTAssertEqual(run.exit, 4, run.stderr)
        XCTAssertTrue(
            run.stderr.contains("Retort reaches MySQL (\(database.url)) only through the project's Python and its database driver: "),
            run.stderr)
        XCTAssertTrue(run.stderr.contains("pass --python PATH"), run.stderr)
    }
}
