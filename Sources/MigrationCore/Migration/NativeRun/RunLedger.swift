/// What a live run has done so far as the database will keep it: whether a transaction
/// (and a step's savepoint in it) is open, which applied steps are committed and which
/// are still in the open transaction, and whether part of the current step was committed
/// before the rest ran. It writes the "what stays applied" sentence of a failure.
///
/// Pure bookkeeping: the run tells it what the database did, it never talks to one.
struct RunLedger: Equatable {
    var isOpen = false
    /// Whether the current step runs in a savepoint of a transaction that holds earlier steps.
    var inSavepoint = false
    /// Steps applied whose work is committed, and those still in the open transaction.
    private(set) var committedSteps = 0
    private(set) var uncommittedSteps = 0
    /// Whether part of the current step was committed before the rest ran (a statement
    /// outside a transaction came in the middle of it).
    var stepPartlyCommitted = false

    /// A transaction was opened.
    mutating func began() { isOpen = true }

    /// The open transaction committed: every step it held is kept.
    mutating func committed() {
        isOpen = false
        inSavepoint = false
        committedSteps += uncommittedSteps
        uncommittedSteps = 0
    }

    /// A step's work and version rows are in, in the open transaction (or committed
    /// already, when the transaction ended inside it).
    mutating func stepApplied() {
        uncommittedSteps += 1
        stepPartlyCommitted = false
        inSavepoint = false
    }

    /// The failed step was rolled back to its savepoint and the steps before it committed.
    mutating func keptStepsBefore() {
        committedSteps += uncommittedSteps
        uncommittedSteps = 0
    }

    /// How the run ended for the failed step, as far as its own work goes.
    enum FailedStep {
        /// Nothing of it reached the database (it failed while starting).
        case notStarted
        /// Its transaction was open and is rolled back.
        case rolledBack
        /// The statement that failed ran outside a transaction, alone.
        case outsideTransaction
    }

    /// Records a failure once what was open is rolled back, and says in words what the
    /// database holds. `name` is the failed step (`r2`, or `the run`); `committing`: the
    /// commit of that step's own transaction failed, so it is among the steps undone;
    /// `rows` is the version table afterwards, `table` its name. Returns the sentence and
    /// how many applied steps were undone.
    mutating func failed(
        step name: String?, _ how: FailedStep, committing: Bool, rows: [String]?, table: String
    ) -> (state: String, undone: Int) {
        isOpen = false
        inSavepoint = false
        let subject = name ?? "the run"
        var said: [String] = []
        if stepPartlyCommitted {
            said.append(
                "part of \(subject) stays applied (what ran before or outside a transaction was committed) "
                    + "but the version table does not record it: finish or undo it by hand")
        } else {
            switch how {
            case .notStarted: said.append("nothing of \(subject) was applied")
            case .rolledBack: said.append("rolled back: nothing of \(subject) remains")
            case .outsideTransaction:
                said.append("the statement ran outside a transaction; nothing else of \(subject) was applied")
            }
        }
        let undone = uncommittedSteps
        if uncommittedSteps > 0 {
            let before = uncommittedSteps - (committing && name != nil ? 1 : 0)
            if before > 0 {
                said.append(
                    "the \(Self.count(before, "migration")) before it in the same transaction "
                        + (before == 1 ? "was" : "were") + " rolled back too")
            }
            uncommittedSteps = 0
        }
        said.append(
            committedSteps == 0
                ? "no migration of this run stays applied"
                : "\(Self.count(committedSteps, "earlier migration")) of this run stay\(committedSteps == 1 ? "s" : "") applied")
        if let rows { said.append("\(table) holds " + Self.listing(rows)) }
        return (said.joined(separator: "; "), undone)
    }

    static func listing(_ rows: [String]) -> String {
        rows.isEmpty ? "no row" : rows.joined(separator: ", ")
    }

    static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}
