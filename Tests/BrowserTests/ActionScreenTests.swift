import Foundation
import XCTest
@testable import Browser
import MigrationCore
import TerminalUI

/// The action dialogs over the browser, compared with recorded snapshots in Snapshots/
/// (re-recorded with RETORT_RECORD_SNAPSHOTS=1): step forward, a destructive plan
/// waiting for the typed table name, a refusal, a run's result and a failure.
final class ActionScreenTests: XCTestCase {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    func assertSnapshot(
        _ name: String, _ state: BrowserState, root: String, width: Int = 100, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        var state = state
        let height = 30
        state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: height)
        state.detailHeight = BrowserScreen.detailHeight(forTerminalHeight: height)
        let screen = BrowserScreen.render(state, width: width, height: height)
        // The temporary copy's path differs from run to run.
        let actual = (screen.text + "\n---- roles\n" + screen.roles + "\n").replacingOccurrences(of: root, with: "<project>")
        let url = Self.snapshots.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["RETORT_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(actual, expected, "screen \(name) changed:\n\(screen.text)", file: file, line: line)
    }

    func testStepForwardDialog() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "a1a1a1a1a1a1", progress: &progress)
        var state = try project.state(selecting: "c3c3c3c3c3c3")
        state.dialog = try project.plan(.stepForward, "c3c3c3c3c3c3").dialog
        try assertSnapshot("action-step-forward", state, root: project.root)
    }

    func testDestructivePlanWaitingForTheTableName() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        let connection = try project.connect()
        _ = try connection.execute("INSERT INTO audit_log (id, note) VALUES (1, 'a'), (2, 'b')")
        connection.close()
        var state = try project.state(selecting: "c3c3c3c3c3c3")
        state.dialog = try project.plan(.stepForward, "c3c3c3c3c3c3").dialog
        for c in "aud" { _ = state.handleDialogKey(.character(c), terminalHeight: 30) }
        try assertSnapshot("action-destructive", state, root: project.root)
    }

    /// A column and a table added by hand: the dialog lists them and what the run does.
    func testDriftInTheDialog() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        let connection = try project.connect()
        _ = try connection.execute("ALTER TABLE audit_log ADD COLUMN by_hand TEXT; CREATE TABLE scratch (x INTEGER)")
        connection.close()
        var state = try project.state(selecting: "c3c3c3c3c3c3")
        state.dialog = try project.plan(.stepForward, "c3c3c3c3c3c3").dialog
        try assertSnapshot("action-drift", state, root: project.root)
    }

    /// A database changed by hand after `upgrade b2b2b2b2b2b2`: the header counts the
    /// differences and `D` lists them in the Schema tab, found by the browser's own check
    /// on its thread.
    func testDriftInTheHeaderAndTheSchemaTab() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        let connection = try project.connect()
        _ = try connection.execute(
            "ALTER TABLE audit_log ADD COLUMN by_hand TEXT; DROP INDEX ix_users_email; CREATE TABLE scratch (x INTEGER)")
        connection.close()
        var state = try project.state(selecting: "b2b2b2b2b2b2")
        var options = ConnectOptions()
        options.currentDirectory = project.root
        state.database?.connection = DatabaseStatus.Connection(url: project.url, options: options, table: VersionTable())
        let check = DriftCheck()
        check.follow(state.database, graph: state.graph, generation: state.graphGeneration)
        let deadline = Date().addingTimeInterval(20)
        while check.awaitsFrame, case .checking? = check.current(), Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        state.drift = check.current()
        guard case .compared(let drift)? = state.drift else { return XCTFail("no comparison: \(String(describing: state.drift))") }
        XCTAssertEqual(
            drift.differences.map { "\($0.table) \($0.object) \($0.state)" },
            ["audit_log column extra", "scratch table extra", "users index missing"])
        _ = state.apply(.toggleDrift)
        XCTAssertEqual(state.tab, BrowserState.schemaTab)
        try assertSnapshot("schema-drift", state, root: project.root, width: 140)
        _ = state.apply(.toggleDrift)
        try assertSnapshot("schema-revision", state, root: project.root)
    }

    /// A database file not made yet has no tables: no drift (rather than a failed check).
    func testNoDatabaseFileYetIsNoDrift() throws {
        let project = try ActionTestProject()
        var options = ConnectOptions()
        options.currentDirectory = project.root
        let connection = DatabaseStatus.Connection(url: project.url, options: options, table: VersionTable())
        guard case .compared(let drift) = DriftCheck.check(connection, rows: [], graph: project.graph) else {
            return XCTFail("the check failed")
        }
        XCTAssertFalse(drift.hasDrift)
        XCTAssertEqual(DriftStatus.compared(drift).headerText?.text, "no drift")
    }

    func testRefusedPlan() throws {
        let project = try ActionTestProject()
        var state = try project.state(selecting: "f6f6f6f6f6f6")
        state.dialog = try project.plan(.upgrade, "f6f6f6f6f6f6").dialog
        try assertSnapshot("action-refused", state, root: project.root)
    }

    func testResultDialog() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        let report = try project.run(.upgrade, "b2b2b2b2b2b2", progress: &progress)
        var state = try project.state(selecting: "b2b2b2b2b2b2")
        state.dialog = report
        try assertSnapshot("action-result", state, root: project.root)
    }

    func testFailureDialog() throws {
        let project = try ActionTestProject()
        var progress: [String] = []
        try project.run(.upgrade, "d4d4d4d4d4d4", progress: &progress)
        let report = try project.run(.stepForward, "e5e5e5e5e5e5", progress: &progress)
        var state = try project.state(selecting: "e5e5e5e5e5e5")
        state.dialog = report
        try assertSnapshot("action-failure", state, root: project.root)
    }

    /// On the sample project's three heads, the blog branch applied.
    func testHeadsPicker() throws {
        let graph = try HeadsPickerTests.sampleGraph()
        var state = try BrowserState(graph: graph, projectDescription: "sample/alembic.ini")
        // Paths shown relative to the sample, so the screen is the same in every checkout.
        state.pathPrefix = HeadsPickerTests.sample.deletingLastPathComponent().path + "/"
        state.database = DatabaseStatus(maskedURL: "sqlite:///app.db", state: .rows(["6a4f2c8e0b95"]), graph: graph)
        _ = state.apply(.pickHeads)
        _ = state.handlePickerKey(.character("j"))
        try assertSnapshot("action-heads-picker", state, root: "/nowhere")
    }

    /// The `m` confirmation on a copy of the sample project: its file, merged heads, text.
    func testMergeDialog() throws {
        let (root, state, _) = try MergeActionTests.mergeOfAllHeadsOnASampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try assertSnapshot("action-merge", state, root: root)
    }

    func testProgressLine() throws {
        let project = try ActionTestProject()
        var state = try project.state(selecting: "a1a1a1a1a1a1")
        state.progress = "Running step 1 of 1: upgrade  -> a1a1a1a1a1a1 (1 statement), 0.2 s elapsed"
        try assertSnapshot("action-progress", state, root: project.root)
    }
}
