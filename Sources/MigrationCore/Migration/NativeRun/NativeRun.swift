/// One run of `NativeExecutor`: the steps of a plan applied in order, each with its
/// version rows, and what to say when one fails.
///
/// The loop only sequences the pieces that each own one concern:
/// - `CommitPolicy`: how steps are grouped into transactions (a savepoint per step in a
///   group, when to commit);
/// - `StepBatch`: how a step's statements reach the server (what goes in one round trip,
///   and which part failed);
/// - `RowCheck`: what the version rows read at the start of a transaction say (run,
///   skip what another runner applied, or stop);
/// - `RunLedger`: what is committed and what is open, and the "what stays applied"
///   sentence of a failure.
struct NativeRun {
    let plan: MigrationPlan
    let session: MigrationSession
    let bodies: LiveBodies
    let events: (MigrationEvent) -> Void

    private var db: any DatabaseConnection { session.connection }
    private var table: VersionTable { session.versionTable }
    private let policy: CommitPolicy
    private var ledger = RunLedger()
    private var transactionBegan = ContinuousClock.now
    private static let stepSavepoint = "retort_step"
    private var outcome = MigrationOutcome()

    init(plan: MigrationPlan, session: MigrationSession, bodies: LiveBodies, events: @escaping (MigrationEvent) -> Void) {
        self.plan = plan
        self.session = session
        self.bodies = bodies
        self.events = events
        policy = CommitPolicy(session: session, sendsTogether: session.connection.sendsStatementsTogether)
    }

    mutating func execute() throws -> MigrationOutcome {
        var index = try start() ?? plan.steps.count
        // A step applied whose COMMIT goes to the server with the next step's BEGIN.
        var pendingCommit: Int?
        // False right after the rows moved under a step sent whole: it starts again the usual way.
        var maySendWhole = true
        while index < plan.steps.count {
            if pendingCommit != nil || !ledger.isOpen {
                if maySendWhole && canSendWhole(index) {
                    let applied = try applyWhole(index, committing: pendingCommit)
                    pendingCommit = nil
                    guard applied else {
                        maySendWhole = false
                        continue
                    }
                } else {
                    maySendWhole = true
                    let rows = try open(committing: pendingCommit, next: index)
                    pendingCommit = nil
                    guard let next = try resume(at: index, rows: rows) else { break }
                    index = next
                    try apply(index)
                }
            } else {
                try apply(index)
            }
            switch policy.afterStep(began: transactionBegan, hasNext: index + 1 < plan.steps.count) {
            case .commit: try commit(step: plan.steps[index], index: index)
            case .commitWithNext: pendingCommit = index
            case .keepOpen: break
            }
            index += 1
            if index < plan.steps.count && session.shouldStop() {
                outcome.stoppedEarly = true
                break
            }
        }
        if ledger.isOpen { try commit(step: pendingCommit.map { plan.steps[$0] }, index: pendingCommit) }
        return outcome
    }

    /// The first transaction: Alembic's `_ensure_version_table`, the purge of
    /// `stamp --purge`, and the rows read in it. Returns the first step to run; nil when
    /// there is none (the transaction stays open, for the caller to commit).
    private mutating func start() throws -> Int? {
        // A failure here is the first step's, as far as the user can tell.
        let first = plan.steps.first
        let firstIndex: Int? = plan.steps.isEmpty ? nil : 0
        try begin(step: first, index: firstIndex)
        do {
            if try table.createIfMissing(on: db) {
                outcome.versionTableCreated = true
                events(.versionTableCreated)
            }
            if plan.purge { events(.purged(rows: try table.deleteAll(on: db))) }
        } catch {
            throw fail(step: first, index: firstIndex, error, .notStarted)
        }
        guard !plan.steps.isEmpty else { return nil }
        return try resume(at: 0, rows: nil)
    }

    // MARK: Steps

    /// Applies step `index` in the open transaction (committing around the statements that
    /// must run outside one), its statements in batches up to each statement sent alone.
    private mutating func apply(_ index: Int) throws {
        let step = plan.steps[index]
        events(.stepStarted(index: index, step))
        ledger.stepPartlyCommitted = false
        if policy.savepoint(ledger) {
            do {
                try db.execute("SAVEPOINT \(Self.stepSavepoint)")
            } catch {
                throw fail(step: step, index: index, error, .notStarted)
            }
            ledger.inSavepoint = true
        }
        var ranInside = false
        let statements = try self.statements(of: step, index: index)
        // Statements that run in the transaction wait here to be sent together, up to one
        // that must be sent on its own.
        var queued: [Int] = []
        for (number, statement) in statements.enumerated() {
            if statement.outsideTransaction == nil && statement.isSingleCommand {
                if !ledger.isOpen { try begin(step: step, index: index) }
                queued.append(number)
                ranInside = true
                continue
            }
            try send(queued, of: statements, step: step, index: index)
            queued = []
            events(.statementStarted(index: index, number: number, count: statements.count))
            if statement.outsideTransaction != nil {
                if ledger.isOpen {
                    try commit(step: step, index: index)
                    if ranInside { ledger.stepPartlyCommitted = true }
                }
                events(.outsideTransaction(index: index, statement))
                try execute(statement, step: step, index: index)
                ledger.stepPartlyCommitted = true
            } else {
                if !ledger.isOpen { try begin(step: step, index: index) }
                try execute(statement, step: step, index: index)
                ranInside = true
            }
        }
        // The version rows go in the transaction of the step's last statements, or in a
        // transaction of their own right after a statement that ran outside one.
        if !ledger.isOpen { try begin(step: step, index: index) }
        try send(queued, of: statements, step: step, index: index, withVersionRows: true)
        if ledger.inSavepoint {
            do {
                try db.execute("RELEASE SAVEPOINT \(Self.stepSavepoint)")
            } catch {
                throw fail(step: step, index: index, error)
            }
        }
        ledger.stepApplied()
        outcome.applied += 1
        events(.stepApplied(index: index, step, statements: statements.count))
    }

    /// The statements of a step, those that copy tables written from the tables as this
    /// transaction reads them (`LiveBodies.statements(for:on:)`).
    private mutating func statements(of step: MigrationStep, index: Int) throws -> [LiveBody.Statement] {
        do {
            return try bodies.statements(for: step, on: db)
        } catch {
            throw fail(step: step, index: index, error, .notStarted)
        }
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
        var batch = StepBatch()
        batch.statements(queued.map { ($0, statements[$0].sql) })
        if withVersionRows { batch.versionChanges(step.versionChanges.map { table.statement($0, db.dialect) }) }
        if batch.isEmpty { return }
        let results: [BatchResult]
        do {
            results = try execute(batch, index: index, count: statements.count)
        } catch {
            guard let number = batch.statementNumber(at: error.index) else { throw fail(step: step, index: index, error.error) }
            throw failure(of: statements[number], step: step, index: index, error.error)
        }
        try checkVersionChanges(batch, results, step: step, index: index)
    }

    /// Sends `batch`, reporting each of step `index`'s `count` statements as it starts.
    private func execute(_ batch: StepBatch, index: Int, count: Int) throws(BatchFailure) -> [BatchResult] {
        try db.executeEach(batch.statements) { position in
            if let number = batch.statementNumber(at: position) {
                events(.statementStarted(index: index, number: number, count: count))
            }
        }
    }

    /// Each version-row change must have changed one row (Alembic's compare-and-swap).
    private mutating func checkVersionChanges(_ batch: StepBatch, _ results: [BatchResult], step: MigrationStep, index: Int)
        throws
    {
        for (number, position) in batch.versionChangePositions {
            do {
                try table.check(step.versionChanges[number], changed: results[position].count)
            } catch {
                throw fail(step: step, index: index, error)
            }
        }
    }

    /// Whether step `index` can go to the server in one piece: the policy sends steps
    /// whole, and every statement is one command that runs inside the transaction.
    private func canSendWhole(_ index: Int) -> Bool {
        guard policy.sendsStepsWhole, let body = bodies.body(for: plan.steps[index]), !body.isWrittenWhenItRuns else {
            return false
        }
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
        var batch = StepBatch()
        if committing != nil { batch.commit() }
        batch.begin(readingRows: table.selectStatement(db.dialect))
        batch.statements(statements.enumerated().map { ($0, $1.sql) })
        batch.versionChanges(step.versionChanges.map { table.statement($0, db.dialect) })
        events(.stepStarted(index: index, step))
        ledger.stepPartlyCommitted = false
        let results: [BatchResult]
        do {
            results = try execute(batch, index: index, count: statements.count)
        } catch {
            let part = batch.parts[error.index]
            if let committing, part == .commit {
                throw fail(step: plan.steps[committing], index: committing, error.error, committing: true)
            }
            if committing != nil { ledger.committed() }
            switch part {
            case .commit, .begin, .rowRead:
                throw fail(step: step, index: index, error.error, .notStarted)
            case .statement(let number):
                ledger.began()
                throw failure(of: statements[number], step: step, index: index, error.error)
            case .versionChange:
                ledger.began()
                throw fail(step: step, index: index, error.error)
            }
        }
        if committing != nil { ledger.committed() }
        ledger.began()
        transactionBegan = .now
        let read = batch.position(of: .rowRead) ?? 0
        let rows = results[read].rows.compactMap { $0.first ?? nil }
        guard RowCheck.same(rows, step.headsBefore) else {
            do {
                try db.rollback()
            } catch {
                throw fail(step: step, index: index, error, .notStarted)
            }
            ledger.isOpen = false
            return false
        }
        try checkVersionChanges(batch, results, step: step, index: index)
        ledger.stepApplied()
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
        if error.sqlState == "55P03", let postgres = db as? PostgresConnection {
            // lock_timeout: say who holds the tables the step works on, as far as the server still knows.
            let tables = TouchedTables.of(bodies.body(for: step)?.operations ?? []).map(\.name)
            let holders = (try? postgres.tableLockHolders(tables)) ?? []
            failure.state +=
                holders.isEmpty
                ? "; the session that held the lock has let it go since: run again"
                : "; " + holders.joined(separator: "; ") + " (gave up after \(MigrationLock.seconds(session.lockTimeout)), --lock-timeout)"
        }
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
        switch RowCheck.resume(rows: rows, plan: plan, at: index) {
        case .run(let index):
            return index
        case .skip(let range):
            skip(range)
            return range.upperBound
        case .done(let range):
            skip(range)
            return nil
        case .moved:
            let error = DatabaseError(
                .versionTable,
                "the version table '\(table.name)' changed while this run was waiting: it holds "
                    + RunLedger.listing(rows) + ", where this step starts from "
                    + RunLedger.listing(plan.steps[index].headsBefore) + " (another runner, or Alembic, moved it)")
            throw fail(step: plan.steps[index], index: index, error, .notStarted)
        }
    }

    private mutating func skip(_ range: Range<Int>) {
        outcome.skipped += range.count
        events(.stepsSkipped(range))
    }

    // MARK: Transactions

    /// Opens the transaction of step `next` and reads the version rows in it; with
    /// `committing`, the COMMIT of that step's transaction goes first, in the same round
    /// trip where the database allows.
    private mutating func open(committing: Int?, next: Int) throws -> [String] {
        let query = table.selectStatement(db.dialect)
        guard let committing else {
            return try begin(step: plan.steps[next], index: next, thenQuery: query).compactMap { $0.first ?? nil }
        }
        let rows: [[String?]]
        do {
            rows = try db.commit(thenBeginAndQuery: query)
        } catch {
            guard error.index > 0 else {
                throw fail(step: plan.steps[committing], index: committing, error.error, committing: true)
            }
            ledger.committed()
            throw fail(step: plan.steps[next], index: next, error.error, .notStarted)
        }
        ledger.committed()
        ledger.began()
        transactionBegan = .now
        return rows.compactMap { $0.first ?? nil }
    }

    private mutating func begin(step: MigrationStep?, index: Int?) throws {
        _ = try begin(step: step, index: index, thenQuery: nil)
    }

    private mutating func begin(step: MigrationStep?, index: Int?, thenQuery query: String?) throws -> [[String?]] {
        var rows: [[String?]] = []
        do {
            if let query { rows = try db.begin(thenQuery: query) } else { try db.begin() }
        } catch {
            throw fail(step: step, index: index, MigrationLock.explained(error, db.dialect, timeout: session.lockTimeout), .notStarted)
        }
        ledger.began()
        transactionBegan = .now
        return rows
    }

    private mutating func commit(step: MigrationStep?, index: Int?) throws {
        do {
            try db.commit()
        } catch {
            throw fail(step: step, index: index, error, committing: true)
        }
        ledger.committed()
    }

    // MARK: Failure

    /// Rolls back what is open and says what the database holds now. `how` is what
    /// became of the failed step's own work, when the caller knows (else: rolled back if
    /// a transaction was open, run alone outside one if not). `committing`: the commit of
    /// `step`'s transaction failed, so `step` itself is among the steps it held.
    private mutating func fail(
        step: MigrationStep?, index: Int?, _ error: DatabaseError, _ how: RunLedger.FailedStep? = nil,
        committing: Bool = false
    ) -> MigrationRunError {
        let wasOpen = ledger.isOpen || db.isInTransaction
        if wasOpen && !(ledger.inSavepoint && keepStepsBefore()) { try? db.rollback() }
        let name = step.map { $0.revision?.id ?? $0.toRevisions.joined(separator: ", ") }
        let (state, undone) = ledger.failed(
            step: name, how ?? (wasOpen ? .rolledBack : .outsideTransaction), committing: committing,
            rows: try? table.revisions(on: db), table: table.name)
        outcome.applied -= undone
        return MigrationRunError(step: step, index: index, error: error, state: state)
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
        ledger.keptStepsBefore()
        return true
    }
}
