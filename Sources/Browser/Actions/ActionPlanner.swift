import MigrationCore

/// The one path from a key to a confirmation: the plan from the database's rows and the
/// selected revision, readied by the engine (`MigrationExecutor`) for the connected
/// database, shown as a `ConfirmationDialog` with its SQL, which engine runs each step,
/// and what it destroys (row counts read live). Nothing here knows which engine it is.
public enum ActionPlanner {
    /// A plan waiting for its confirmation, with everything needed to run it.
    public struct Planned {
        public var action: BrowserAction
        public var request: LiveMigration.Request
        public var plan: MigrationPlan
        /// The rows the plan was made from: a run refuses when they moved meanwhile.
        public var rows: [String]
        public var url: DatabaseURL
        public var executor: any MigrationExecutor
        /// What each step will do, as the executor readied it.
        public var previews: [StepPreview]
        public var dialog: ConfirmationDialog
    }

    /// Plans `action` on the revision `node`; throws a `CommandFailure` when there is
    /// nothing to do or the database cannot be read (the browser shows its message).
    public static func plan(
        _ action: BrowserAction, node: Int, graph: RevisionGraph, url: DatabaseURL,
        settings: LiveMigration.Settings = LiveMigration.Settings(), makeExecutor: LiveMigration.MakeExecutor = native
    ) throws -> Planned {
        let options = LiveMigration.connectOptions(.upgrade(""), settings)
        // A stamp may purge rows no script has, so it reads them without complaint.
        var (look, request, planned) = try LiveMigration.withFirstLook(
            url, options, settings.table, graph, purging: action == .stamp
        ) { look, live in
            let (request, plan) = try action.plan(node: node, graph: graph, rows: look.rows)
            let planned = try prepare(
                action, request, plan, title: action.title(plan, graph: graph, node: node), look: look, live: live,
                graph: graph, url: url, settings: settings, makeExecutor: makeExecutor)
            return (look, request, planned)
        }
        if case .stamp(_, purge: true) = request {
            // The rows conflict with the stamp: it runs as `stamp --purge`, which the user
            // must mean, so it is called out and confirmed by typing `purge`.
            planned.dialog.title += " with --purge"
            planned.dialog.isDestructive = true
            planned.dialog.warningLines.insert(
                StyledLine(
                    "! the rows \(LivePlanText.rows(look.rows)) conflict with this stamp: every row of "
                        + "\(settings.table.name) is deleted first (--purge)", role: "destructive"), at: 0)
            planned.dialog.confirmationWord = "purge"
        }
        return planned
    }

    /// Plans `upgrade target` (`heads`, `label@head`, an id): the `b` picker's choice.
    public static func plan(
        upgradeTo target: String, graph: RevisionGraph, url: DatabaseURL,
        settings: LiveMigration.Settings = LiveMigration.Settings(), makeExecutor: LiveMigration.MakeExecutor = native
    ) throws -> Planned {
        let options = LiveMigration.connectOptions(.upgrade(target), settings)
        return try LiveMigration.withFirstLook(url, options, settings.table, graph) { look, live in
            let plan: MigrationPlan
            do {
                plan = try MigrationPlan.upgrade(graph, to: target, from: look.rows)
            } catch let error as MigrationPlanError {
                throw CommandFailure(.project, error.message)
            }
            guard !plan.steps.isEmpty else {
                throw CommandFailure(.project, "nothing to do: \(target) is applied")
            }
            return try prepare(
                .upgrade, .upgrade(target), plan, title: "Upgrade to \(target)", look: look, live: live, graph: graph,
                url: url, settings: settings, makeExecutor: makeExecutor)
        }
    }

    /// Retort's own engine, for a browser without the project's Python.
    public static func native(_ graph: RevisionGraph, _ url: DatabaseURL, _ version: Int?) -> any MigrationExecutor {
        NativeExecutor(bodies: LiveBodies(graph: graph, dialect: url.dialect, serverVersion: version))
    }

    /// The executor readied for `plan`, the rows counted, the dialog made.
    static func prepare(
        _ action: BrowserAction, _ request: LiveMigration.Request, _ plan: MigrationPlan, title: String,
        look: LiveMigration.FirstLook, live: LiveTableCache, graph: RevisionGraph, url: DatabaseURL,
        settings: LiveMigration.Settings, makeExecutor: LiveMigration.MakeExecutor
    ) throws -> Planned {
        let options = LiveMigration.connectOptions(request, settings)
        let executor = makeExecutor(graph, url, look.serverVersion)
        var cannotRun: [String] = []
        var previews: [StepPreview]
        do {
            previews = try executor.prepare(plan.steps, live: live)
        } catch let failure as CommandFailure where failure.status == .database {
            // What the database keeps from running is said as the failure says it.
            cannotRun = Array(failure.message.split(separator: "\n").dropFirst().map(String.init))
            previews = plan.steps.map { _ in StepPreview(statementCount: nil) }
        }
        let refused = previews.contains { $0.refusal != nil } || !cannotRun.isEmpty
        let drift = refused
            ? nil
            : try LiveMigration.driftReport(
                plan, previews: previews, rows: look.rows, graph: graph, url: url, live: live, table: settings.table)
        cannotRun += drift?.blockers ?? []
        let destroyed = previews.flatMap(\.destructive)
        let counts = RowCounter.counts(Set(destroyed.compactMap(\.table)), url: url, options: options)
        let dialog = PlanDialog.make(
            title: title + " on " + url.masked + (settings.databaseSource.map { " (\($0))" } ?? ""), plan: plan,
            previews: previews, graph: graph, table: settings.table, tableExists: look.tableExists, rowCounts: counts,
            cannotRun: cannotRun.map { $0.trimmingCharacters(in: .whitespaces) }, hint: executor.refusalHint, drift: drift,
            lint: PlanLint.findings(plan, graph: graph))
        return Planned(
            action: action, request: request, plan: plan, rows: look.rows, url: url, executor: executor,
            previews: previews, dialog: dialog)
    }
}
