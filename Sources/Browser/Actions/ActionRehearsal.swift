import MigrationCore

/// `r` in a plan's confirmation: the plan rehearsed through the same path as
/// `upgrade --rehearse` (`LiveMigration.rehearse`), and its report in the dialog, from
/// which `y` applies the plan for real (after the typed word, when the plan destroys
/// data) and `n` cancels.
public enum ActionRehearsal {
    public static func run(
        _ planned: ActionPlanner.Planned, graph: RevisionGraph, settings: LiveMigration.Settings, progress: (String) -> Void
    ) -> ConfirmationDialog {
        let total = planned.plan.steps.count
        var lines: [StyledLine]
        var failed = false
        do {
            let report = try LiveMigration.rehearse(
                planned.request, plan: planned.plan, plannedRows: planned.rows, executor: planned.executor, graph: graph,
                url: planned.url, settings: settings, mode: .inPlace,
                waiting: { progress("Rehearsal: waiting for another migration run's lock...") },
                events: { event in
                    if case .stepStarted(let index, let step) = event {
                        progress("Rehearsing step \(index + 1) of \(total): \(step.shortLog)")
                    }
                })
            failed = !report.succeeded
            lines = report.lines.flatMap { wrapped($0, width: 96) }.map { line in
                let role: String
                if line.hasPrefix("Rehearsal failed") || line.contains("FAILED: ") {
                    role = "error"
                } else if line.hasPrefix("Rehearsal passed") {
                    role = "applied"
                } else if line.hasPrefix("Rehearsal ended early") || line.contains(" waited ") {
                    role = "warning"
                } else {
                    role = "normal"
                }
                return StyledLine(PlanDialog.displayed(line), role: role)
            }
        } catch {
            failed = true
            lines = [StyledLine("Not rehearsed: " + ((error as? CommandFailure)?.message ?? "\(error)"), role: "error")]
        }
        var dialog = planned.dialog
        dialog.title = (failed ? "Rehearsal failed: " : "Rehearsed: ") + planned.dialog.title
        dialog.planLines = lines
        dialog.offersRehearsal = false
        dialog.isDestructive = planned.dialog.isDestructive || failed
        return dialog
    }

    /// A line cut at spaces to `width` columns, the pieces after the first indented
    /// four more than it, so that the dialog shows the whole of a long report line.
    static func wrapped(_ line: String, width: Int) -> [String] {
        guard line.count > width else { return [line] }
        let lead = String(line.prefix { $0 == " " })
        let indent = lead + "    "
        var result: [String] = []
        var current = lead
        for word in line.dropFirst(lead.count).split(separator: " ") {
            let candidate = current.count == lead.count || current == indent ? current + word : current + " " + word
            if candidate.count > width, current.count > indent.count {
                result.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        result.append(current)
        return result
    }
}
