import Foundation

/// The second engine: runs steps through the project's own Alembic and env.py, in the
/// helper process started under the project's Python.
///
/// Each step is one run of env.py, as `alembic upgrade` would make it, with Alembic's
/// work function replaced by one that returns just that step: env.py's connection
/// set-up, transactions and version table are its own. So every step commits on its
/// own, whatever env.py's transaction settings, and a run can stop between two steps.
/// Before the step runs, the helper reads the version rows on env.py's connection (on
/// SQLite after taking the file's write lock with `BEGIN IMMEDIATE`, which also makes
/// the step's DDL transactional); rows other than the step's starting rows come back
/// unrun, and the run goes on as the native engine's would (skip what another run
/// applied, stop when the rows match no step). On PostgreSQL the command holds the
/// migration lock for the whole run, as for the native engine.
public final class AlembicExecutor: MigrationExecutor {
    let bridge: BridgeProcess
    /// The URL the plan was made against: env.py must connect to this database.
    let url: DatabaseURL
    /// Why each step goes through Alembic, by step (for previews).
    var reasons: [LiveMigration.StepIdentity: String] = [:]
    /// Steps of the same run applied before this executor's stretch (by the other engine),
    /// for the "what stays applied" sentence.
    var appliedBefore = 0
    /// Steps this executor applied in the current run.
    private var appliedNow = 0
    /// The statements each step sent, in order (what the progress line counts).
    public private(set) var statementsSent: [Int: [String]] = [:]

    /// Alembic's offline SQL of the functions it runs, for the previews.
    let offline: AlembicPreviews
    /// Whether previews carry that SQL (the browser's dialog shows it; the command
    /// line's plan does not, and a long plan need not wait for it).
    public var writesOfflineSQL = false

    public init(bridge: BridgeProcess, url: DatabaseURL) {
        self.bridge = bridge
        self.url = url
        offline = AlembicPreviews(bridge: bridge)
    }

    /// Records why `step` goes through Alembic (shown in its preview).
    func route(_ step: MigrationStep, reason: String) {
        reasons[LiveMigration.StepIdentity(step)] = reason
    }

    public func prepare(_ steps: [MigrationStep], live: LiveTableCache?) throws -> [StepPreview] {
        if !steps.isEmpty { try loadScripts() }
        return steps.map { step in
            var preview = StepPreview(statementCount: step.action == .stamp ? 0 : nil)
            preview.throughAlembic = reasons[LiveMigration.StepIdentity(step)] ?? "--engine alembic"
            // What Alembic's offline mode writes for it, when it can (not for a function
            // that reads the database): shown as such, the run sends what env.py's run sends.
            if writesOfflineSQL, let revision = step.revision,
                case .success(let statements) = offline.statements(
                    revision.id, step.action == .upgrade ? .upgrade : .downgrade, dialect: url.dialect)
            {
                preview.statements = statements
            }
            return preview
        }
    }

    private var loaded = false

    /// Has the project's Alembic import every revision script once, so that a script it
    /// cannot import (a module of the application missing) refuses the plan before
    /// anything is applied, rather than in the middle of it.
    func loadScripts() throws {
        guard !loaded else { return }
        let answer: BridgeMessage
        do {
            answer = try bridge.request(["op": "load"], until: { $0.event == "loaded" || $0.event == "failed" })
        } catch {
            throw CommandFailure(.project, "the project's Python cannot load the revision scripts: \(error); nothing was applied")
        }
        if let error = answer.object("error") ?? (answer.event == "failed" ? answer : nil) {
            throw CommandFailure(
                .project,
                "the project's Alembic cannot load the revision scripts: \(EnvCapture.failureText(error)); nothing was applied")
        }
        loaded = true
    }

    public func run(_ plan: MigrationPlan, in session: MigrationSession, events: (MigrationEvent) -> Void) throws
        -> MigrationOutcome
    {
        guard session.transactions != .all || plan.steps.count <= 1 else {
            throw CommandFailure(
                .uninterpretable,
                "not supported yet: --transaction all with steps that run through the project's Alembic "
                    + "(each runs in a transaction of its own); nothing was applied")
        }
        var outcome = MigrationOutcome()
        appliedNow = 0
        var index = 0
        while index < plan.steps.count {
            switch try runStretch(plan, from: index, session: session, events: events, outcome: &outcome) {
            case .finished:
                return outcome
            case .stopped:
                outcome.stoppedEarly = true
                return outcome
            case .notRun(let at, let rows):
                switch RowCheck.resume(rows: rows, plan: plan, at: at) {
                case .run:
                    throw failure(
                        plan.steps[at], at, session: session,
                        error: DatabaseError(.versionTable, "env.py's run did not apply the step"))
                case .skip(let range):
                    events(.stepsSkipped(range))
                    outcome.skipped += range.count
                    index = range.upperBound
                case .done(let range):
                    events(.stepsSkipped(range))
                    outcome.skipped += range.count
                    return outcome
                case .moved:
                    throw failure(
                        plan.steps[at], at, session: session,
                        error: DatabaseError(
                            .versionTable,
                            "the version table holds \(LivePlanText.rows(rows)), where this step starts from "
                                + "\(LivePlanText.rows(plan.steps[at].headsBefore)): another run moved it"))
                }
            }
        }
        return outcome
    }

    enum StretchResult {
        case finished
        case stopped
        /// Step `at` did not run: the version rows were these.
        case notRun(at: Int, rows: [String])
    }

    /// Runs the steps from `start` on in one env.py run, answering the helper's "ready"
    /// before each step (go on, or stop: the browser's Ctrl-C).
    func runStretch(
        _ plan: MigrationPlan, from start: Int, session: MigrationSession, events: (MigrationEvent) -> Void,
        outcome: inout MigrationOutcome
    ) throws -> StretchResult {
        var request: [String: Any] = [
            "op": "run", "database": Self.identity(url), "version_table": session.versionTable.name,
            "steps": plan.steps[start...].enumerated().compactMap { offset, step -> [String: Any]? in
                guard let revision = step.revision else { return nil }
                return [
                    "index": start + offset, "revision": revision.id, "upgrade": step.action == .upgrade,
                    "before": step.headsBefore,
                ]
            },
        ]
        if let schema = session.versionTable.schema { request["version_table_schema"] = schema }
        let mark = bridge.logMark
        var sent: [String] = []
        var current = start
        var ready = start
        do {
            try bridge.send(request)
            while true {
                let message = try bridge.next()
                switch message.event {
                case "ready":
                    let index = message.int("index") ?? current
                    ready = index
                    let stop = index > 0 && session.shouldStop()
                    try bridge.send(["op": stop ? "stop" : "go"])
                case "step_started":
                    current = message.int("index") ?? current
                    sent = []
                    events(.stepStarted(index: current, plan.steps[current]))
                case "statement" where message.bool("version_rows") != true:
                    events(.statementStarted(index: current, number: sent.count, count: 0))
                    sent.append(message.string("sql") ?? "")
                case "step_done":
                    let index = message.int("index") ?? current
                    statementsSent[index] = sent
                    // What env.py's run committed must be on the database the plan is for.
                    let expected = index + 1 < plan.steps.count ? plan.steps[index + 1].headsBefore : plan.finalHeads
                    let rows = try? session.versionTable.revisions(on: session.connection)
                    if let rows, !RowCheck.same(rows, expected) {
                        throw failure(
                            plan.steps[index], index, session: session,
                            error: DatabaseError(
                                .versionTable,
                                "the project's Alembic reported the step applied, but \(session.versionTable.name) holds "
                                    + "\(LivePlanText.rows(rows)), not \(LivePlanText.rows(expected)): env.py may have migrated another database"))
                    }
                    outcome.applied += 1
                    appliedNow += 1
                    events(.stepApplied(index: index, plan.steps[index], statements: sent.count))
                case "run_ended":
                    switch message.string("outcome") {
                    case "stopped": return .stopped
                    case "not_run": return .notRun(at: ready, rows: message.strings("heads") ?? [])
                    default: return .finished
                    }
                case "failed":
                    let index = message.int("index") ?? current
                    let at = message.object("where")
                    let failing = message.string("statement")
                    throw failure(
                        plan.steps[index], index, session: session, error: Self.databaseError(message),
                        path: at?.string("path"), line: at?.int("line"), log: bridge.log(since: mark),
                        fileLock: message.bool("file_lock"),
                        ranBefore: failing != nil && sent.last == failing ? Array(sent.dropLast()) : sent)
                default:
                    continue
                }
            }
        } catch let error as BridgeProcess.Failure {
            throw failure(
                plan.steps[current], current, session: session, error: DatabaseError(.statement, "\(error)"),
                log: bridge.log(since: mark))
        }
    }

    /// A failure the helper reported, as a database error: the database's own message when
    /// a statement failed, else the exception (with where it was raised, when not in a script).
    static func databaseError(_ failure: BridgeMessage) -> DatabaseError {
        let exception = (failure.string("exception") ?? "error").split(separator: ".").last.map(String.init) ?? "error"
        let message =
            failure.string("database_message")
            ?? (failure.object("where") == nil
                ? EnvCapture.failureText(failure) : "\(exception): \(failure.string("message") ?? "")")
        return DatabaseError(.statement, message, statement: failure.string("statement"))
    }

    /// A statement's parameters as the report shows them (`('ada', 1)`); nil when there are none.
    static func parameters(_ value: Any) -> String? {
        func literal(_ item: Any) -> String {
            switch item {
            case let text as String: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case is NSNull: return "None"
            case let list as [Any]: return "(" + list.map(literal).joined(separator: ", ") + ")"
            case let object as [String: Any]:
                return "{" + object.keys.sorted().map { "'\($0)': " + literal(object[$0] ?? NSNull()) }.joined(separator: ", ") + "}"
            default: return "\(item)"
            }
        }
        if let list = value as? [Any], list.isEmpty { return nil }
        if let object = value as? [String: Any], object.isEmpty { return nil }
        if value is NSNull { return nil }
        return literal(value)
    }

    /// What names the database env.py must connect to (no password): the helper
    /// compares it with the engine env.py builds, and refuses the step when they differ.
    static func identity(_ url: DatabaseURL) -> [String: Any] {
        var identity = url.sqlalchemyParts(password: false).filter { ["database", "host", "port", "username"].contains($0.key) }
        identity["backend"] = url.backendName
        return identity
    }

    /// The error for a failed step, saying what stays applied from the rows read again.
    func failure(
        _ step: MigrationStep, _ index: Int, session: MigrationSession, error: DatabaseError, path: String? = nil,
        line: Int? = nil, log: String = "", fileLock: Bool? = nil, ranBefore: [String] = []
    ) -> MigrationRunError {
        let table = session.versionTable
        let rows = try? table.revisions(on: session.connection)
        let applied = appliedBefore + appliedNow
        var state =
            applied == 0
            ? "no step of this run stays applied"
            : "the \(LivePlanText.count(applied, "step")) of this run before it stay applied"
        let committedDDL = session.connection.dialect == .mysql ? ranBefore.filter(Self.commitsImplicitly) : []
        if !committedDDL.isEmpty {
            // MySQL commits each DDL statement as it runs: no rollback undoes these.
            state +=
                "; MySQL committed the DDL the failed step ran before the failure, which stays applied "
                + "(its version row was not written; the rest of its transaction was rolled back): "
                + committedDDL.enumerated().map { "\($0.offset + 1). \(DatabaseError.excerpt($0.element))" }.joined(
                    separator: "; ")
        } else {
            state += "; the failed step's transaction was rolled back"
        }
        if let rows { state += "; \(table.name) holds \(LivePlanText.rows(rows))" }
        if session.connection.dialect == .sqlite, fileLock == false {
            state += "; SQLite ran the step without a transaction of Retort's, so its statements before the failure may remain"
        }
        let logLines = log.split(separator: "\n").suffix(12).joined(separator: "\n    ")
        if !logLines.isEmpty { state += "\n  env.py's output:\n    " + logLines }
        return MigrationRunError(step: step, index: index, path: path, line: line, error: error, state: state)
    }

    /// Whether MySQL commits `sql` as it runs it (its DDL: the statements that cause an
    /// implicit commit, which no rollback undoes).
    static func commitsImplicitly(_ sql: String) -> Bool {
        let first = sql.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(while: { $0.isLetter }).uppercased()
        return ["CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE"].contains(first)
    }

    /// Runs the whole plan through env.py once, every step in one transaction that is
    /// rolled back at the end (on SQLite an explicit `BEGIN IMMEDIATE` from before the
    /// version table is made, since Alembic's SQLite DDL is not transactional), with every
    /// statement Alembic sends, its rows and its time. A statement that cannot run in a
    /// transaction (`autocommit_block`) ends it there.
    public func rehearse(
        _ plan: MigrationPlan, in session: MigrationSession, report: RehearsalReport, watchLocks: LockWatchSettings?,
        events: (MigrationEvent) -> Void
    ) -> RehearsalReport {
        var report = report
        report.planned = plan.steps.count
        report.engine = "through the project's Alembic"
        report.tableName = session.versionTable.name
        let started = Date()
        var request: [String: Any] = [
            "op": "rehearse", "before": plan.startingHeads, "database": Self.identity(url),
            "version_table": session.versionTable.name,
            "steps": plan.steps.enumerated().compactMap { index, step -> [String: Any]? in
                guard let revision = step.revision else { return nil }
                return ["index": index, "revision": revision.id, "upgrade": step.action == .upgrade]
            },
        ]
        if let schema = session.versionTable.schema { request["version_table_schema"] = schema }
        var current: RehearsalReport.Step?
        var pending: RehearsalReport.Statement?
        var stepStarted = Date()
        func close() {
            if let statement = pending { current?.statements.append(statement) }
            pending = nil
            if var step = current {
                step.seconds = Date().timeIntervalSince(stepStarted)
                report.steps.append(step)
            }
            current = nil
        }
        let mark = bridge.logMark
        do {
            let answer = try bridge.request(
                request, until: { $0.event == "rehearsed" || $0.event == "failed" },
                events: { message in
                    switch message.event {
                    case "step_started":
                        close()
                        let index = message.int("index") ?? 0
                        stepStarted = Date()
                        current = RehearsalReport.Step(index: index, step: plan.steps[index])
                        events(.stepStarted(index: index, plan.steps[index]))
                    case "statement":
                        if let statement = pending { current?.statements.append(statement) }
                        var sql = message.string("sql") ?? ""
                        if let parameters = message.fields["parameters"], let text = Self.parameters(parameters) {
                            sql += " -- with " + text
                        }
                        pending = RehearsalReport.Statement(
                            sql: sql, line: message.bool("version_rows") == true ? nil : message.int("line"))
                    case "statement_done":
                        pending?.rows = message.int("rows").flatMap { $0 >= 0 ? $0 : nil }
                        pending?.seconds = message.double("seconds")
                    default:
                        break
                    }
                })
            if answer.event == "failed" {
                if let statement = pending { current?.statements.append(statement) }
                pending = nil
                let at = answer.object("where")
                let index = answer.int("index")
                report.failure = RehearsalReport.Failure(
                    index: index, step: index.map { plan.steps[$0] }, path: at?.string("path"), line: at?.int("line"),
                    error: Self.databaseError(answer))
                close()
            } else {
                close()
                if let early = answer.int("ended_early") {
                    report.endedEarly =
                        "step \(early + 1) (\(plan.steps[early].shortLog)) "
                        + (answer.string("reason") ?? "runs a statement outside a transaction")
                } else if answer.bool("moved") == true {
                    report.failure = RehearsalReport.Failure(
                        index: nil, step: nil, path: nil, line: nil,
                        error: DatabaseError(
                            .versionTable,
                            "the version table holds \(LivePlanText.rows(answer.strings("heads") ?? [])), not what the plan starts from"))
                }
            }
        } catch {
            close()
            report.failure = RehearsalReport.Failure(
                index: nil, step: nil, path: nil, line: nil,
                error: DatabaseError(.statement, "\(error)" + bridge.log(since: mark).suffix(400)))
        }
        report.seconds = Date().timeIntervalSince(started)
        let table = session.versionTable
        report.rowsAfter = (try? table.exists(on: session.connection)) == true ? ((try? table.revisions(on: session.connection)) ?? []) : []
        return report
    }
}
