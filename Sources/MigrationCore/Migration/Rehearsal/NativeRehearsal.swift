/// A rehearsal by `NativeExecutor`: the plan's statements and version rows, all in one
/// transaction that is rolled back at the end whatever happens, each statement timed
/// and counted, so that a failure shows before anything is applied.
///
/// It takes the same locks as a run (the caller holds the migration lock; SQLite's
/// `BEGIN IMMEDIATE` takes the write lock), reads the rows in its transaction, and
/// writes table copies from the tables as they are at that point of the transaction,
/// with the earlier steps' work in place.
struct NativeRehearsal {
    let plan: MigrationPlan
    let session: MigrationSession
    let bodies: LiveBodies
    let watch: PostgresLockWatch?
    let events: (MigrationEvent) -> Void

    private var db: any DatabaseConnection { session.connection }
    private var table: VersionTable { session.versionTable }

    mutating func run(into report: inout RehearsalReport) {
        let clock = ContinuousClock()
        let started = clock.now
        report.planned = plan.steps.count
        report.tableName = table.name
        defer {
            if db.isInTransaction { try? db.rollback() }
            report.seconds = Self.seconds(started.duration(to: clock.now))
            report.rowsAfter = (try? table.exists(on: db)) == true ? ((try? table.revisions(on: db)) ?? []) : []
            watch?.stop()
        }
        do {
            try db.begin()
            // The tables there are before anything of the rehearsal (its version table included).
            watch?.begin()
            _ = try table.createIfMissing(on: db)
            let rows = try table.existingRevisions(on: db)
            if let first = plan.steps.first, !RowCheck.same(rows, first.headsBefore) {
                report.failure = RehearsalReport.Failure(
                    index: 0, step: first,
                    error: DatabaseError(
                        .versionTable,
                        "the version table '\(table.name)' holds \(RunLedger.listing(rows)), where the plan starts from "
                            + RunLedger.listing(first.headsBefore)))
                return
            }
        } catch {
            report.failure = RehearsalReport.Failure(
                index: nil, step: nil, error: MigrationLock.explained(error, db.dialect, timeout: session.lockTimeout))
            return
        }
        // What the rows' read took is the transaction's before any statement.
        _ = watch?.newLocks()
        var endedEarly: String?
        for (index, step) in plan.steps.enumerated() {
            events(.stepStarted(index: index, step))
            let stepStarted = clock.now
            var rehearsed = RehearsalReport.Step(index: index, step: step)
            defer {
                rehearsed.seconds = Self.seconds(stepStarted.duration(to: clock.now))
                report.steps.append(rehearsed)
            }
            let statements: [LiveBody.Statement]
            do {
                statements = try bodies.statements(for: step, on: db)
            } catch {
                report.failure = RehearsalReport.Failure(index: index, step: step, path: step.revision?.path, error: error)
                return
            }
            // The statements up to one that cannot run in a transaction, then the version rows.
            var items: [Item] = []
            for (number, statement) in statements.enumerated() {
                // Raw SQL that commits or rolls back would end the transaction that keeps the
                // rehearsal from changing anything: the rehearsal stops before it.
                if let reason = statement.outsideTransaction
                    ?? OutsideTransaction.transactionControl(statement.sql).map({ "it runs \($0), which would end the rehearsal's transaction" })
                {
                    endedEarly =
                        "step \(index + 1) (\(step.shortLog)) line \(statement.line) must run outside a transaction "
                        + "(\(reason)), where a rehearsal cannot follow it: \(DatabaseError.excerpt(statement.sql))"
                    break
                }
                items.append(Item(statement: BatchStatement(statement.sql), number: number, line: statement.line,
                                  alone: !statement.isSingleCommand, change: nil))
            }
            if endedEarly == nil {
                items += step.versionChanges.map { change in
                    Item(statement: table.statement(change, db.dialect), number: nil, line: nil, alone: false, change: change)
                }
            }
            var start = 0
            while start < items.count {
                // PostgreSQL takes a run of statements in one round trip, timed on the server.
                var end = start + 1
                if db.sendsStatementsTogether && !items[start].alone {
                    while end < items.count && !items[end].alone { end += 1 }
                }
                let ran = db.sendsStatementsTogether && !items[start].alone
                    ? together(Array(items[start..<end]), step: step, index: index, count: statements.count, into: &rehearsed)
                    : alone(items[start], step: step, index: index, count: statements.count, into: &rehearsed)
                if let failure = ran {
                    report.failure = failure
                    return
                }
                start = end
            }
            if let endedEarly {
                report.endedEarly = endedEarly
                return
            }
            events(.stepApplied(index: index, step, statements: statements.count))
        }
    }

    /// One statement of a step to rehearse: the function's (numbered, with its line) or a
    /// version-row change; `alone` when it may hold several commands.
    struct Item {
        var statement: BatchStatement
        var number: Int?
        var line: Int?
        var alone: Bool
        var change: VersionChange?
    }

    /// Runs one statement and times it here.
    private func alone(_ item: Item, step: MigrationStep, index: Int, count: Int, into rehearsed: inout RehearsalReport.Step)
        -> RehearsalReport.Failure?
    {
        if let number = item.number { events(.statementStarted(index: index, number: number, count: count)) }
        let clock = ContinuousClock()
        let began = clock.now
        do {
            let rows = try db.execute(item.statement.sql, item.statement.parameters)
            if let change = item.change { try table.check(change, changed: rows) }
            rehearsed.statements.append(
                RehearsalReport.Statement(
                    sql: Self.inlined(item.statement), line: item.line, rows: rows,
                    seconds: Self.seconds(began.duration(to: clock.now)), locks: watch?.newLocks() ?? [],
                    waited: watch?.waited(item.statement.sql)))
            return nil
        } catch {
            return failure(item, error, step: step, index: index)
        }
    }

    /// Runs `items` in one round trip, each between two readings of the server's clock
    /// (and followed by the lock query, when there are tables to watch).
    private func together(
        _ items: [Item], step: MigrationStep, index: Int, count: Int, into rehearsed: inout RehearsalReport.Step
    ) -> RehearsalReport.Failure? {
        let clock = BatchStatement("SELECT extract(epoch FROM clock_timestamp())::text", returnsRows: true)
        var batch = [clock]
        var places: [(statement: Int, locks: Int?, after: Int)] = []
        let lockQuery = watch?.lockQuery
        for item in items {
            batch.append(item.statement)
            let at = batch.count - 1
            var locks: Int?
            if let lockQuery {
                batch.append(lockQuery)
                locks = batch.count - 1
            }
            batch.append(clock)
            places.append((at, locks, batch.count - 1))
        }
        let results: [BatchResult]
        do {
            results = try db.executeEach(batch) { position in
                if let i = places.firstIndex(where: { $0.statement == position }), let number = items[i].number {
                    events(.statementStarted(index: index, number: number, count: count))
                }
            }
        } catch {
            // What ran before the failure in the same round trip came back with it unread.
            let failed = places.lastIndex { $0.statement <= error.index } ?? 0
            for item in items[..<failed] {
                rehearsed.statements.append(
                    RehearsalReport.Statement(sql: Self.inlined(item.statement), line: item.line, rows: nil, seconds: nil))
            }
            return failure(items[failed], error.error, step: step, index: index)
        }
        func time(_ position: Int) -> Double {
            guard let row = results[position].rows.first, let text = row.first ?? nil else { return 0 }
            return Double(text) ?? 0
        }
        var previous = 0
        for (item, place) in zip(items, places) {
            let rows = results[place.statement].count
            if let change = item.change {
                do {
                    try table.check(change, changed: rows)
                } catch {
                    return failure(item, error, step: step, index: index)
                }
            }
            rehearsed.statements.append(
                RehearsalReport.Statement(
                    sql: Self.inlined(item.statement), line: item.line, rows: rows, seconds: max(0, time(place.after) - time(previous)),
                    locks: place.locks.map { watch?.newLocks(from: results[$0].rows) ?? [] } ?? [],
                    waited: watch?.waited(item.statement.sql)))
            previous = place.after
        }
        return nil
    }

    private func failure(_ item: Item, _ error: DatabaseError, step: MigrationStep, index: Int) -> RehearsalReport.Failure {
        var failed = error
        if let waited = watch?.waited(item.statement.sql) { failed.message += " (it waited \(waited))" }
        return RehearsalReport.Failure(
            index: index, step: step, path: item.change == nil ? step.revision?.path : nil, line: item.line, error: failed)
    }

    /// A version-row statement with its parameters written in, for the report.
    static func inlined(_ statement: BatchStatement) -> String {
        var sql = statement.sql
        for (i, value) in statement.parameters.enumerated().reversed() {
            sql = sql.replacingOccurrences(of: "$\(i + 1)", with: value.map { "'\($0)'" } ?? "NULL")
        }
        return sql
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
