import XCTest

/// The browser's actions in a real terminal on a copy of Tests/Fixtures/actions, on
/// SQLite and on PostgreSQL (the server scripts/with-postgres.sh starts): each dialog is
/// read off the screen before it is answered, and what the database holds afterwards is
/// checked with Alembic itself and with a query of the tables.
final class BrowserActionsTmuxTests: TmuxTestCase {
    func testStepForwardUpgradeStepBackDowngradeAndStampSQLite() throws {
        try stepForwardUpgradeStepBackDowngradeAndStamp(.sqlite)
    }

    func testStepForwardUpgradeStepBackDowngradeAndStampPostgreSQL() throws {
        try stepForwardUpgradeStepBackDowngradeAndStamp(.postgresql)
    }

    func stepForwardUpgradeStepBackDowngradeAndStamp(_ kind: LiveDatabase.Kind) throws {
        let binary = try Harness.retortBinary().path
        let (project, database, current) = try actionsProject("actions", kind)
        let dir = project.deletingLastPathComponent()
        /// Confirms the dialog on the screen, closes the result and checks that the
        /// header (when `pending` is given) and Alembic agree on where the database is.
        @discardableResult
        func confirm(reaching revision: String, pending: Int?) throws -> String {
            try keys("y")
            let result = try waitFor("alembic_version now holds \(revision)")
            try keys("Escape")
            if let pending { try waitFor("\(pending) pending, at \(revision)") }
            XCTAssertEqual(try current(), revision)
            return result
        }

        try openBrowser(binary, in: project.path)
        try waitFor("6 pending, empty")
        try keys("j", "j", "j")
        try waitFor("Revision   c3c3c3c3c3c3")

        // Step forward toward c3: only the first pending migration, a1.
        // Each dialog is read once its key line, drawn last, is on the screen.
        try keys(">")
        try waitFor("Step forward: upgrade  -> a1a1a1a1a1a1 on ")
        var screen = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(screen.contains("1. upgrade  -> a1a1a1a1a1a1  create audit_log  (1 statement)"), screen)
        XCTAssertTrue(screen.contains("alembic_version: insert a1a1a1a1a1a1"), screen)
        XCTAssertTrue(screen.contains("CREATE TABLE audit_log ("), screen)
        try keys("Enter")
        try waitFor("Enter does not confirm: press y (or n to cancel)")
        try keys("n")
        try waitFor("cancelled: nothing was applied")
        XCTAssertNil(try database.rows(), "declining made the version table")
        if kind == .sqlite {
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("app.db").path), "declining made the database file")
        }
        XCTAssertEqual(try current(), "", "declining applied something")

        // `s` outside the Operations and SQL tabs is the same as `>`; this time, confirm.
        try keys("s")
        try waitFor("Step forward: upgrade  -> a1a1a1a1a1a1")
        screen = try confirm(reaching: "a1a1a1a1a1a1", pending: 5)
        XCTAssertTrue(screen.contains("Done in "), screen)

        // Upgrade to the selected revision, two steps at once; audit_log has a row to lose.
        try database.execute("INSERT INTO audit_log (id, note) VALUES (1, 'kept until c3')")
        try keys("u")
        try waitFor("Upgrade to c3c3c3c3c3c3 on ")
        screen = try waitFor("type audit_log to confirm: ")
        XCTAssertTrue(screen.contains("2. upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3  drop audit_log  (1 statement)"), screen)
        XCTAssertTrue(screen.contains("! c3c3c3c3c3c3 line 16: drop table audit_log: 1 row"), screen)
        XCTAssertTrue(screen.contains("DROP TABLE audit_log;"), screen)
        // Destroying data: y does nothing until the table's name is typed.
        try keys("y")
        try waitFor("type audit_log to confirm ")  // the hint above the key line (which has a colon)
        XCTAssertEqual(try current(), "a1a1a1a1a1a1")
        try tmux(["send-keys", "-t", "t", "-l", "audit_log"])
        try waitFor("y confirm")
        try confirm(reaching: "c3c3c3c3c3c3", pending: 3)
        XCTAssertEqual(try database.tables(), ["users"])

        // Step back: the most recent migration on this line, undone.
        try keys("<")
        try waitFor("Step back: downgrade c3c3c3c3c3c3 -> b2b2b2b2b2b2")
        screen = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(screen.contains("CREATE TABLE audit_log ("), screen)
        try confirm(reaching: "b2b2b2b2b2b2", pending: 4)

        // Downgrade to a revision below: select a1, decline once, then confirm.
        try keys("j", "j")
        try waitFor("Revision   a1a1a1a1a1a1")
        // users holds no row: nothing can be lost, so y alone confirms, as the dialog says.
        try keys("d")
        try waitFor("Downgrade to a1a1a1a1a1a1 on ")
        screen = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(screen.contains("1. downgrade b2b2b2b2b2b2 -> a1a1a1a1a1a1  create users  (2 statements)"), screen)
        XCTAssertTrue(screen.contains("! b2b2b2b2b2b2 line 22: drop table users: 0 rows"), screen)
        XCTAssertTrue(screen.contains("users holds no rows now: nothing can be lost, so y alone confirms"), screen)
        try keys("Escape")
        try waitFor("cancelled: nothing was applied")
        XCTAssertEqual(try current(), "b2b2b2b2b2b2")
        try keys("d")
        try waitFor("y confirm  n/Esc cancel")
        try confirm(reaching: "a1a1a1a1a1a1", pending: nil)

        // Stamp: only the version table moves.
        try keys("k", "k", "k")
        try waitFor("Revision   d4d4d4d4d4d4")
        try keys("S")
        try waitFor("Stamp d4d4d4d4d4d4 on ")
        screen = try waitFor("y confirm  n/Esc cancel")
        XCTAssertTrue(screen.contains("1. stamp_revision a1a1a1a1a1a1 -> d4d4d4d4d4d4"), screen)
        XCTAssertTrue(screen.contains("-- (a stamp runs no migration: only the version table changes)"), screen)
        try confirm(reaching: "d4d4d4d4d4d4", pending: 2)
        XCTAssertEqual(try database.tables(), ["audit_log"])

        // The heads picker: the only head is f6, which Retort cannot interpret: refused.
        try keys("b")
        screen = try waitFor("j/k choose  Enter upgrade  Space mark")
        XCTAssertTrue(screen.contains("▶ [ ] f6f6f6f6f6f6  a flag on tables named in the environment  2 pending"), screen)
        try keys("Enter")
        try waitFor("Upgrade to f6f6f6f6f6f6 on ")
        screen = try waitFor("n/Esc close")
        XCTAssertTrue(screen.contains("Refused: f6f6f6f6f6f6 upgrade() line 17: os.environ['RETORT_FLAG_TABLES'] is not set (KeyError)"), screen)
        try keys("y")
        try waitFor("this action cannot run")
        try keys("Escape")
        XCTAssertEqual(try current(), "d4d4d4d4d4d4")

        try keys("q")
        try waitFor("exit status 0")
    }

    /// `r` in a confirmation rehearses the plan (its report in the dialog, the database
    /// unchanged), then `y` applies it for real.
    func testRehearseFromTheDialogThenApply() throws {
        let (project, database, current) = try actionsProject("rehearse")
        try openBrowser(try Harness.retortBinary().path, in: project.path)
        try waitFor("6 pending, empty")
        try keys("j", "j", "j")
        try waitFor("Revision   c3c3c3c3c3c3")
        try keys("u")
        try waitFor("Upgrade to c3c3c3c3c3c3 on ")
        // audit_log is made on the way, so its rows are unknown: its name is asked for.
        var screen = try waitFor("type audit_log to confirm: ▏  n/Esc cancel  r rehearse")
        try keys("r")
        screen = try waitFor("Rehearsal passed: every statement of 3 steps ran")
        XCTAssertTrue(screen.contains("Rehearsed: Upgrade to c3c3c3c3c3c3 on "), screen)
        XCTAssertTrue(screen.contains("CREATE TABLE audit_log"), screen)
        XCTAssertTrue(screen.contains("alembic_version holds no row"), screen)
        XCTAssertNil(try database.rows(), "the rehearsal left a version table")
        XCTAssertEqual(try current(), "")
        // The report confirms the plan as the first dialog did: the name, then y.
        try tmux(["send-keys", "-t", "t", "-l", "audit_log"])
        try waitFor("y confirm  n/Esc cancel")
        try keys("y")
        try waitFor("alembic_version now holds c3c3c3c3c3c3")
        try keys("Escape")
        try waitFor("3 pending, at c3c3c3c3c3c3")
        XCTAssertEqual(try current(), "c3c3c3c3c3c3")
        try keys("q")
        try waitFor("exit status 0")
    }

    /// From each step's result, `>` opens the next step's confirmation and `<` the step
    /// back: three migrations forward, then back, one key each.
    func testStepThreeMigrationsForwardAndBackFromTheResults() throws {
        let (project, _, current) = try actionsProject("steps")
        try openBrowser(try Harness.retortBinary().path, in: project.path)
        try waitFor("6 pending, empty")
        try keys("j", "j", "j")
        try waitFor("Revision   c3c3c3c3c3c3")
        try keys(">")
        let forward = ["a1a1a1a1a1a1", "b2b2b2b2b2b2", "c3c3c3c3c3c3"]
        for (i, revision) in forward.enumerated() {
            try waitFor("Step forward: upgrade \(i == 0 ? "" : forward[i - 1]) -> \(revision)")
            try waitFor("y confirm  n/Esc cancel")
            try keys("y")
            let screen = try waitFor("alembic_version now holds \(revision)")
            XCTAssertTrue(screen.contains("> next step  < step back"), screen)
            XCTAssertEqual(try current(), revision)
            if i < forward.count - 1 { try keys(">") }
        }
        let back = ["b2b2b2b2b2b2", "a1a1a1a1a1a1", ""]
        for (i, revision) in back.enumerated() {
            try keys("<")
            try waitFor("Step back: downgrade \(forward[forward.count - 1 - i]) -> \(revision)")
            try waitFor("y confirm  n/Esc cancel")
            try keys("y")
            try waitFor("alembic_version now holds \(revision.isEmpty ? "no row" : revision)")
            XCTAssertEqual(try current(), revision)
        }
        try keys("Escape", "q")
        try waitFor("exit status 0")
    }

    /// A copy of Tests/Fixtures/actions (in `project/` of a temporary directory), a new
    /// database of `kind` named in its ini (both tools read the URL from it), and
    /// Alembic's `current` for it.
    func actionsProject(_ name: String, _ kind: LiveDatabase.Kind = .sqlite) throws -> (URL, LiveDatabase, () throws -> String) {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, name)
        let database = try LiveDatabase.make(kind, self, in: dir, name: "app")
        let project = dir.appendingPathComponent("project")
        try FileManager.default.copyItem(at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/actions"), to: project)
        let ini = project.appendingPathComponent("alembic.ini")
        let text = try String(contentsOf: ini, encoding: .utf8)
            .replacingOccurrences(of: "sqlalchemy.url = sqlite:///%(here)s/app.db", with: "sqlalchemy.url = " + database.url)
        try text.write(to: ini, atomically: true, encoding: .utf8)
        let current = { () throws -> String in
            let result = try oracle.alembic(["current"], cwd: project)
            XCTAssertEqual(result.exit, 0, result.stderr)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (project, database, current)
    }

    func testUpgradeOneOfSeveralHeadsSQLite() throws { try upgradeOneOfSeveralHeads(.sqlite) }

    func testUpgradeOneOfSeveralHeadsPostgreSQL() throws { try upgradeOneOfSeveralHeads(.postgresql) }

    /// `b` on a copy of the sample project (three heads): one branch chosen, declined once
    /// (nothing applied), then confirmed; Alembic sees that branch applied.
    func upgradeOneOfSeveralHeads(_ kind: LiveDatabase.Kind) throws {
        let binary = try Harness.retortBinary().path
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "branch")
        let database = try LiveDatabase.make(kind, self, in: dir, name: "branch")
        let project = dir.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: Harness.sampleProject, to: project)
        let ini = project.appendingPathComponent("alembic.ini")
        let text = try String(contentsOf: ini, encoding: .utf8)
            .replacingOccurrences(of: "sqlalchemy.url = sqlite:///%(here)s/sample.db", with: "sqlalchemy.url = " + database.url)
        try text.write(to: ini, atomically: true, encoding: .utf8)
        func current() throws -> Set<String> {
            let result = try oracle.alembic(["current"], cwd: project)
            XCTAssertEqual(result.exit, 0, result.stderr)
            return Set(result.stdout.split(separator: "\n").map { String($0.prefix(12)) })
        }

        try openBrowser(binary, in: project.path)
        try waitFor("11 pending, empty")
        try keys("b")
        try waitFor("Upgrade or merge which heads?")
        try keys("j", "Enter")
        var screen = try waitFor("Upgrade to blog@head")
        // The blog branch depends on the users table's revision, which comes first.
        XCTAssertTrue(screen.contains("upgrade  -> 1f3a9c2b7d40"), screen)
        XCTAssertTrue(screen.contains("upgrade  -> 58d0c3e7a9f1"), screen)
        XCTAssertTrue(screen.contains("58d0c3e7a9f1 -> 6a4f2c8e0b95"), screen)
        XCTAssertTrue(screen.contains("CREATE TABLE posts"), screen)
        try keys("n")
        try waitFor("11 pending, empty")
        XCTAssertEqual(try current(), [])

        try keys("b")
        try waitFor("Upgrade or merge which heads?")
        try keys("j", "Enter")
        try waitFor("Upgrade to blog@head")
        try keys("y")
        screen = try waitFor("Done in ")
        XCTAssertTrue(screen.contains("8 pending, at 6a4f2c8e0b95, 1f3a9"), screen)
        try keys("Escape", "q")
        try waitFor("exit status 0")
        // Alembic lists the branch's head and the tip of what it depends on.
        XCTAssertEqual(try current(), ["6a4f2c8e0b95", "1f3a9c2b7d40"])
    }

    /// `m` on a copy of the sample project (three heads): the message typed, the dialog
    /// declined once (no file), then confirmed; Alembic then sees one head and reads the file.
    func testMergeHeads() throws {
        let binary = try Harness.retortBinary().path
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "merge")
        let project = dir.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: Harness.sampleProject, to: project)
        let versions = project.appendingPathComponent("migrations/versions")
        let before = try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasSuffix(".py") }

        try openBrowser(binary, in: project.path)
        try waitFor("11 revisions, 3 heads")
        try keys("m")
        try waitFor("Merge message (Enter writes, Esc cancels): ")
        try tmux(["send-keys", "-t", "t", "-l", "join the branches"])
        try keys("Enter")
        try waitFor("Write merge revision ")
        var screen = try waitFor("y confirm  n/Esc cancel  v File full screen")
        XCTAssertTrue(screen.contains("merges   3d6c8b1e5f27, 6a4f2c8e0b95, b7f2e9d4a613"), screen)
        XCTAssertTrue(screen.contains("_join_the_branches.py"), screen)
        XCTAssertTrue(screen.contains("\"\"\"join the branches"), screen)
        try keys("n")
        try waitFor("cancelled: nothing was written")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: versions.path).filter { $0.hasSuffix(".py") }.count,
            before.count, "declining wrote a file")

        try keys("m")
        try waitFor("Merge message")
        try tmux(["send-keys", "-t", "t", "-l", "join the branches"])
        try keys("Enter")
        try waitFor("y confirm  n/Esc cancel  v File full screen")
        try keys("y")
        screen = try waitFor("12 revisions, 1 head")
        XCTAssertTrue(screen.contains("wrote migrations/versions/"), screen)
        try keys("q")
        try waitFor("exit status 0")

        let heads = try oracle.alembic(["heads"], cwd: project)
        XCTAssertEqual(heads.exit, 0, heads.stderr)
        let lines = heads.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, heads.stdout)
        XCTAssertTrue(lines.first?.hasSuffix("(reporting, blog) (head)") ?? false, heads.stdout)
        let history = try oracle.alembic(["history"], cwd: project)
        XCTAssertEqual(history.exit, 0, history.stderr)
        XCTAssertTrue(
            history.stdout.contains("3d6c8b1e5f27, 6a4f2c8e0b95, b7f2e9d4a613 -> "), history.stdout)
        XCTAssertTrue(history.stdout.contains("(head) (mergepoint), join the branches"), history.stdout)
    }

    /// `retort merge` on a terminal asks like upgrade: n declines (exit 5, no file), y writes.
    func testMergeCommandAsksOnATerminal() throws {
        let binary = try Harness.retortBinary().path
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "merge-cli")
        let project = dir.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: Harness.sampleProject, to: project)
        try tmux(["new-session", "-d", "-x", "160", "-y", "30", "-s", "t", "bash --norc --noprofile"])
        let command = "'\(binary)' merge heads -m 'join them' --rev-id 0123456789ab; echo \"exit status $?\""
        try keys("export LANG=C.UTF-8 PS1='ready$ '; cd '\(project.path)'; " + command, "Enter")
        var screen = try waitFor("Write this file? Type y to confirm:")
        XCTAssertTrue(
            screen.contains("Merge revision 0123456789ab of 3d6c8b1e5f27, 6a4f2c8e0b95, b7f2e9d4a613: "), screen)
        try keys("n", "Enter")
        screen = try waitFor("exit status 5")
        XCTAssertTrue(screen.contains("FAILED: not written: the merge was not confirmed"), screen)
        XCTAssertEqual(try oracle.alembic(["heads"], cwd: project).stdout.split(separator: "\n").count, 3)
        try keys("clear; " + command, "Enter")
        try waitFor("Write this file? Type y to confirm:")
        try keys("y", "Enter")
        try waitFor("0123456789ab_join_them.py ... done")
        try waitFor("exit status 0")
        XCTAssertEqual(try oracle.alembic(["heads"], cwd: project).stdout, "0123456789ab (reporting, blog) (head)\n")
    }
}
