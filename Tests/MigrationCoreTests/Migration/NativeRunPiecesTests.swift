import XCTest

@testable import MigrationCore

/// The pieces of `NativeRun` on their own, without a database: the ledger's sentences,
/// when the commit policy commits, what the row check decides, and how a step batch maps
/// a failed position back to its part.
final class NativeRunPiecesTests: XCTestCase {
    // MARK: RunLedger

    func testLedgerSaysWhatStaysApplied() {
        var ledger = RunLedger()
        ledger.began()
        ledger.stepApplied()
        ledger.committed()
        ledger.began()
        ledger.stepApplied()
        ledger.stepApplied()
        let (state, undone) = ledger.failed(step: "r4", .rolledBack, committing: false, rows: ["r1"], table: "alembic_version")
        XCTAssertEqual(
            state,
            "rolled back: nothing of r4 remains; the 2 migrations before it in the same transaction were rolled back too; "
                + "1 earlier migration of this run stays applied; alembic_version holds r1")
        XCTAssertEqual(undone, 2)
        XCTAssertFalse(ledger.isOpen)
    }

    func testLedgerCountsTheStepWhoseCommitFailed() {
        var ledger = RunLedger()
        ledger.began()
        ledger.stepApplied()
        let (state, undone) = ledger.failed(step: "r1", .rolledBack, committing: true, rows: [], table: "alembic_version")
        XCTAssertEqual(
            state, "rolled back: nothing of r1 remains; no migration of this run stays applied; alembic_version holds no row")
        XCTAssertEqual(undone, 1)
    }

    func testLedgerNamesAStepPartlyCommitted() {
        var ledger = RunLedger()
        ledger.began()
        ledger.committed()
        ledger.stepPartlyCommitted = true
        let (state, _) = ledger.failed(step: "r2", .outsideTransaction, committing: false, rows: nil, table: "alembic_version")
        XCTAssertEqual(
            state,
            "part of r2 stays applied (what ran before or outside a transaction was committed) but the version table "
                + "does not record it: finish or undo it by hand; no migration of this run stays applied")
    }

    func testLedgerKeepsTheStepsBeforeASavepoint() {
        var ledger = RunLedger()
        ledger.began()
        ledger.stepApplied()
        ledger.stepApplied()
        ledger.inSavepoint = true
        ledger.keptStepsBefore()
        let (state, undone) = ledger.failed(step: "r3", .rolledBack, committing: false, rows: ["r2"], table: "v")
        XCTAssertEqual(state, "rolled back: nothing of r3 remains; 2 earlier migrations of this run stay applied; v holds r2")
        XCTAssertEqual(undone, 0)
    }

    func testLedgerBeforeAnyStep() {
        var ledger = RunLedger()
        let (state, _) = ledger.failed(step: nil, .notStarted, committing: false, rows: nil, table: "v")
        XCTAssertEqual(state, "nothing of the run was applied; no migration of this run stays applied")
    }

    // MARK: CommitPolicy

    func testPolicyCommitsWhenTheIntervalIsOver() {
        let start = ContinuousClock.now
        var now = start
        let policy = CommitPolicy(mode: .perMigration, interval: 0.2, sendsTogether: false, now: { now })
        XCTAssertEqual(policy.afterStep(began: start, hasNext: true), .keepOpen)
        now = start + .milliseconds(199)
        XCTAssertEqual(policy.afterStep(began: start, hasNext: true), .keepOpen)
        now = start + .milliseconds(200)
        XCTAssertEqual(policy.afterStep(began: start, hasNext: true), .commit)
    }

    func testPolicyByMode() {
        let start = ContinuousClock.now
        let each = CommitPolicy(mode: .commitEach, interval: 0.2, sendsTogether: false, now: { start })
        XCTAssertEqual(each.afterStep(began: start, hasNext: true), .commit, "commit-each ignores the interval")
        let all = CommitPolicy(mode: .all, interval: 0, sendsTogether: true, now: { start })
        XCTAssertEqual(all.afterStep(began: start, hasNext: true), .keepOpen)
        XCTAssertFalse(all.sendsStepsWhole)
        let pipelined = CommitPolicy(mode: .perMigration, interval: 0, sendsTogether: true, now: { start })
        XCTAssertEqual(pipelined.afterStep(began: start, hasNext: true), .commitWithNext)
        XCTAssertEqual(pipelined.afterStep(began: start, hasNext: false), .commit, "the last step commits at once")
        XCTAssertTrue(pipelined.sendsStepsWhole)
    }

    func testPolicySavepointsOnlyAfterAStepInTheSameTransaction() {
        let policy = CommitPolicy(mode: .perMigration, interval: 0.2, sendsTogether: false, now: { .now })
        var ledger = RunLedger()
        ledger.began()
        XCTAssertFalse(policy.savepoint(ledger))
        ledger.stepApplied()
        XCTAssertTrue(policy.savepoint(ledger))
        let all = CommitPolicy(mode: .all, interval: 0, sendsTogether: false, now: { .now })
        XCTAssertFalse(all.savepoint(ledger), "one transaction for the run: a failure undoes it all")
    }

    // MARK: RowCheck

    func testRowCheck() throws {
        let graph = try RevisionGraph(revisions: [
            Revision(id: "a", downRevisions: []), Revision(id: "b", downRevisions: ["a"]),
            Revision(id: "c", downRevisions: ["b"]),
        ])
        let plan = try MigrationPlan.upgrade(graph, to: "head", from: [])
        XCTAssertEqual(RowCheck.resume(rows: [], plan: plan, at: 0), .run(0))
        XCTAssertEqual(RowCheck.resume(rows: ["b"], plan: plan, at: 0), .skip(0..<2))
        XCTAssertEqual(RowCheck.resume(rows: ["c"], plan: plan, at: 1), .done(skipping: 1..<3))
        XCTAssertEqual(RowCheck.resume(rows: ["a", "x"], plan: plan, at: 1), .moved)
        XCTAssertTrue(RowCheck.same(["a", "b"], ["b", "a"]))
        XCTAssertFalse(RowCheck.same(["a", "a"], ["a"]))
    }

    // MARK: StepBatch

    func testStepBatchMapsPositionsToParts() {
        var batch = StepBatch()
        batch.commit()
        batch.begin(readingRows: "SELECT version_num FROM alembic_version")
        batch.statements([(0, "CREATE TABLE t (id INTEGER)"), (1, "CREATE INDEX ix ON t (id)")])
        batch.versionChanges([BatchStatement("UPDATE alembic_version SET version_num='b'")])
        XCTAssertEqual(batch.parts, [.commit, .begin, .rowRead, .statement(0), .statement(1), .versionChange(0)])
        XCTAssertEqual(batch.statements.map(\.returnsRows), [false, false, true, false, false, false])
        XCTAssertEqual(batch.position(of: .rowRead), 2)
        XCTAssertEqual(batch.statementNumber(at: 4), 1)
        XCTAssertNil(batch.statementNumber(at: 5))
        XCTAssertEqual(batch.versionChangePositions.map(\.position), [5])
    }
}
