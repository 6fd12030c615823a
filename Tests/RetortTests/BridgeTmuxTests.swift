import Foundation
import XCTest

/// The browser driving the second engine: a step forward through a data migration that
/// only the project's Alembic can run, with its confirmation and progress, then back.
final class BridgeTmuxTests: TmuxTestCase {
    func testStepForwardThroughABridgedDataMigrationThenBack() throws {
        let project = try TutorialProject.make(self, variant: "environ")
        let scratch = try Harness.temporaryDirectory(self, "bridge-tmux")
        let database = try LiveDatabase.make(.sqlite, self, in: scratch, name: "app")
        let environment = ["DATABASE_URL": database.url, "RETORT_PYTHON": project.python]
        let first = try project.retort(["upgrade", "a1", "--yes"], environment)
        XCTAssertEqual(first.exit, 0, first.stderr)
        try openBrowser(try Harness.retortBinary().path, in: project.directory.path, environment: environment)
        try waitFor("3 pending, at a1")
        try keys("j", "j")
        try waitFor("Revision   a2")
        try keys(">")
        try waitFor("Step forward: upgrade a1 -> a2")
        let dialog = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(dialog.contains("(through the project's Alembic)"), dialog)
        XCTAssertTrue(dialog.contains("runs through the project's Alembic: a2 upgrade() line 18: a read after this function's own"), dialog)
        XCTAssertTrue(dialog.contains("its statements are known as they run; r rehearses it"), dialog)
        try keys("y")
        let report = try waitFor("alembic_version now holds a2")
        XCTAssertTrue(report.contains("< step back"), report)
        XCTAssertEqual(try database.rows(), ["a2"])
        XCTAssertEqual(try database.query("SELECT name FROM users ORDER BY id").map { $0.first ?? nil }, ["ada", "grace"])
        try keys("<")
        let back = try waitFor("Step back: downgrade a2 -> a1")
        // Its raw DELETE destroys rows Retort cannot count: confirmed by typing yes, then y.
        XCTAssertTrue(back.contains("DELETE FROM users: raw SQL that Retort cannot inspect"), back)
        try keys("y", "e", "s", "y")
        try waitFor("alembic_version now holds a1")
        XCTAssertEqual(try database.rows(), ["a1"])
        XCTAssertEqual(try database.query("SELECT count(*) FROM users").first?.first ?? nil, "0")
        try keys("Escape", "q")
        try waitFor("exit status 0")
    }

    /// The SQL tab of a function Retort refuses shows what the project's Alembic writes for
    /// it offline, marked as such, and why a function that reads rows has no offline SQL.
    func testSQLTabThroughAlembic() throws {
        let project = try TutorialProject.make(self, variant: "opaque_type")
        let scratch = try Harness.temporaryDirectory(self, "bridge-sql-tab")
        let database = try LiveDatabase.make(.sqlite, self, in: scratch, name: "app")
        try openBrowser(
            try Harness.retortBinary().path, in: project.directory.path,
            environment: ["DATABASE_URL": database.url, "RETORT_PYTHON": project.python])
        try waitFor("4 pending, empty")
        try keys("j")
        try waitFor("Revision   a3")
        try keys("]", "]", "]")
        // (The pane is narrower than the comment: its start is what shows.)
        let screen = try waitFor("-- written by the project's Alembic in offline")
        XCTAssertTrue(screen.contains("ALTER TABLE users ADD COLUMN slug VARCHAR(80);"), screen)
        // a2 reads rows: neither Retort nor Alembic's offline mode can write it.
        try keys("j")
        let reads = try waitFor("-- Retort cannot interpret line 18")
        XCTAssertTrue(reads.contains("-- the project's Alembic cannot write it offli"), reads)
        try keys("q")
        try waitFor("exit status 0")
    }

    /// On MariaDB (reached through the project's PyMySQL) the header and the marks come
    /// from the version table as Alembic left it, the SQL tab is Alembic's MySQL, and a
    /// step forward runs through the project's Alembic under the named lock.
    func testMariaDBMarksAndAStep() throws {
        let scratch = try Harness.temporaryDirectory(self, "bridge-mariadb")
        let database = try LiveDatabase.make(.mariadb, self, in: scratch, name: "app")
        let project = try TutorialProject.make(self, variant: "mysql")
        let environment = ["DATABASE_URL": database.url, "RETORT_PYTHON": project.python]
        let alembic = try project.alembic(["upgrade", "a2"], environment)
        XCTAssertEqual(alembic.exit, 0, alembic.stderr)
        try openBrowser(try Harness.retortBinary().path, in: project.directory.path, environment: environment)
        let screen = try waitFor("2 pending, at a2")
        XCTAssertTrue(screen.contains("at a2 · mysql+pymysql:/"), screen)
        XCTAssertTrue(screen.contains("· a4 [head] posts"), screen)
        XCTAssertTrue(screen.contains("· a3 add slug"), screen)
        XCTAssertTrue(screen.contains("▶ a2? seed and normalise names"), screen)
        XCTAssertTrue(screen.contains("✓ a1 [base] create users"), screen)
        try keys("]", "]", "]")
        let sql = try waitFor("-- upgrade() for mysql")
        XCTAssertTrue(sql.contains("id INTEGER NOT NULL AUTO_INCREMENT"), sql)
        try keys("j")
        try waitFor("ALTER TABLE users ADD COLUMN slug VARCHAR(80);")
        try keys(">")
        let dialog = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(dialog.contains("Step forward: upgrade a2 -> a3"), dialog)
        XCTAssertTrue(dialog.contains("(through the project's Alembic)"), dialog)
        try keys("y")
        try waitFor("alembic_version now holds a3")
        XCTAssertEqual(try database.rows(), ["a3"])
        try keys("Escape")
        try waitFor("1 pending, at a3")
        try keys("q")
        try waitFor("exit status 0")
    }
}
