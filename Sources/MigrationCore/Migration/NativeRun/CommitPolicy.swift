/// How a run groups its steps into transactions: whether a step opens a savepoint in a
/// transaction that holds earlier steps, and when the transaction commits.
///
/// Per migration, PostgreSQL commits after every step, the COMMIT going to the server
/// with the next step's BEGIN; SQLite gathers the steps of `interval` seconds into one
/// transaction, each after the first in a savepoint (`MigrationSession.groupCommitInterval`
/// says why). `.commitEach` commits after every step everywhere, `.all` once at the end.
struct CommitPolicy {
    var mode: TransactionMode
    /// Seconds of work one per-migration transaction may gather; 0 commits every step.
    var interval: Double
    /// Whether the connection sends several statements in one round trip (PostgreSQL),
    /// so that a COMMIT waits to go with the next BEGIN.
    var sendsTogether: Bool
    /// The time, injectable so that tests decide when a commit is due.
    var now: () -> ContinuousClock.Instant = { .now }

    init(session: MigrationSession, sendsTogether: Bool) {
        mode = session.transactions
        interval = session.transactions == .commitEach ? 0 : session.groupCommitInterval
        self.sendsTogether = sendsTogether
    }

    init(mode: TransactionMode, interval: Double, sendsTogether: Bool, now: @escaping () -> ContinuousClock.Instant) {
        self.mode = mode
        self.interval = mode == .commitEach ? 0 : interval
        self.sendsTogether = sendsTogether
        self.now = now
    }

    /// Whether a step about to run in the open transaction gets a savepoint of its own,
    /// so that its failure keeps the steps before it: per migration, when the
    /// transaction already holds applied steps.
    func savepoint(_ ledger: RunLedger) -> Bool {
        ledger.isOpen && ledger.uncommittedSteps > 0 && mode.isPerMigration
    }

    /// What follows a step just applied.
    enum AfterStep: Equatable {
        /// Commit now.
        case commit
        /// Commit, in the same round trip as the next step's BEGIN.
        case commitWithNext
        /// Keep the transaction open for the next step.
        case keepOpen
    }

    /// After a step applied in a transaction that began at `began`; `hasNext`: a step
    /// follows in the plan.
    func afterStep(began: ContinuousClock.Instant, hasNext: Bool) -> AfterStep {
        guard mode.isPerMigration else { return .keepOpen }
        let due = interval <= 0 || began.duration(to: now()) >= .milliseconds(Int64(interval * 1000))
        guard due else { return .keepOpen }
        return sendsTogether && hasNext ? .commitWithNext : .commit
    }

    /// Whether a step can go to the server in one round trip with its BEGIN and the read
    /// of the rows (and the previous COMMIT): each migration has its own transaction and
    /// the connection sends statements together.
    var sendsStepsWhole: Bool { sendsTogether && mode.isPerMigration }
}
