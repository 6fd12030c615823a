import Foundation

/// What a rehearsal did: every statement of the plan run in one transaction that was
/// rolled back at the end, with the rows each changed, its time and (PostgreSQL) the
/// locks it took; the first failure, or where the rehearsal had to end early.
public struct RehearsalReport: Sendable, Equatable {
    /// One statement as it ran.
    public struct Statement: Sendable, Equatable {
        public var sql: String
        /// The script line of the operation it comes from; nil for a version-row change.
        public var line: Int?
        /// Rows changed and seconds taken; nil for a statement that was sent with one that
        /// failed, whose outcome the server did not give back.
        public var rows: Int?
        public var seconds: Double?
        /// Table locks it took that the transaction did not hold before (PostgreSQL).
        public var locks: [String] = []
        /// How long it waited for a lock, and who held it (PostgreSQL).
        public var waited: String?
    }

    /// One step and its statements.
    public struct Step: Sendable, Equatable {
        public var index: Int
        public var step: MigrationStep
        public var statements: [Statement] = []
        public var seconds: Double = 0
    }

    /// The statement that failed.
    public struct Failure: Sendable, Equatable {
        public var index: Int?
        public var step: MigrationStep?
        public var path: String?
        public var line: Int?
        public var error: DatabaseError
    }

    /// The database, its URL masked, and whether the rehearsal ran on a copy of it.
    public var database: String
    public var onCopy = false
    public var steps: [Step] = []
    public var failure: Failure?
    /// Why the rehearsal ended before the end of the plan without a failure (a statement
    /// that cannot run inside a transaction).
    public var endedEarly: String?
    public var seconds: Double = 0
    /// The version table's rows, as they are after the rollback.
    public var rowsAfter: [String] = []
    public var tableName = "alembic_version"
    public var planned = 0
    /// Which engine ran the rehearsal, when it was not Retort's own (`through the project's Alembic`).
    public var engine: String?

    public var succeeded: Bool { failure == nil }

    /// The report in lines, for the command line and the browser.
    public var lines: [String] {
        var lines = [
            "Rehearsal on \(database)" + (onCopy ? " (a copy made with SQLite's backup API)" : "")
                + ": one transaction, rolled back at the end" + (engine.map { ", \($0)" } ?? "")
        ]
        let width = String(max(planned, 1)).count
        for step in steps {
            let number = String(repeating: " ", count: width - String(step.index + 1).count) + "\(step.index + 1)"
            lines.append("  \(number). \(step.step.shortLog) (\(Self.time(step.seconds)))")
            let indent = String(repeating: " ", count: width + 6)
            for statement in step.statements {
                let rows = statement.rows.map { $0 == 1 ? "1 row" : "\($0) rows" } ?? "ran"
                let time = statement.seconds.map(Self.time) ?? ""
                var line = indent + Self.padded(time, 9) + "  " + Self.padded(rows, 9) + "  "
                line += DatabaseError.excerpt(statement.sql)
                if let number = statement.line { line += " (line \(number))" }
                lines.append(line)
                if !statement.locks.isEmpty { lines.append(indent + "           locks: " + statement.locks.joined(separator: ", ")) }
                if let waited = statement.waited { lines.append(indent + "           waited " + waited) }
            }
            if let failure, failure.index == step.index {
                lines.append(indent + "FAILED: " + failure.error.description)
            }
        }
        let statements = steps.reduce(0) { $0 + $1.statements.count }
        let undone = "everything was rolled back: \(tableName) holds " + RunLedger.listing(rowsAfter)
        if let failure {
            var where_ = failure.step.map { "step \((failure.index ?? 0) + 1) (\($0.shortLog))" } ?? "the start"
            if let path = failure.path { where_ += " at " + path + (failure.line.map { ":\($0)" } ?? "") }
            lines.append("Rehearsal failed at \(where_): \(failure.error.description); \(undone)")
        } else if let endedEarly {
            lines.append(
                "Rehearsal ended early: \(endedEarly); the \(statements) statement\(statements == 1 ? "" : "s") before it ran "
                    + "(\(Self.time(seconds))); \(undone)")
        } else {
            lines.append(
                "Rehearsal passed: every statement of \(RunLedger.count(steps.count, "step")) ran "
                    + "(\(RunLedger.count(statements, "statement")), \(Self.time(seconds))); \(undone)")
        }
        return lines
    }

    static func time(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
