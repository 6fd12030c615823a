import Foundation
import XCTest
@testable import Browser
import MigrationCore
import TerminalUI

/// The browser's actions on a real SQLite database: the plan each key makes, the dialog
/// it shows (warnings with live row counts, the typed word, refusals), and the run.
final class ActionTests: XCTestCase {
    func text(_ lines: [StyledLine]) -> [String] { lines.map { $0.segments.map(\.text).joined() } }

    func testStepForwardPlansOneStepAndDecliningChangesNothing() throws {
        let project = try ActionTestProject()
        let planned = try project.plan(.stepForward, "c3c3c3c3c3c3")
        XCTAssertEqual(planned.plan.steps.map(\.shortLog), ["upgrade  -> a1a1a1a1a1a1"])
        XCTAssertEqual(planned.dialog.title, "Step forward: upgrade  -> a1a1a1a1a1a1 on sqlite:///app.db")
        XCTAssertNil(planned.dialog.confirmationWord)
        XCTAssertNil(planned.dialog.refusal)
        XCTAssertEqual(
            text(planned.dialog.planLines),
            [
                "alembic_version does not exist yet: it is created first, as Alembic creates it",
                "No drift: the database has no tables yet",
                "1. upgrade  -> a1a1a1a1a1a1  create audit_log  (1 statement)",
                "   alembic_version: insert a1a1a1a1a1a1",
                "alembic_version afterwards: a1a1a1a1a1a1 (now: no row)",
            ])
        XCTAssertTrue(text(planned.dialog.sqlLines).contains("CREATE TABLE audit_log ("))
        // Planning reads without writing: not even the SQLite file is made.
        XCTAssertFalse(FileManager.default.fileExists(atPath: project.root + "/app.db"))

        var progress: [String] = []
        let report = try project.run(.stepForward, "c3c3c3c3c3c3", progress: &progress)
        XCTAssertEqual(try project.rows(), ["a1a1a1a1a1a1"])
        XCTAssertTrue(report.isReport)
        XCTAssertTrue(report.title.hasPrefix("Done in "), report.title)
        XCTAssertTrue(progress.contains { $0.hasPrefix("Running step 1 of 1: upgrade  -> a1a1a1a1a1a1 (1 statement), ") })
        XCTAssertTrue(
            progress.contains { $0.hasPrefix("Running step 1 of 1: upgrade  -> a1a1a1a1a1a1, statement 1 of 1, ") },
            "\(progress)")
        XCTAssertThrowsError(try project.plan(.stepForward, "a1a1a1a1a1a1")) { error in
            XCTAssertEqual((error as? CommandFailure)?.message, "nothing pending up to a1a1a1a1a1a1: it is applied")
        }
    }

    func testDroppingATableWarnsWithItsRowCountAndWaitsForItsName() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        try fillAuditLog(project, rows: 12_345)
        let planned = try project.plan(.stepForward, "f6f6f6f6f6f6")
        XCTAssertEqual(planned.plan.steps.map(\.shortLog), ["upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3"])
        XCTAssertEqual(
            text(planned.dialog.warningLines),
            [
                "! c3c3c3c3c3c3 line 16: drop table audit_log: 12,345 rows",
                "! lint c3c3c3c3c3c3 line 16: ban-drop-table, require-lock-timeout, require-statement-timeout",
            ])
        XCTAssertEqual(planned.dialog.confirmationWord, "audit_log")
        XCTAssertTrue(planned.dialog.isDestructive)
        var dialog = planned.dialog
        XCTAssertNil(dialog.handle(.character("y"), sqlHeight: 5), "y before the name confirms nothing")
        for c in "audit_log" { XCTAssertNil(dialog.handle(.character(c), sqlHeight: 5)) }
        XCTAssertEqual(dialog.handle(.character("y"), sqlHeight: 5), .confirm)
    }

    /// `# retort: allow` on the operation's line takes its rule out of the dialog's lint.
    func testAcceptedLintFindingsLeaveTheDialog() throws {
        let project = try ActionTestProject()
        let script = try XCTUnwrap(project.graph.revisions[project.node("c3c3c3c3c3c3")].path)
        let source = try String(contentsOfFile: script, encoding: .utf8)
        try source.replacingOccurrences(
            of: "op.drop_table('audit_log')\n", with: "op.drop_table('audit_log')  # retort: allow ban-drop-table\n"
        ).write(toFile: script, atomically: true, encoding: .utf8)
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        let planned = try project.plan(.stepForward, "c3c3c3c3c3c3")
        XCTAssertEqual(
            text(planned.dialog.warningLines).filter { $0.hasPrefix("! lint") },
            ["! lint c3c3c3c3c3c3 line 16: require-lock-timeout, require-statement-timeout"])
    }

    func testRawSQLAndSeveralTablesAskForYes() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        try fillAuditLog(project, rows: 3)
        let planned = try project.plan(.upgrade, "d4d4d4d4d4d4")
        XCTAssertEqual(
            text(planned.dialog.warningLines),
            [
                "! c3c3c3c3c3c3 line 16: drop table audit_log: 3 rows",
                "! d4d4d4d4d4d4 line 16: execute: DELETE FROM users WHERE name IS NULL: raw SQL that Retort cannot inspect (rows affected unknown)",
                "! d4d4d4d4d4d4 line 17: drop column users.name: 0 rows",
                "! lint c3c3c3c3c3c3 line 16: ban-drop-table, require-lock-timeout, require-statement-timeout",
                "! lint d4d4d4d4d4d4 line 17: ban-drop-column, require-lock-timeout, require-statement-timeout",
            ])
        XCTAssertEqual(planned.dialog.confirmationWord, "yes")
    }

    func testAnUninterpretableRevisionIsRefused() throws {
        let project = try ActionTestProject()
        let planned = try project.plan(.upgrade, "f6f6f6f6f6f6")
        let refusal = try XCTUnwrap(planned.dialog.refusal)
        XCTAssertTrue(refusal.hasPrefix("f6f6f6f6f6f6 upgrade() line 17: "), refusal)
        XCTAssertTrue(refusal.contains("os.environ['RETORT_FLAG_TABLES'] is not set (KeyError)"), refusal)
        XCTAssertFalse(planned.dialog.canConfirm)
        XCTAssertEqual(text(planned.dialog.planLines)[1], "1. upgrade  -> a1a1a1a1a1a1  create audit_log  (1 statement)")
        XCTAssertTrue(text(planned.dialog.planLines).contains { $0.hasPrefix("6. upgrade e5e5e5e5e5e5 -> f6f6f6f6f6f6") && $0.hasSuffix("(not interpretable)") })
        var dialog = planned.dialog
        XCTAssertNil(dialog.handle(.character("y"), sqlHeight: 5))
    }

    func testAFailedStepReportsTheStatementAndTheDatabase() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        let report = try project.run(.upgrade, "e5e5e5e5e5e5", progress: &progress)
        XCTAssertEqual(try project.rows(), ["d4d4d4d4d4d4"], "the steps before the failed one stay applied")
        XCTAssertTrue(report.title.hasPrefix("Failed: Upgrade to e5e5e5e5e5e5"), report.title)
        let lines = text(report.planLines)
        XCTAssertTrue(lines.contains("Failed: upgrade d4d4d4d4d4d4 -> e5e5e5e5e5e5"), "\(lines)")
        XCTAssertTrue(lines.contains("  at migrations/versions/e5e5e5e5e5e5.py:17"), "\(lines)")
        XCTAssertTrue(lines.contains("  the database said: no such table: nowhere"), "\(lines)")
        XCTAssertEqual(text(report.sqlLines), ["INSERT INTO nowhere (id) VALUES (1);"])
    }

    func testStepBackDowngradeAndStamp() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "c3c3c3c3c3c3", progress: &progress)
        let back = try project.plan(.stepBack, "a1a1a1a1a1a1")
        XCTAssertEqual(back.plan.steps.map(\.shortLog), ["downgrade c3c3c3c3c3c3 -> b2b2b2b2b2b2"])
        try project.run(.stepBack, "a1a1a1a1a1a1", progress: &progress)
        XCTAssertEqual(try project.rows(), ["b2b2b2b2b2b2"])
        try project.run(.downgrade, "a1a1a1a1a1a1", progress: &progress)
        XCTAssertEqual(try project.rows(), ["a1a1a1a1a1a1"])
        let stamp = try project.plan(.stamp, "d4d4d4d4d4d4")
        XCTAssertEqual(text(stamp.dialog.sqlLines).prefix(2), ["-- stamp_revision a1a1a1a1a1a1 -> d4d4d4d4d4d4", "-- (a stamp runs no migration: only the version table changes)"])
        try project.run(.stamp, "d4d4d4d4d4d4", progress: &progress)
        XCTAssertEqual(try project.rows(), ["d4d4d4d4d4d4"])
    }

    /// A row no script has: `S` offers `stamp --purge`, called out and confirmed by typing
    /// `purge`; then the table holds only the stamped revision.
    func testStampOverRowsNoScriptHasPurgesThem() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.stamp, "a1a1a1a1a1a1", progress: &progress)
        let connection = try project.connect()
        _ = try connection.execute("UPDATE alembic_version SET version_num = 'deadbeef0000'", [])
        connection.close()
        let planned = try project.plan(.stamp, "b2b2b2b2b2b2")
        XCTAssertEqual(planned.dialog.title.hasSuffix(" with --purge"), true, planned.dialog.title)
        XCTAssertEqual(planned.dialog.confirmationWord, "purge")
        XCTAssertEqual(
            text(planned.dialog.warningLines).first,
            "! the rows deadbeef0000 conflict with this stamp: every row of alembic_version is deleted first (--purge)")
        try project.run(.stamp, "b2b2b2b2b2b2", progress: &progress)
        XCTAssertEqual(try project.rows(), ["b2b2b2b2b2b2"])
    }

    func testCtrlCStopsAfterTheCurrentStep() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        var asked = 0
        let report = try project.run(.upgrade, "c3c3c3c3c3c3", progress: &progress) {
            asked += 1
            return asked > 1  // Ctrl-C comes after the progress line of the first statement
        }
        XCTAssertEqual(try project.rows(), ["a1a1a1a1a1a1"], "the first step is committed, the others not run")
        XCTAssertTrue(report.title.hasPrefix("Stopped after "), report.title)
        let lines = text(report.planLines)
        XCTAssertEqual(
            Array(lines.suffix(2)),
            ["Stopped by Ctrl-C after 1 of 3 steps: the rest were not run", "alembic_version now holds a1a1a1a1a1a1"])
        XCTAssertTrue(progress.contains { $0.hasSuffix("; Ctrl-C: stopping after this step (Ctrl-C again quits now; what is not committed rolls back)") }, "\(progress)")
        var later: [String] = []
        try project.run(.upgrade, "c3c3c3c3c3c3", progress: &later)
        XCTAssertEqual(try project.rows(), ["c3c3c3c3c3c3"], "the rest runs when asked again")
    }

    func testTheDialogTakesKeysUntilItCloses() throws {
        let project = try ActionTestProject()
        var state = try project.state(selecting: "a1a1a1a1a1a1")
        XCTAssertEqual(state.apply(.stepForward), .action(.stepForward, node: try project.node("a1a1a1a1a1a1")))
        state.dialog = try project.plan(.stepForward, "a1a1a1a1a1a1").dialog
        XCTAssertNil(state.handleDialogKey(.enter, terminalHeight: 30))
        XCTAssertNotNil(state.dialog, "Enter neither confirms nor closes")
        XCTAssertEqual(state.handleDialogKey(.character("n"), terminalHeight: 30), .cancel)
        XCTAssertNil(state.dialog)
    }

    func fillAuditLog(_ project: ActionTestProject, rows: Int) throws {
        let connection = try project.connect()
        defer { connection.close() }
        _ = try connection.execute(
            "INSERT INTO audit_log (id) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(rows)) SELECT x FROM c")
    }
}
