import Foundation
import MigrationCore

/// The dialogs after a run: what ran and how long each step took, or the failure with
/// the revision, the script's file and line, the statement and the database's message.
enum ActionReport {
    static func success(
        title: String, times: [(step: MigrationStep, seconds: Double)], outcome: MigrationOutcome, finalRows: [String],
        planned: Int, total: Double, graph: RevisionGraph, sql: [StyledLine], table: VersionTable
    ) -> ConfirmationDialog {
        var lines = stepLines(times, graph)
        if outcome.skipped > 0 {
            lines.append(StyledLine("\(outcome.skipped) already applied by another run meanwhile", role: "warning"))
        }
        let done = outcome.applied + outcome.skipped
        if outcome.stoppedEarly {
            lines.append(StyledLine("Stopped by Ctrl-C after \(done) of \(planned) steps: the rest were not run", role: "warning"))
        }
        lines.append(StyledLine("\(table.name) now holds \(LivePlanText.rows(finalRows))", role: "applied"))
        var dialog = ConfirmationDialog(
            title: (outcome.stoppedEarly ? "Stopped after \(seconds(total)): " : "Done in \(seconds(total)): ") + title,
            isDestructive: false, planLines: lines, warningLines: [], sqlLines: sql)
        dialog.isReport = true
        dialog.offersSteps = true
        return dialog
    }

    static func failure(title: String, _ error: MigrationRunError, times: [(step: MigrationStep, seconds: Double)], graph: RevisionGraph)
        -> ConfirmationDialog
    {
        var lines = stepLines(times, graph)
        lines.append(StyledLine("Failed: " + (error.step?.shortLog ?? "before the first step"), role: "error"))
        if let path = error.path {
            lines.append(StyledLine("  at \(path)" + (error.line.map { ":\($0)" } ?? ""), role: "normal"))
        }
        lines.append(StyledLine("  the database said: \(error.error.summary)", role: "error"))
        for part in error.state.split(separator: ";") {
            lines.append(StyledLine("  " + part.trimmingCharacters(in: .whitespaces), role: "warning"))
        }
        var sql: [StyledLine] = []
        if let statement = error.error.statement {
            for line in SQLHighlighter.lines(PlanDialog.displayed(statement) + ";") {
                sql.append(StyledLine(line.map { ($0.text, RevisionTabs.role($0.kind)) }))
            }
        }
        var dialog = ConfirmationDialog(
            title: "Failed: \(title)", isDestructive: true, planLines: lines, warningLines: [], sqlLines: sql)
        dialog.isReport = true
        dialog.offersSteps = true
        return dialog
    }

    static func failure(title: String, message: String) -> ConfirmationDialog {
        let lines = message.split(separator: "\n").map { StyledLine(String($0), role: "error") }
        var dialog = ConfirmationDialog(
            title: "Failed: \(title)", isDestructive: true, planLines: lines, warningLines: [], sqlLines: [])
        dialog.isReport = true
        return dialog
    }

    /// `1. upgrade a -> b  message  0.012 s` for each step that ran.
    static func stepLines(_ times: [(step: MigrationStep, seconds: Double)], _ graph: RevisionGraph) -> [StyledLine] {
        times.enumerated().map { index, entry in
            var segments: [(text: String, role: String)] = [("\(index + 1). ", "line-number"), (entry.step.shortLog, "id")]
            if let message = PlanDialog.message(entry.step, graph) { segments.append(("  " + message, "message")) }
            segments.append(("  " + seconds(entry.seconds), "date"))
            return StyledLine(segments)
        }
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int((value * 1000).rounded())) ms" : String(format: "%.1f s", value)
    }
}
