import Foundation

/// `upgrade`, `downgrade` and `stamp` on a live database: connect, read the version
/// table, plan, ready every step (exit 3 before anything is applied), show the plan and
/// ask, take the migration lock, read the rows again and plan again, then run.
public enum LiveMigration {
    public enum Request: Sendable {
        case upgrade(String)
        case downgrade(String)
        case stamp([String], purge: Bool)

        /// Whether the run deletes every row first (`stamp --purge`).
        public var purges: Bool {
            if case .stamp(_, purge: true) = self { return true }
            return false
        }

        var name: String {
            switch self {
            case .upgrade: return "upgrade"
            case .downgrade: return "downgrade"
            case .stamp: return "stamp"
            }
        }

        /// The plan from the rows `current`; a plan the rows and graph disagree on is a
        /// project error (exit 2).
        func plan(_ graph: RevisionGraph, from current: [String]) throws -> MigrationPlan {
            do {
                switch self {
                case .upgrade(let target): return try MigrationPlan.upgrade(graph, to: target, from: current)
                case .downgrade(let target): return try MigrationPlan.downgrade(graph, to: target, from: current)
                case .stamp(let targets, let purge):
                    return try MigrationPlan.stamp(graph, to: targets, from: current, purge: purge)
                }
            } catch let error as MigrationPlanError {
                throw CommandFailure(.project, error.message)
            }
        }
    }

    public struct Settings: Sendable {
        public var table = VersionTable()
        public var transactions = TransactionMode.perMigration
        /// Seconds to wait for another run's lock (PostgreSQL's advisory lock, SQLite's
        /// write lock), and for a PostgreSQL statement's table lock (`lock_timeout`).
        public var lockTimeout: Double = 60
        /// `--yes`: apply without asking.
        public var assumeYes = false
        /// `--rehearse` / `--rehearse-on-copy`: run the plan in a transaction that is
        /// rolled back, instead of applying it.
        public var rehearsal: RehearsalMode?
        public var currentDirectory = FileManager.default.currentDirectoryPath
        /// Where the URL came from, when the user did not type it (`$DATABASE_URL, read by env.py`).
        public var databaseSource: String?
        /// env.py's session settings, made on every connection (see `ConnectOptions`).
        public var sessionStatements: [String] = []
        /// Asked after each step: true stops the run there (the first Ctrl-C).
        public var shouldStop: @Sendable () -> Bool = { false }

        public init() {}
    }

    /// Asks the user to confirm the plan just printed; nil when there is no terminal.
    public typealias Confirm = (_ question: String) -> Bool

    /// Makes the executor for a database (Retort's own unless a caller says otherwise),
    /// given its URL and, for PostgreSQL, the server's version.
    public typealias MakeExecutor = (RevisionGraph, DatabaseURL, _ serverVersion: Int?) -> any MigrationExecutor

    public static func run(
        _ request: Request, graph: RevisionGraph, url: DatabaseURL, settings: Settings, confirm: Confirm?,
        makeExecutor: MakeExecutor = { graph, url, version in
            NativeExecutor(bodies: LiveBodies(graph: graph, dialect: url.dialect, serverVersion: version))
        },
        to out: inout some TextOutputStream
    ) throws {
        let options = connectOptions(request, settings)
        let table = settings.table

        // Planned from a read-only look, so that a plan declined changes nothing at all
        // (not even an SQLite file made).
        func lookAndPlan() throws -> (FirstLook, MigrationPlan, any MigrationExecutor, [StepPreview], DriftReport?) {
            try withFirstLook(
                url, options, table, graph, purging: request.purges
            ) { look, live -> (FirstLook, MigrationPlan, any MigrationExecutor, [StepPreview], DriftReport?) in
                let plan = try request.plan(graph, from: look.rows)
                let executor = makeExecutor(graph, url, look.serverVersion)
                let previews = try executor.prepare(plan.steps, live: live)
                if let refusal = previews.refusalFailure(dialect: url.dialect, hint: executor.refusalHint) { throw refusal }
                let drift = try driftReport(
                    plan, previews: previews, rows: look.rows, graph: graph, url: url, live: live, table: table)
                return (look, plan, executor, previews, drift)
            }
        }
        var (look, planned, executor, previews, drift) = try lookAndPlan()
        // The rows and the tables are read one after the other, without a lock: another
        // run may have moved both in between, which looks like drift. When the rows moved
        // meanwhile, the look is made again from them.
        for _ in 0..<2 {
            guard let found = drift, !found.blockers.isEmpty else { break }
            let rowsNow = try withFirstLook(url, options, table, graph, purging: request.purges) { look, _ in look.rows }
            guard !RowCheck.same(rowsNow, look.rows) else { break }
            (look, planned, executor, previews, drift) = try lookAndPlan()
        }
        var plan = planned
        guard !plan.steps.isEmpty || plan.purge else {
            out.write("Nothing to do: \(table.name) holds \(LivePlanText.rows(look.rows)).\n")
            return
        }
        var context = LivePlanText.Context(
            database: url.masked + (settings.databaseSource.map { " (\($0))" } ?? ""), table: table, dialect: url.dialect, transactions: settings.transactions,
            tableExists: look.tableExists)
        context.rehearsal = settings.rehearsal != nil
        out.write(LivePlanText.render(plan, previews: previews, graph: graph, context, drift: drift))
        if let drift, !drift.blockers.isEmpty {
            throw CommandFailure(
                .database,
                "the database is not as this plan needs it, so nothing was applied:\n"
                    + drift.blockers.map { "  " + $0 }.joined(separator: "\n"))
        }
        if let mode = settings.rehearsal {
            // Nothing is applied, so nothing is asked.
            let report = try rehearse(
                request, plan: plan, plannedRows: look.rows, executor: executor, graph: graph, url: url, settings: settings,
                mode: mode,
                waiting: {
                    out.write(
                        "Waiting for another migration run to finish (at most \(MigrationLock.seconds(settings.lockTimeout)))...\n")
                }, events: { _ in })
            out.write(report.lines.joined(separator: "\n") + "\n")
            if let failure = report.failure {
                throw CommandFailure(
                    .database,
                    "the rehearsal failed at " + (failure.step.map { $0.shortLog } ?? "its start") + "; nothing was applied")
            }
            return
        }
        if !settings.assumeYes {
            guard let confirm else {
                throw CommandFailure(
                    .declined,
                    "not applied: \(request.name) asks for confirmation on a terminal; pass --yes to apply without one")
            }
            guard confirm("Apply this plan? Type y to confirm: ") else {
                throw CommandFailure(.declined, "not applied: the plan was not confirmed")
            }
        }

        var progress = LiveProgress()
        let outcome: MigrationOutcome
        do {
            (outcome, plan) = try apply(
                request, plan: plan, plannedRows: look.rows, executor: executor, graph: graph, url: url,
                settings: settings,
                waiting: {
                    out.write(
                        "Waiting for another migration run to finish (at most \(MigrationLock.seconds(settings.lockTimeout)))...\n")
                },
                replanned: { rowsNow, steps in
                    out.write(
                        "\(table.name) changed meanwhile (it now holds \(LivePlanText.rows(rowsNow))): "
                            + "\(LivePlanText.count(steps, "step")) left to run\n")
                },
                events: { event in progress.report(event, graph: graph, to: &out) }, shouldStop: settings.shouldStop)
        } catch let error as MigrationRunError {
            progress.endLine(to: &out)
            throw CommandFailure(.database, error.description)
        }
        progress.endLine(to: &out)
        let noun = request.name == "stamp" ? "step" : "migration"
        var summary = "Done: \(LivePlanText.count(outcome.applied, noun)) applied"
        if outcome.skipped > 0 { summary += ", \(outcome.skipped) already applied by another run" }
        var holds = plan.finalHeads
        if outcome.stoppedEarly {
            // Stopped: the rows are those the first step not run would have started from.
            let done = outcome.applied + outcome.skipped
            if done < plan.steps.count { holds = plan.steps[done].headsBefore }
            summary = "Stopped by Ctrl-C: " + summary.dropFirst("Done: ".count)
                + ", \(LivePlanText.count(plan.steps.count - done, noun)) not run"
        }
        out.write(summary + "; \(table.name) holds \(LivePlanText.rows(holds)).\n")
    }

    /// The drift of the tables `plan` touches; nil for a stamp, which touches none.
    public static func driftReport(
        _ plan: MigrationPlan, previews: [StepPreview], rows: [String], graph: RevisionGraph, url: DatabaseURL,
        live: LiveTableCache, table: VersionTable
    ) throws -> DriftReport? {
        // Retort does not read MySQL's tables: no drift is claimed either way.
        guard plan.command != .stamp, !plan.steps.isEmpty, url.dialect.rendersNatively else { return nil }
        do {
            return try DriftReport.make(
                steps: plan.steps, previews: previews, rows: rows, graph: graph, dialect: url.dialect, live: live,
                versionTable: table.name)
        } catch {
            throw CommandFailure(.database, "cannot read the tables of \(url.masked) the plan touches: \(error.summary)")
        }
    }

    /// The options a run connects with.
    public static func connectOptions(_ request: Request, _ settings: Settings) -> ConnectOptions {
        var options = ConnectOptions()
        options.currentDirectory = settings.currentDirectory
        options.busyTimeout = settings.lockTimeout
        options.lockTimeout = settings.lockTimeout
        options.applicationName = "retort \(request.name)"
        options.sessionStatements = settings.sessionStatements
        return options
    }

    /// What runs once the plan is confirmed, for the command line and the browser alike:
    /// connect, take the migration lock, read the rows again (a plan that another run made
    /// out of date is refused unless `assumeYes`), then run, reporting each event. Throws
    /// `MigrationRunError` when a step fails, `CommandFailure` otherwise.
    public static func apply(
        _ request: Request, plan: MigrationPlan, plannedRows: [String], executor: any MigrationExecutor,
        graph: RevisionGraph, url: DatabaseURL, settings: Settings, waiting: () -> Void,
        replanned: (_ rows: [String], _ steps: Int) -> Void, events: (MigrationEvent) -> Void,
        shouldStop: @escaping () -> Bool = { false }
    ) throws -> (outcome: MigrationOutcome, plan: MigrationPlan) {
        let options = connectOptions(request, settings)
        let table = settings.table
        var plan = plan
        let (connection, lock) = try connectAndLock(url, options, settings, waiting: waiting)
        defer {
            lock?.release()
            connection.close()
        }

        // Another run may have moved the rows while this one was asking or waiting.
        let rowsNow = try readRows(connection, table, graph, purging: request.purges)
        if !RowCheck.same(rowsNow, plannedRows) {
            let replan = try request.plan(graph, from: rowsNow)
            let known = Set(plan.steps.map(StepIdentity.init))
            let novel = replan.steps.filter { !known.contains(StepIdentity($0)) }
            if !novel.isEmpty && !settings.assumeYes {
                throw CommandFailure(
                    .database,
                    "not applied: \(table.name) changed while this run waited (it now holds "
                        + LivePlanText.rows(rowsNow) + "), so the plan shown is out of date; run the command again")
            }
            replanned(rowsNow, replan.steps.count)
            plan = replan
            let previews = try executor.prepare(plan.steps, live: LiveTableCache(reader: LiveSchema.reader(connection)))
            if let refusal = previews.refusalFailure(dialect: url.dialect, hint: executor.refusalHint) { throw refusal }
        }

        var session = MigrationSession(
            connection: connection, versionTable: table, transactions: settings.transactions,
            lockTimeout: settings.lockTimeout)
        session.shouldStop = shouldStop
        return (try executor.run(plan, in: session, events: events), plan)
    }

    /// The run's connection and the migration lock (nil on SQLite, whose transactions
    /// serialise on the file), waiting for another run's lock up to the lock timeout.
    static func connectAndLock(
        _ url: DatabaseURL, _ options: ConnectOptions, _ settings: Settings, waiting: () -> Void
    ) throws -> (any DatabaseConnection, MigrationLock?) {
        let connection: any DatabaseConnection
        do {
            connection = try url.connect(options)
        } catch {
            throw CommandFailure(.database, error.description)
        }
        do {
            let lock = try MigrationLock.acquire(
                url, table: settings.table, options: options, timeout: settings.lockTimeout, waiting: waiting)
            return (connection, lock)
        } catch {
            connection.close()
            throw error
        }
    }

    /// What the database holds before anything is asked, read without writing.
    public struct FirstLook: Sendable {
        public var rows: [String] = []
        public var tableExists = false
        public var serverVersion: Int?
    }

    /// `purging`: the rows are about to be deleted (`stamp --purge`), so rows no script
    /// has, or held twice, are read without complaint.
    public static func firstLook(
        _ url: DatabaseURL, _ options: ConnectOptions, _ table: VersionTable, _ graph: RevisionGraph, purging: Bool = false
    ) throws -> FirstLook {
        try withFirstLook(url, options, table, graph, purging: purging) { look, _ in look }
    }

    /// The first look, and `body` given it and the database's tables to read, on the
    /// same read-only connection, which is closed afterwards.
    public static func withFirstLook<T>(
        _ url: DatabaseURL, _ options: ConnectOptions, _ table: VersionTable, _ graph: RevisionGraph, purging: Bool = false,
        _ body: (FirstLook, LiveTableCache) throws -> T
    ) throws -> T {
        var readOnly = options
        readOnly.readOnly = true
        let connection: any DatabaseConnection
        do {
            connection = try url.connect(readOnly)
        } catch where error.kind == .missingFile {
            // Nothing to read: the run creates the file, as Alembic's would.
            return try body(FirstLook(), LiveTableCache(reader: EmptyDatabaseReader()))
        } catch {
            throw CommandFailure(.database, error.description)
        }
        defer { connection.close() }
        let look = FirstLook(
            rows: try readRows(connection, table, graph, purging: purging), tableExists: try readExists(connection, table),
            serverVersion: (connection as? PostgresConnection)?.serverVersion)
        return try body(look, LiveTableCache(reader: LiveSchema.reader(connection), connection: connection))
    }

    /// The version table's rows; ids no script has are exit 2, a row held twice exit 4.
    static func readRows(_ connection: any DatabaseConnection, _ table: VersionTable, _ graph: RevisionGraph, purging: Bool = false)
        throws -> [String]
    {
        let rows: [String]
        do {
            rows = try table.revisions(on: connection)
        } catch {
            throw CommandFailure(
                .database, "cannot read the version table '\(table.name)' of \(connection.url.masked): \(error.summary)")
        }
        if purging { return rows }
        let unknown = rows.filter { graph.indexByID[$0] == nil }
        if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: table) }
        var seen = Set<String>()
        if let twice = rows.first(where: { !seen.insert($0).inserted }) {
            let times = rows.filter { $0 == twice }.count
            throw CommandFailure(
                .database,
                "the version table '\(table.name)' holds '\(twice)' \(times) times, where Alembic keeps one row per head; "
                    + "nothing was applied (delete the extra rows, or `stamp --purge` the right revisions)")
        }
        return rows
    }

    private static func readExists(_ connection: any DatabaseConnection, _ table: VersionTable) throws -> Bool {
        do {
            return try table.exists(on: connection)
        } catch {
            throw CommandFailure(.database, "cannot read the catalogue of \(connection.url.masked): \(error.summary)")
        }
    }


    /// What makes two planned steps the same work.
    struct StepIdentity: Hashable {
        var action: String
        var node: Int?
        var from: [String]
        var to: [String]

        init(_ step: MigrationStep) {
            action = step.name
            node = step.node
            from = step.fromRevisions
            to = step.toRevisions
        }
    }
}
