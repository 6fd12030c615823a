/// Carries out a migration plan on a live database, step by step.
///
/// Retort's own executor (`NativeExecutor`) runs the SQL it rendered from each revision;
/// another executor could run the same steps through the project's own Alembic. The
/// command around it connects, locks, plans, asks, and prints the events; the executor
/// decides how each step's work and its version rows reach the database.
public protocol MigrationExecutor: AnyObject {
    /// Readies every step before anything is applied and says what each will do, in
    /// order: a step the executor cannot run comes back with its `refusal` (the command
    /// refuses the plan, exit 3, before anything is applied); throws only when the
    /// database cannot be read, or cannot hold what a step needs. May be called again
    /// with more steps (a plan made again after waiting for the lock). `live` reads the
    /// database's tables as they are, for what depends on them (batch table copies).
    func prepare(_ steps: [MigrationStep], live: LiveTableCache?) throws -> [StepPreview]

    /// Said once after the refusals of a plan: what would make the refused steps run.
    var refusalHint: String? { get }

    /// Applies the plan's steps in order and records each in the version table, calling
    /// `events` as it goes. Throws `MigrationRunError` when a step fails, after undoing
    /// what the failed step's transaction held.
    func run(_ plan: MigrationPlan, in session: MigrationSession, events: (MigrationEvent) -> Void) throws
        -> MigrationOutcome

    /// Runs the plan's steps in one transaction that is always rolled back, reporting
    /// each statement, the first failure, or where a statement that cannot run in a
    /// transaction ended it. `report` comes filled with the database's name.
    func rehearse(
        _ plan: MigrationPlan, in session: MigrationSession, report: RehearsalReport, watchLocks: LockWatchSettings?,
        events: (MigrationEvent) -> Void
    ) -> RehearsalReport
}

extension MigrationExecutor {
    public var refusalHint: String? { nil }
}

/// How a PostgreSQL rehearsal opens the second session that sees it wait for locks.
public struct LockWatchSettings: Sendable {
    public var url: DatabaseURL
    public var options: ConnectOptions

    public init(url: DatabaseURL, options: ConnectOptions) {
        self.url = url
        self.options = options
    }
}

/// How a live run groups its work into transactions.
public enum TransactionMode: String, Sendable, CaseIterable {
    /// Each migration atomic with its version rows (the default): a failure undoes only
    /// the failed migration, and those before it stay applied. On PostgreSQL each is a
    /// transaction of its own; on SQLite see `MigrationSession.groupCommitInterval`.
    case perMigration = "per-migration"
    /// A transaction and a durable commit for every migration, on SQLite too: a crash
    /// loses no migration that was reported done, at four fsyncs a migration on SQLite.
    case commitEach = "commit-each"
    /// One transaction around the whole run: a failure undoes every migration of it.
    case all

    /// Whether each migration is atomic on its own (a failure keeps the ones before it).
    public var isPerMigration: Bool { self != .all }
}

/// Where and how a run applies its steps.
public struct MigrationSession {
    public var connection: any DatabaseConnection
    public var versionTable: VersionTable
    public var transactions: TransactionMode
    /// Seconds a transaction waits for SQLite's write lock (named in the error when it
    /// gives up).
    public var lockTimeout: Double
    /// Asked after each step: true commits what ran and stops the run there, the steps
    /// after it not run (the browser's Ctrl-C).
    public var shouldStop: () -> Bool = { false }
    /// Per-migration runs: seconds of work one transaction may gather before it commits,
    /// each migration in a savepoint of its own; 0 commits after every migration (as
    /// `.commitEach` always does).
    ///
    /// Why: a durable SQLite commit in rollback-journal mode costs four fsyncs, which on
    /// most disks take longer than a small migration, so committing each one makes
    /// SQLite runs several times slower than the work. A savepoint keeps what matters of
    /// a transaction per migration: a failed migration is rolled back to its savepoint
    /// and the ones before it are committed, so the version table tells the truth. What
    /// changes is only what a crash (power loss, SIGKILL) undoes: the migrations of the
    /// open batch, consistently with their version rows, which the next run applies
    /// again. PostgreSQL keeps 0: its commits are cheap, and a batch would hold every
    /// table's DDL lock until it commits.
    public var groupCommitInterval: Double

    public init(
        connection: any DatabaseConnection, versionTable: VersionTable, transactions: TransactionMode,
        lockTimeout: Double
    ) {
        self.connection = connection
        self.versionTable = versionTable
        self.transactions = transactions
        self.lockTimeout = lockTimeout
        groupCommitInterval = connection.dialect == .sqlite ? Self.sqliteGroupCommitInterval : 0
    }

    /// Short enough that another connection waits for SQLite's write lock no longer than
    /// it would for one ordinary migration; long enough that commits stop dominating.
    public static let sqliteGroupCommitInterval = 0.2
}

extension [StepPreview] {
    /// The refusal of a plan some of whose steps no engine can run (exit 3), worded as
    /// the native engine has always worded it, with what would make them run.
    public func refusalFailure(dialect: Dialect, hint: String?) -> CommandFailure? {
        let lines = compactMap(\.refusal)
        guard !lines.isEmpty else { return nil }
        // No engine runs a function the script does not have: naming one would mislead.
        let hint = filter { $0.refusal != nil }.allSatisfy(\.missingFunction) ? nil : hint
        return CommandFailure(
            .uninterpretable,
            "\(lines.count) revision function\(lines.count == 1 ? "" : "s") of the plan cannot be interpreted for "
                + "\(dialect.rawValue), so nothing was applied:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
                + (hint.map { "\n" + $0 } ?? ""))
    }
}

/// What one step will do, for the plan shown before a run.
public struct StepPreview: Sendable, Equatable {
    /// The statements of the revision function; nil when the executor cannot know them.
    public var statementCount: Int?
    public var destructive: [LiveBody.Destructive]
    /// The statements that run outside a transaction, each with its reason.
    public var outsideTransaction: [LiveBody.Statement]
    /// Notes on statements the database may refuse.
    public var warnings: [String]
    /// The operations of the revision function, when the executor knows them (what
    /// drift compares the tables they touch for).
    public var operations: [Operation]?
    /// The tables the step copies as the database has them (batch table copies).
    public var copiedTables: [SchemaModel.Key] = []
    /// Why the step runs through the project's Alembic; nil when Retort runs it itself.
    public var throughAlembic: String?
    /// The statements of the revision function as they will be sent, when the executor
    /// knows them before the run.
    public var statements: [String]?
    /// Why no engine can run the step (`a2 upgrade(): path:18: reason`); nil when one can.
    public var refusal: String?
    /// The refusal's further reasons, one line each (`a2 upgrade() line 18: reason`).
    public var refusalReasons: [String] = []
    /// The refusal is that the script has no such function: Alembic cannot run it either.
    public var missingFunction = false

    public init(
        statementCount: Int?, destructive: [LiveBody.Destructive] = [], outsideTransaction: [LiveBody.Statement] = [],
        warnings: [String] = [], operations: [Operation]? = nil
    ) {
        self.statementCount = statementCount
        self.destructive = destructive
        self.outsideTransaction = outsideTransaction
        self.warnings = warnings
        self.operations = operations
    }
}

/// Something that happened during a run, in order.
public enum MigrationEvent {
    /// The version table did not exist and was created (Alembic's CREATE TABLE).
    case versionTableCreated
    /// `stamp --purge`: every row was deleted first.
    case purged(rows: Int)
    case stepStarted(index: Int, MigrationStep)
    /// Statement `number` (from 0) of the `count` of step `index` is about to be sent
    /// (for a progress line; an executor that cannot tell does not report it).
    case statementStarted(index: Int, number: Int, count: Int)
    /// A statement about to run outside a transaction (what came before it is committed).
    case outsideTransaction(index: Int, LiveBody.Statement)
    case stepApplied(index: Int, MigrationStep, statements: Int)
    /// Steps found already applied (the version table already holds what they would
    /// write): another runner did them while this one waited.
    case stepsSkipped(Range<Int>)
}

/// What a run did.
public struct MigrationOutcome: Sendable, Equatable {
    public var applied: Int
    public var skipped: Int
    public var versionTableCreated: Bool
    /// Whether `shouldStop` ended the run before its last step.
    public var stoppedEarly = false

    public init(applied: Int = 0, skipped: Int = 0, versionTableCreated: Bool = false) {
        self.applied = applied
        self.skipped = skipped
        self.versionTableCreated = versionTableCreated
    }
}
