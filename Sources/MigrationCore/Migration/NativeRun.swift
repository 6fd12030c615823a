/// One run of `NativeExecutor`: the transactions, the statements and the version rows,
/// step after step, and what to say when one fails.
///
/// Every transaction that starts at a step reads the version table first: when another
/// runner applied steps of this plan meanwhile (SQLite runs serialise per transaction,
/// not per run), the rows match a later step's starting rows and the steps between are
/// skipped; rows that match no step stop the run before anything more is written.
///
/// With a group commit interval (SQLite), a per-migration transaction gathers the
/// migrations of that many seconds, each after the first in a savepoint, and commits
/// them together; a failure rolls back to the failed migration's savepoint and commits
/// the ones before it.
struct NativeRun {
    let plan: MigrationPlan
    let session: MigrationSession
    let bodies: LiveBodies
    let events: (MigrationEvent) -> Void

    private var db: any DatabaseConnection { session.connection }
    private var table: VersionTable { session.versionTable }
    private var isOpen = false
    /// Steps applied whose work is committed, and those still in the open transaction.
    private var committedSteps = 0
    private var uncommittedSteps = 0
    /// Whether part of the current step was committed before the rest ran (a statement
    /// outside a transaction came in the middle of it).
    private var stepPartlyCommitted = false
    /// Whether the current step runs in the savepoint `stepSavepoint` of a transaction
    /// that holds earlier steps.
    private var inSavepoint = false
    private var transactionBegan = ContinuousClock.now
    private static let stepSavepoint = "retort_step"
    private var outcome = MigrationOutcome()

    init(plan: MigrationPlan, session: MigrationSession, bodies: LiveBodies, events: @escaping (MigrationEvent) -> Void) {
        self.plan = plan
        self.session = session
        self.bodies = bodies
        self.events = events
    }

    mutating func execute() throws -> MigrationOutcome {
        // A failure here is the first step's, as far as the user can tell.
        try begin(step: plan.steps.first, index: plan.steps.isEmpty ? nil : 0)
        do {
            // Alembic's `_ensure_version_table`, in the first transaction.
            if try table.createIfMissing(on: db) {
                outcome.versionTableCreated = true
                events(.versionTableCreated)
            }
            if plan.purge { events(.purged(rows: try table.deleteAll(on: db))) }
        } catch {
            throw fail(step: plan.steps.first, index: plan.steps.isEmpty ? nil : 0, error, notStarted: true)
        }
        var index = 0
        var checkRows = true
        // A step applied whose COMMIT goes to the server with the next step's BEGIN.
        var commitPending: Int?
        // The rows had moved under a step sent whole: start it again the usual way.
        var startAsUsual = false
        while index < plan.steps.count {
            if !startAsUsual && (commitPending != nil || !isOpen) && canSendWhole(index) {
                let applied = try applyWhole(index, committing: commitPending)
                commitPending = nil
                checkRows = false
                if !applied {
                    startAsUsual = true
                    continue
                }
            } else {
                startAsUsual = false
                var rows: [String]?
                if let committing = commitPending {
                    rows = try commitThenBeginReadingRows(committing: committing, next: index)
                    commitPending = nil
                    checkRows = true
                } else if !isOpen {
                    rows = try beginReadingRows(step: plan.steps[index], index: index)
                    checkRows = true
                }
                if checkRows {
                    guard let next = try resume(at: index, rows: rows) else { break }
                    index = next
                    checkRows = false
                }
                try apply(index)
            }
            if session.transactions.isPerMigration && commitIsDue {
                if db.sendsStatementsTogether && index + 1 < plan.steps.count {
                    commitPending = index
                } else {
                    try commit(step: plan.steps[index], index: index)
                }
            }
            index += 1
            if index < plan.steps.count && session.shouldStop() {
                outcome.stoppedEarly = true
                break
            }
        }
        if isOpen { try commit(step: commitPending.map { plan.steps[$0] }, index: commitPending) }
        return outcome
    }

    /// After a per-migration step: whether to commit now, or let the next step join the
    /// transaction.
    private var commitIsDue: Bool {
        let interval = session.transactions == .commitEach ? 0 : session.groupCommitInterval
        return interval <= 0 || transactionBegan.duration(to: .now) >= .milliseconds(Int64(interval * 1000))
    }

    // MARK: Steps

    private mutating func apply(_ index: Int) throws {
        let step = plan.steps[index]
        events(.stepStarted(index: index, step))
        stepPartlyCommitted = false
        if isOpen && uncommittedSteps > 0 && session.transactions.isPerMigration {
            do {
                try db.execute("SAVEPOINT \(Self.stepSavepoint)")
            } catch {
                throw fail(step: step, index: index, error, notStarted: true)
            }
            inSavepoint = true
        }
        var ranInside = false
        let statements = bodies.body(for: step)?.statements ?? []
        // Statements that run in the transaction wait here to be sent together, up to one
        // that must be sent on its own.
        var queued: [Int] = []
        for (number, statement) in statements.enumerated() {
            if statement.outsideTransaction == nil && statement.isSingleCommand {
                if !isOpen { try begin(step: step, index: index) }
                queued.append(number)
                ranInside = true
                continue
            }
            try send(queued, of: statements, step: step, index: index)
            queued = []
            events(.statementStarted(index: index, number: number, count: statements.count))
            if statement.outsideTransaction != nil {
                if isOpen {
                    try commit(step: step, index: index)
                    if ranInside { stepPartlyCommitted = true }
                }
                events(.outsideTransaction(index: index, statement))
                try execute(statement, step: step, index: index)
                stepPartlyCommitted = true
            } else {
                if !isOpen { try begin(step: step, index: index) }
                try execute(statement, step: step, index: index)
                ranInside = true
            }
        }
        // The version rows go in the transaction of the step's last statements, or in a
        // transaction of their own right after a statement that ran outside one.
        if !isOpen { try begin(step: step, index: index) }
        try send(queued, of: statements, step: step, index: index, withVersionRows: true)
        if inSavepoint {
            do {
                try db.execute("RELEASE SAVEPOINT \(Self.stepSavepoint)")
            } catch {
                throw fail(step: step, index: index, error)
            }
            inSavepoint = false
        }
        uncommittedSteps += 1
        stepPartlyCommitted = false
        outcome.applied += 1
        events(.stepApplied(index: index, step, statements: statements.count))
    }

    private mutating func execute(_ statement: LiveBody.Statement, step: MigrationStep, index: Int) throws {
        do {
            try db.execute(statement.sql)
        } catch {
            throw failure(of: statement, step: step, index: index, error)
        }
    }

    /// Sends the statements numbered `queued` together, in the open transaction, and with
    /// them, `withVersionRows`, the step's version rows (each checked to change one row).
    private mutating func send(
        _ queued: [Int], of statements: [LiveBody.Statement], step: MigrationStep, index: Int,
        withVersionRows: Bool = false
    ) throws {
        let changes = withVersionRows ? step.versionChanges : []
        if queued.isEmpty && changes.isEmpty { return }
        let batch =
            queued.map { BatchStatement(statements[$0].sql) }
            + changes.map { table.statement($0, db.dialect) }
        let counts: [Int]
        do {
            counts = try db.executeEach(batch) { position in
                if position < queued.count {
                    events(.statementStarted(index: index, number: queued[position], count: statements.count))
                }
            }.map(\.count)
        } catch {
            guard error.index < queued.count else { throw fail(step: step, index: index, error.error) }
            throw failure(of: statements[queued[error.index]], step: step, index: index, error.error)
        }
        for (offset, change) in changes.enumerated() {
            do {
                try table.check(change, changed: counts[queued.count + offset])
            } catch {
                throw fail(step: step, index: index, error)
            }
        }
    }

    /// Whether step `index` can go to the server in one piece: the database sends
    /// statements together, each migration has its own transaction, and every statement
    /// is one command that runs inside it.
    private func canSendWhole(_ index: Int) -> Bool {
        guard db.sendsStatementsTogether, session.transactions.isPerMigration,
            let body = bodies.body(for: plan.steps[index])
        else { return false }
        return body.statements.allSatisfy { $0.outsideTransaction == nil && $0.isSingleCommand }
    }

    /// Runs step `index` in one round trip: the previous step's COMMIT (`committing`),
    /// BEGIN, the read of the version rows, the statements and the version rows. The rows
    /// are checked after the server ran it all, before anything commits: when they are
    /// not what the step starts from (a runner without Retort's lock moved them), the
    /// step is rolled back and false returned, for the caller to read them again.
    private mutating func applyWhole(_ index: Int, committing: Int?) throws -> Bool {
        let step = plan.steps[index]
        let statements = bodies.body(for: step)?.statements ?? []
        var batch: [BatchStatement] = committing == nil ? [] : [BatchStatement("COMMIT")]
        let read = batch.count + 1
        batch += [BatchStatement("BEGIN"), BatchStatement(table.selectStatement(db.dialect), returnsRows: true)]
        let firstStatement = batch.count
        batch += statements.map { BatchStatement($0.sql) }
        let firstChange = batch.count
        batch += step.versionChanges.map { table.statement($0, db.dialect) }
        events(.stepStarted(index: index, step))
        stepPartlyCommitted = false
        let results: [BatchResult]
        do {
            results = try db.executeEach(batch) { position in
                if position >= firstStatement && position < firstChange {
                    events(.statementStarted(index: index, number: position - firstStatement, count: statements.count))
                }
            }
        } catch {
            if let committing, error.index == 0 {
                throw fail(step: plan.steps[committing], index: committing, error.error, committing: true)
            }
            if committing != nil { markCommitted() }
            guard error.index >= firstStatement else { throw fail(step: step, index: index, error.error, notStarted: true) }
            isOpen = true
            guard error.index >= firstChange else {
                throw failure(of: statements[error.index - firstStatement], step: step, index: index, error.error)
            }
            throw fail(step: step, index: index, error.error)
        }
        if committing != nil { markCommitted() }
        isOpen = true
        transactionBegan = .now
        let rows = results[read].rows.compactMap { $0.first ?? nil }
        guard Self.same(rows, step.headsBefore) else {
            do {
                try db.rollback()
            } catch {
                throw fail(step: step, index: index, error, notStarted: true)
            }
            isOpen = false
            return false
        }
        for (offset, change) in step.versionChanges.enumerated() {
            do {
                try table.check(change, changed: results[firstChange + offset].count)
            } catch {
                throw fail(step: step, index: index, error)
            }
        }
        uncommittedSteps += 1
        outcome.applied += 1
        events(.stepApplied(index: index, step, statements: statements.count))
        return true
    }

    /// The error for a failed statement of the step: its revision's file and line.
    private mutating func failure(
        of statement: LiveBody.Statement, step: MigrationStep, index: Int, _ error: DatabaseError
    ) -> MigrationRunError {
        var failure = fail(step: step, index: index, error)
        failure.path = step.revision?.path
        failure.line = statement.line
        if statement.outsideTransaction == "CREATE INDEX CONCURRENTLY" {
            failure.state += "; PostgreSQL may have left the index behind as INVALID (pg_index.indisvalid): "
                + "drop it before running again"
        }
        return failure
    }

    /// The index of the step to run next, after reading the rows in the transaction just
    /// opened (unless `read` holds them already); nil when every remaining step turns out
    /// to be applied already.
    private mutating func resume(at index: Int, rows read: [String]?) throws -> Int? {
        var rows = read ?? []
        if read == nil {
            do {
                // The first transaction made sure the table exists, and nothing drops it.
                rows = try table.existingRevisions(on: db)
            } catch {
                throw fail(step: plan.steps[index], index: index, error)
            }
        }
        let same = Self.same
        if same(rows, plan.steps[index].headsBefore) { return index }
        if let later = (index + 1..<plan.steps.count).first(where: { same(rows, plan.steps[$0].headsBefore) }) {
            skip(index..<later)
            return later
        }
        if same(rows, plan.finalHeads) {
            skip(index..<plan.steps.count)
            return nil
        }
        let error = DatabaseError(
            .versionTable,
            "the version table '\(table.name)' changed while this run was waiting: it holds "
                + Self.listing(rows) + ", where this step starts from " + Self.listing(plan.steps[index].headsBefore)
                + " (another runner, or Alembic, moved it)")
        throw fail(step: plan.steps[index], index: index, error, notStarted: true)
    }

    private mutating func skip(_ range: Range<Int>) {
        outcome.skipped += range.count
        events(.stepsSkipped(range))
    }

    // MARK: Transactions

    private mutating func begin(step: MigrationStep?, index: Int?) throws {
        _ = try begin(step: step, index: index, thenQuery: nil)
    }

    /// Opens a transaction and reads the version rows in it, in one round trip where the
    /// database allows.
    private mutating func beginReadingRows(step: MigrationStep, index: Int) throws -> [String] {
        let rows = try begin(step: step, index: index, thenQuery: table.selectStatement(db.dialect))
        return rows.compactMap { $0.first ?? nil }
    }

    /// Commits the transaction of step `committing` and opens the next one's, reading the
    /// version rows in it: one round trip where the database allows.
    private mutating func commitThenBeginReadingRows(committing: Int, next: Int) throws -> [String] {
        let rows: [[String?]]
        do {
            rows = try db.commit(thenBeginAndQuery: table.selectStatement(db.dialect))
        } catch {
            guard error.index > 0 else {
                throw fail(step: plan.steps[committing], index: committing, error.error, committing: true)
            }
            markCommitted()
            throw fail(step: plan.steps[next], index: next, error.error, notStarted: true)
        }
        markCommitted()
        isOpen = true
        transactionBegan = .now
        return rows.compactMap { $0.first ?? nil }
    }

    private mutating func begin(step: MigrationStep?, index: Int?, thenQuery query: String?) throws -> [[String?]] {
        var rows: [[String?]] = []
        do {
            if let query { rows = try db.begin(thenQuery: query) } else { try db.begin() }
        } catch {
            var error = error
            if db.dialect == .sqlite, error.message.hasPrefix("database is locked") {
                error = DatabaseError(
                    .statement,
                    "the SQLite database stayed locked by another connection for "
                        + MigrationLock.seconds(session.lockTimeout) + " (--lock-timeout)")
            }
            throw fail(step: step, index: index, error, notStarted: true)
        }
        isOpen = true
        transactionBegan = .now
        return rows
    }

    private mutating func commit(step: MigrationStep?, index: Int?) throws {
        do {
            try db.commit()
        } catch {
            throw fail(step: step, index: index, error, committing: true)
        }
        markCommitted()
    }

    /// What holds after a successful commit.
    private mutating func markCommitted() {
        isOpen = false
        inSavepoint = false
        committedSteps += uncommittedSteps
        uncommittedSteps = 0
    }

    // MARK: Failure

    /// Rolls back what is open and says what the database holds now.
    /// `committing`: the commit of `step`'s transaction failed, so `step` itself is among
    /// the steps it held.
    private mutating func fail(
        step: MigrationStep?, index: Int?, _ error: DatabaseError, notStarted: Bool = false, committing: Bool = false
    ) -> MigrationRunError {
        let wasOpen = isOpen || db.isInTransaction
        if wasOpen && !(inSavepoint && keepStepsBefore()) { try? db.rollback() }
        isOpen = false
        inSavepoint = false
        var said: [String] = []
        let name = step?.revision?.id ?? step.map { $0.toRevisions.joined(separator: ", ") } ?? "the run"
        if stepPartlyCommitted {
            said.append(
                "part of \(name) stays applied (what ran before or outside a transaction was committed) "
                    + "but the version table does not record it: finish or undo it by hand")
        } else if notStarted {
            said.append("nothing of \(step == nil ? "the run" : name) was applied")
        } else if wasOpen {
            said.append("rolled back: nothing of \(name) remains")
        } else {
            said.append("the statement ran outside a transaction; nothing else of \(name) was applied")
        }
        if uncommittedSteps > 0 {
            let before = uncommittedSteps - (committing && step != nil ? 1 : 0)
            if before > 0 {
                said.append(
                    "the \(Self.count(before, "migration")) before it in the same transaction "
                        + (before == 1 ? "was" : "were") + " rolled back too")
            }
            outcome.applied -= uncommittedSteps
            uncommittedSteps = 0
        }
        let kept = committedSteps
        said.append(
            kept == 0
                ? "no migration of this run stays applied"
                : "\(Self.count(kept, "earlier migration")) of this run stay\(kept == 1 ? "s" : "") applied")
        if let rows = try? table.revisions(on: db) {
            said.append("\(table.name) holds " + Self.listing(rows))
        }
        return MigrationRunError(step: step, index: index, error: error, state: said.joined(separator: "; "))
    }

    /// Rolls back to the failed step's savepoint and commits the steps before it; false
    /// when that cannot be done (SQLite rolls a whole transaction back after some errors,
    /// such as a full disk), so the caller rolls back all.
    private mutating func keepStepsBefore() -> Bool {
        guard db.isInTransaction else { return false }
        do {
            try db.execute("ROLLBACK TO SAVEPOINT \(Self.stepSavepoint)")
            try db.execute("RELEASE SAVEPOINT \(Self.stepSavepoint)")
            try db.commit()
        } catch {
            return false
        }
        committedSteps += uncommittedSteps
        uncommittedSteps = 0
        return true
    }

    /// Whether two lists of version rows hold the same revisions.
    static func same(_ a: [String], _ b: [String]) -> Bool { a.count == b.count && Set(a) == Set(b) }

    static func listing(_ rows: [String]) -> String {
        rows.isEmpty ? "no row" : rows.joined(separator: ", ")
    }

    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}
