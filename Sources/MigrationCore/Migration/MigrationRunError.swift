/// A live run that stopped: which step, where in its script, the statement and the
/// database's message, and what the database holds afterwards.
public struct MigrationRunError: Error, Sendable, CustomStringConvertible {
    /// The failed step (nil when the run failed before its first step, e.g. creating
    /// the version table) and its position in the plan.
    public var step: MigrationStep?
    public var index: Int?
    /// The script and line of the operation whose statement failed; nil when the failure
    /// was the version table's or the transaction's.
    public var path: String?
    public var line: Int?
    public var error: DatabaseError
    /// What stayed applied and what was undone, in words.
    public var state: String

    public init(
        step: MigrationStep?, index: Int?, path: String? = nil, line: Int? = nil, error: DatabaseError, state: String
    ) {
        self.step = step
        self.index = index
        self.path = path
        self.line = line
        self.error = error
        self.state = state
    }

    /// One line: `upgrade a -> b failed at path:line: message (SQLSTATE x) in: statement; state`.
    public var description: String {
        var text = step.map { "\($0.shortLog) failed" } ?? "the run failed"
        if let path {
            text += " at " + path + (line.map { ":\($0)" } ?? "")
        }
        return text + ": \(error.description); \(state)"
    }
}
