import CPostgres
import Foundation

/// A migration's statements sent together, with libpq's pipeline mode.
///
/// Why: on a server across a network, or on a busy machine, each round trip costs more
/// than a small DDL statement takes the server to run; a migration of a table, an index
/// and its version row is four of them one by one, one in a pipeline. The server runs
/// the statements in order and stops at the first error (the others come back
/// "aborted"), so the failing statement is still known exactly.
extension PostgresConnection {
    /// Statements per pipeline: few enough that their results (a few bytes each) always
    /// fit in the socket's buffers, so the server never waits on a client that is still
    /// sending (libpq is in blocking mode).
    static let pipelineDepth = 64

    public func executeEach(_ statements: [BatchStatement], waiting: (Int) -> Void) throws(BatchFailure)
        -> [BatchResult]
    {
        var results: [BatchResult] = []
        var start = 0
        while start < statements.count {
            let end = min(start + Self.pipelineDepth, statements.count)
            results += try pipeline(statements[start..<end], waiting: waiting)
            start = end
        }
        return results
    }

    public var sendsStatementsTogether: Bool { true }

    /// `COMMIT`, `BEGIN` and the query in one round trip. A transaction that already
    /// failed is rolled back and reported by `commit()` instead, as a pipelined `COMMIT`
    /// would roll it back without a word.
    public func commit(thenBeginAndQuery sql: String) throws(BatchFailure) -> [[String?]] {
        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            do {
                try commit()
            } catch {
                throw BatchFailure(index: 0, error: error)
            }
        }
        let outcomes = try pipeline(
            [BatchStatement("COMMIT"), BatchStatement("BEGIN"), BatchStatement(sql)][...], waiting: { _ in })
        return outcomes[2].rows
    }

    /// `BEGIN` and the query in one round trip.
    public func begin(thenQuery sql: String) throws(DatabaseError) -> [[String?]] {
        do {
            return try pipeline([BatchStatement("BEGIN"), BatchStatement(sql)][...], waiting: { _ in })[1].rows
        } catch {
            throw error.error
        }
    }

    private func pipeline(_ statements: ArraySlice<BatchStatement>, waiting: (Int) -> Void) throws(BatchFailure)
        -> [BatchResult]
    {
        let first = statements.startIndex
        guard let handle else {
            throw BatchFailure(index: first, error: DatabaseError(.statement, "the PostgreSQL connection is closed"))
        }
        func connectionError(_ index: Int) -> BatchFailure {
            BatchFailure(
                index: index,
                error: DatabaseError(
                    .statement, DatabaseError.oneLine(String(cString: PQerrorMessage(handle))),
                    statement: statements[index].sql))
        }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(first) }
        defer { PQexitPipelineMode(handle) }

        var sent = first
        while sent < statements.endIndex && send(statements[sent], on: handle) { sent += 1 }
        let sendFailure = sent < statements.endIndex ? connectionError(sent) : nil
        guard PQpipelineSync(handle) == 1 else { throw sendFailure ?? connectionError(first) }

        // Each statement's results end with a null; after a failure the rest come back
        // PGRES_PIPELINE_ABORTED. Every result must be read before the pipeline ends.
        var outcomes: [BatchResult] = []
        var failure: BatchFailure?
        for index in first..<sent {
            if failure == nil { waiting(index) }
            var answered = false
            while let result = PQgetResult(handle) {
                answered = true
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                    outcomes.append(
                        BatchResult(count: Int(String(cString: PQcmdTuples(result))) ?? 0, rows: Self.rows(of: result)))
                case PGRES_PIPELINE_ABORTED:
                    break
                default:
                    if failure == nil {
                        failure = BatchFailure(
                            index: index, error: Self.error(result, handle: handle, statements[index].sql))
                    }
                }
                PQclear(result)
            }
            if !answered && failure == nil { failure = connectionError(index) }
        }
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        if let failure = failure ?? sendFailure { throw failure }
        return outcomes
    }

    /// Queues one statement (extended protocol, text in and out); false when libpq cannot.
    private func send(_ statement: BatchStatement, on handle: OpaquePointer) -> Bool {
        var values = statement.parameters.map { $0.map { strdup($0) } ?? nil }
        defer { values.forEach { free($0) } }
        return values.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                PQsendQueryParams(
                    handle, statement.sql, Int32(statement.parameters.count), nil, pointers.baseAddress, nil, nil, 0)
            }
        } == 1
    }
}
