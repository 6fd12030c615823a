import Foundation
import MigrationCore

/// Runs a confirmed plan through the same path as the command line
/// (`LiveMigration.apply`), reporting progress as it goes, and says what happened in a
/// report dialog: each step's time and the new rows, or where it failed and why.
///
/// The run happens on the browser's thread between two frames; keys pressed meanwhile
/// wait. Each migration runs in its own transaction, so a run that fails (or a process
/// stopped mid-run) leaves the steps before it applied and the failed one undone.
public enum ActionRunner {
    /// `progress` receives the status line to draw, at each event; `stopRequested` is
    /// asked after each step (Ctrl-C): true ends the run there.
    public static func run(
        _ planned: ActionPlanner.Planned, graph: RevisionGraph, settings: LiveMigration.Settings,
        progress: (String) -> Void, stopRequested: @escaping () -> Bool = { false },
        clock: () -> Double = { Date().timeIntervalSinceReferenceDate }
    ) -> ConfirmationDialog {
        let start = clock()
        var stepStart = start
        var times: [(step: MigrationStep, seconds: Double)] = []
        let total = planned.plan.steps.count
        func elapsed() -> String { String(format: "%.1f s", clock() - start) }
        /// The status line, with what Ctrl-C does once it was pressed.
        func report(_ line: String) {
            progress(line + (stopRequested() ? "; Ctrl-C: stopping after this step (Ctrl-C again quits now; what is not committed rolls back)" : ""))
        }
        func events(_ event: MigrationEvent) {
            switch event {
            case .stepStarted(let index, let step):
                stepStart = clock()
                let count = index < planned.previews.count ? planned.previews[index].statementCount : nil
                report(
                    "Running step \(index + 1) of \(total): \(step.shortLog)"
                        + (count.map { " (\(LivePlanText.count($0, "statement")))" } ?? "") + ", \(elapsed()) elapsed")
            case .statementStarted(let index, let number, let count):
                let step = planned.plan.steps[min(index, total - 1)]
                // An engine that learns the statements as they run (Alembic) gives no count.
                let of = count > 0 ? " of \(count)" : ""
                report(
                    "Running step \(index + 1) of \(total): \(step.shortLog), statement \(number + 1)\(of), "
                        + "\(elapsed()) elapsed")
            case .stepApplied(_, let step, _):
                times.append((step, clock() - stepStart))
            case .versionTableCreated:
                report("Created the version table, \(elapsed()) elapsed")
            case .outsideTransaction(let index, let statement):
                report("Step \(index + 1) of \(total): outside a transaction, line \(statement.line), \(elapsed()) elapsed")
            case .purged, .stepsSkipped:
                break
            }
        }
        let title = planned.dialog.title
        do {
            let (outcome, plan) = try LiveMigration.apply(
                planned.request, plan: planned.plan, plannedRows: planned.rows, executor: planned.executor, graph: graph,
                url: planned.url, settings: settings, waiting: { progress("Waiting for another migration run's lock...") },
                replanned: { _, _ in }, events: events, shouldStop: stopRequested)
            // Stopped early: the rows are those the first step not run would have started from.
            let done = outcome.applied + outcome.skipped
            let rows = outcome.stoppedEarly && done < plan.steps.count ? plan.steps[done].headsBefore : plan.finalHeads
            return ActionReport.success(
                title: title, times: times, outcome: outcome, finalRows: rows, planned: plan.steps.count,
                total: clock() - start, graph: graph, sql: planned.dialog.sqlLines, table: settings.table)
        } catch let error as MigrationRunError {
            var error = error
            let prefix = settings.currentDirectory.hasSuffix("/") ? settings.currentDirectory : settings.currentDirectory + "/"
            if let path = error.path, path.hasPrefix(prefix) { error.path = String(path.dropFirst(prefix.count)) }
            return ActionReport.failure(title: title, error, times: times, graph: graph)
        } catch {
            return ActionReport.failure(title: title, message: "Not run: " + ((error as? CommandFailure)?.message ?? "\(error)"))
        }
    }
}
