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
        // The tables there are now, and what the rows' read took, before any statement.
        watch?.begin()
        var counter = 0
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
            for (number, statement) in statements.enumerated() {
                if let reason = statement.outsideTransaction {
                    report.endedEarly =
                        "step \(index + 1) (\(step.shortLog)) line \(statement.line) must run outside a transaction "
                        + "(\(reason)), where a rehearsal cannot follow it: \(DatabaseError.excerpt(statement.sql))"
                    return
                }
                events(.statementStarted(index: index, number: number, count: statements.count))
                counter += 1
                watch?.starting(counter)
                let began = clock.now
                do {
                    let rows = try db.execute(statement.sql)
                    rehearsed.statements.append(
                        RehearsalReport.Statement(
                            sql: statement.sql, line: statement.line, rows: rows,
                            seconds: Self.seconds(began.duration(to: clock.now)), locks: watch?.newLocks() ?? [],
                            waited: watch?.waited(counter)))
                } catch {
                    var failed = error
                    if let waited = watch?.waited(counter) { failed.message += " (it waited \(waited))" }
                    report.failure = RehearsalReport.Failure(
                        index: index, step: step, path: step.revision?.path, line: statement.line, error: failed)
                    return
                }
            }
            for change in step.versionChanges {
                let statement = table.statement(change, db.dialect)
                let began = clock.now
                do {
                    let rows = try db.execute(statement.sql, statement.parameters)
                    try table.check(change, changed: rows)
                    rehearsed.statements.append(
                        RehearsalReport.Statement(
                            sql: Self.inlined(statement), line: nil, rows: rows,
                            seconds: Self.seconds(began.duration(to: clock.now)), locks: watch?.newLocks() ?? []))
                } catch {
                    report.failure = RehearsalReport.Failure(index: index, step: step, error: error)
                    return
                }
            }
            events(.stepApplied(index: index, step, statements: statements.count))
        }
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
