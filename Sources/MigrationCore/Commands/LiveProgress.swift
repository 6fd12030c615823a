/// The lines a live run prints as it goes: one per step (`Running upgrade a -> b,
/// message ... done`), with the statements outside a transaction and skipped steps on
/// lines of their own.
struct LiveProgress {
    /// Whether a `Running ...` line waits for its `done`.
    private var lineOpen = false

    mutating func report(_ event: MigrationEvent, graph: RevisionGraph, to out: inout some TextOutputStream) {
        switch event {
        case .versionTableCreated:
            endLine(to: &out)
            out.write("Created the version table.\n")
        case .purged(let rows):
            endLine(to: &out)
            out.write("Deleted \(LivePlanText.count(rows, "row")) of the version table (--purge).\n")
        case .stepStarted(_, let step):
            endLine(to: &out)
            var line = "Running \(step.shortLog)"
            if let node = step.node {
                let message = graph.revisions[node].message.split(separator: "\n").first.map(String.init) ?? ""
                if !message.isEmpty { line += ", " + message }
            }
            out.write(line + " ...")
            lineOpen = true
        case .outsideTransaction(_, let statement):
            endLine(to: &out)
            out.write(
                "  outside a transaction (\(statement.outsideTransaction ?? "")), line \(statement.line): "
                    + DatabaseError.excerpt(statement.sql) + "\n")
        case .stepApplied(_, _, let statements):
            let done = "done" + (statements > 0 ? " (\(LivePlanText.count(statements, "statement")))" : "") + "\n"
            out.write(lineOpen ? " " + done : "  " + done)
            lineOpen = false
        case .statementStarted:
            break  // the command line prints steps, not statements
        case .stepsSkipped(let range):
            endLine(to: &out)
            out.write("Skipped \(LivePlanText.count(range.count, "step")): another run applied them meanwhile.\n")
        }
    }

    /// Ends a `Running ...` line left open (before an error, say).
    mutating func endLine(to out: inout some TextOutputStream) {
        if lineOpen {
            out.write("\n")
            lineOpen = false
        }
    }
}
