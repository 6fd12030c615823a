import XCTest
@testable import Browser
import MigrationCore

/// What follows each dialog's outcome, without a terminal: a plan is applied on `y`,
/// rehearsed on `r` (and still applied on `y` from the report), and a run's report goes
/// on to the next step toward the same revision with `>` and back with `<`.
final class ActionFlowTests: XCTestCase {
    func testRehearseThenApplyTheSamePlan() throws {
        let project = try ActionTestProject()
        let planned = try project.plan(.stepForward, "c3c3c3c3c3c3")
        var flow = ActionFlow()
        flow.opened(planned, target: try project.node("c3c3c3c3c3c3"))
        guard case .rehearse(let rehearsed) = flow.closed(.rehearse) else { return XCTFail("not rehearsed") }
        XCTAssertEqual(rehearsed.plan, planned.plan)
        guard case .apply(let applied) = flow.closed(.confirm) else { return XCTFail("not applied") }
        XCTAssertEqual(applied.plan, planned.plan)
        XCTAssertNil(flow.pending)
    }

    func testCancellingSaysNothingWasApplied() throws {
        let project = try ActionTestProject()
        var flow = ActionFlow()
        flow.opened(try project.plan(.stepForward, "c3c3c3c3c3c3"), target: nil)
        guard case .message(let line) = flow.closed(.cancel) else { return XCTFail("no message") }
        XCTAssertEqual(line, "cancelled: nothing was applied")
    }

    func testAReportGoesOnTowardTheLastTarget() throws {
        let project = try ActionTestProject()
        var flow = ActionFlow()
        guard case .none = flow.closed(.stepForward) else { return XCTFail("no target yet, nothing to plan") }
        let node = try project.node("c3c3c3c3c3c3")
        flow.opened(try project.plan(.stepForward, "c3c3c3c3c3c3"), target: node)
        _ = flow.closed(.confirm)
        guard case .plan(.stepForward, let forward) = flow.closed(.stepForward) else { return XCTFail("no step forward") }
        XCTAssertEqual(forward, node)
        guard case .plan(.stepBack, let back) = flow.closed(.stepBack) else { return XCTFail("no step back") }
        XCTAssertEqual(back, node)
    }

    /// A destructive step whose table holds no row needs only y, and says why.
    func testAnEmptyTableNeedsOnlyY() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        let dialog = try project.plan(.stepForward, "c3c3c3c3c3c3").dialog
        XCTAssertNil(dialog.confirmationWord)
        XCTAssertTrue(dialog.isDestructive)
        XCTAssertTrue(
            dialog.warningLines.map { $0.segments.map(\.text).joined() }
                .contains("  audit_log holds no rows now: nothing can be lost, so y alone confirms"))
        let connection = try project.connect()
        _ = try connection.execute("INSERT INTO audit_log (id, note) VALUES (1, 'a')")
        connection.close()
        XCTAssertEqual(try project.plan(.stepForward, "c3c3c3c3c3c3").dialog.confirmationWord, "audit_log")
    }
}
