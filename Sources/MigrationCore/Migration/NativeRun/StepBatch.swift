/// The statements one round trip sends for a step, in order: maybe the previous step's
/// COMMIT, maybe BEGIN and the read of the version rows, the step's statements, and
/// maybe its version-row changes. It knows where each part sits, so that the position
/// of a failed statement maps back to what failed.
struct StepBatch {
    /// One part of the batch.
    enum Part: Equatable {
        case commit
        case begin
        case rowRead
        /// The step's statement with this number (from 0, in the step's own numbering).
        case statement(Int)
        /// The step's version-row change with this number.
        case versionChange(Int)
    }

    private(set) var statements: [BatchStatement] = []
    private(set) var parts: [Part] = []

    /// The previous step's COMMIT.
    mutating func commit() { append(BatchStatement("COMMIT"), .commit) }

    /// BEGIN, then the query that reads the version rows.
    mutating func begin(readingRows query: String) {
        append(BatchStatement("BEGIN"), .begin)
        append(BatchStatement(query, returnsRows: true), .rowRead)
    }

    /// The step's statements, each with its number.
    mutating func statements(_ numbered: [(number: Int, sql: String)]) {
        for (number, sql) in numbered { append(BatchStatement(sql), .statement(number)) }
    }

    /// The step's version-row changes.
    mutating func versionChanges(_ changes: [BatchStatement]) {
        for (number, change) in changes.enumerated() { append(change, .versionChange(number)) }
    }

    private mutating func append(_ statement: BatchStatement, _ part: Part) {
        statements.append(statement)
        parts.append(part)
    }

    var isEmpty: Bool { statements.isEmpty }

    /// Where `part` sits, if the batch has it.
    func position(of part: Part) -> Int? { parts.firstIndex(of: part) }

    /// The statement number at `position`, when a step's statement is there.
    func statementNumber(at position: Int) -> Int? {
        if case .statement(let number) = parts[position] { return number }
        return nil
    }

    /// The version-row change numbers and their positions.
    var versionChangePositions: [(number: Int, position: Int)] {
        parts.enumerated().compactMap { position, part in
            if case .versionChange(let number) = part { return (number, position) }
            return nil
        }
    }
}
