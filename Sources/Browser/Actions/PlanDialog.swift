import MigrationCore

/// A readied plan in the confirmation dialog's words: one line per step, what happens to
/// the version table, statements outside a transaction, the whole plan's SQL
/// highlighted, a warning per operation that destroys data, with its row count, and
/// lint's findings.
enum PlanDialog {
    static func make(
        title: String, plan: MigrationPlan, previews: [StepPreview], graph: RevisionGraph,
        table: VersionTable, tableExists: Bool, rowCounts: [String: Int], cannotRun: [String] = [], hint: String? = nil,
        drift: DriftReport? = nil, lint: [LintFinding] = []
    ) -> ConfirmationDialog {
        var reasons: [String] = cannotRun
        let refused = !cannotRun.isEmpty || previews.contains { $0.refusal != nil }
        var planLines: [StyledLine] = []
        if !tableExists {
            planLines.append(StyledLine("\(table.name) does not exist yet: it is created first, as Alembic creates it", role: "date"))
        }
        if let drift {
            let role = drift.hasDrift ? "warning" : "date"
            planLines += drift.lines.map { line in
                StyledLine(line, role: line.contains("; lost: ") || line.contains(" will fail") ? "destructive" : role)
            }
        }
        var warnings: [StyledLine] = []
        var sql: [StyledLine] = []
        let width = String(plan.steps.count).count
        for (index, step) in plan.steps.enumerated() {
            let preview = index < previews.count ? previews[index] : StepPreview(statementCount: nil)
            if preview.refusal != nil, cannotRun.isEmpty { reasons += preview.refusalReasons }
            let number = String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1). "
            var segments: [(text: String, role: String)] = [(number, "line-number"), (step.shortLog, "id")]
            if let message = message(step, graph) { segments.append(("  " + message, "message")) }
            if preview.throughAlembic != nil {
                segments.append(("  (through the project's Alembic)", "warning"))
            } else if step.action != .stamp {
                let count = preview.statementCount.map { LivePlanText.count($0, "statement") } ?? "not interpretable"
                segments.append(("  (\(count))", preview.refusal != nil ? "uninterpretable" : "date"))
            }
            planLines.append(StyledLine(segments))
            let indent = String(repeating: " ", count: width + 2)
            planLines.append(
                StyledLine(
                    indent + "\(table.name): " + step.versionChanges.map(LivePlanText.describe).joined(separator: ", "),
                    role: "date"))
            if let reason = preview.throughAlembic {
                planLines.append(StyledLine(indent + "runs through the project's Alembic: " + reason, role: "warning"))
            }
            for statement in preview.outsideTransaction {
                planLines.append(
                    StyledLine(
                        indent + "outside a transaction, line \(statement.line) (\(statement.outsideTransaction ?? "")): "
                            + statement.sql.split(whereSeparator: \.isWhitespace).joined(separator: " "), role: "warning"))
            }
            let revision = step.revision?.id ?? ""
            for operation in preview.destructive {
                warnings.append(StyledLine("! \(revision) line \(operation.line): " + destroys(operation, rowCounts), role: "destructive"))
            }
            for note in preview.warnings { warnings.append(StyledLine("! \(revision): \(note)", role: "warning")) }
            sql += stepSQL(step, preview: preview)
        }
        warnings += PlanLint.lines(lint)
        let after = LivePlanText.rows(plan.finalHeads)
        planLines.append(StyledLine("\(table.name) afterwards: \(after) (now: \(LivePlanText.rows(plan.startingHeads)))", role: "normal"))
        warnings += reasons.map { StyledLine("? " + $0, role: "uninterpretable") }
        if refused, let hint, cannotRun.isEmpty { warnings.append(StyledLine("  " + hint, role: "date")) }
        let refusal: String? =
            refused
            ? (reasons.first ?? "a revision cannot be interpreted") + (reasons.count > 1 ? " (and \(reasons.count - 1) more)" : "")
            : nil
        let destroyed = previews.flatMap(\.destructive)
        let tables = Set(destroyed.compactMap(\.table))
        var word: String? =
            destroyed.isEmpty ? nil : (tables.count == 1 && !destroyed.contains { $0.table == nil } ? tables.first : "yes")
        // Nothing can be lost from tables that are there and hold no row: y alone confirms.
        let empty = !destroyed.isEmpty && !destroyed.contains { $0.table == nil }
            && tables.allSatisfy { rowCounts[$0] == 0 }
        if empty, refusal == nil {
            word = nil
            warnings.append(
                StyledLine(
                    "  \(tables.sorted().joined(separator: ", ")) hold\(tables.count == 1 ? "s" : "") no rows now: nothing can be "
                        + "lost, so y alone confirms", role: "date"))
        }
        var dialog = ConfirmationDialog(
            title: title, isDestructive: !destroyed.isEmpty, planLines: planLines, warningLines: warnings, sqlLines: sql,
            refusal: refusal, confirmationWord: refusal == nil ? word : nil)
        dialog.offersRehearsal = refusal == nil && plan.command != .stamp && !plan.steps.isEmpty
        return dialog
    }

    /// A statement's lines as the dialog shows them: the tabs Retort sends SQLite (as
    /// SQLAlchemy writes them) shown as the indentation they stand for.
    static func displayed(_ sql: String) -> String { sql.replacingOccurrences(of: "\t", with: "    ") }

    /// `drops table audit_log: 12,345 rows`; raw SQL is named as such, without a count.
    static func destroys(_ operation: LiveBody.Destructive, _ counts: [String: Int]) -> String {
        guard let table = operation.table else {
            if !operation.description.hasPrefix("execute") { return operation.description + ": rows affected unknown" }
            return operation.description + ": raw SQL that Retort cannot inspect (rows affected unknown)"
        }
        let rows = counts[table].map { $0 == 1 ? "1 row" : "\(RowCounter.grouped($0)) rows" } ?? "rows unknown (\(table) not in the database yet)"
        return operation.description + ": " + rows
    }

    static func message(_ step: MigrationStep, _ graph: RevisionGraph) -> String? {
        guard let node = step.node else { return nil }
        let text = graph.revisions[node].message.split(separator: "\n").first.map(String.init) ?? ""
        return text.isEmpty ? nil : text
    }

    /// The step's statements as they will be sent, highlighted, after a comment naming it.
    static func stepSQL(_ step: MigrationStep, preview: StepPreview) -> [StyledLine] {
        var lines = [StyledLine("-- " + step.shortLog, role: "python-comment")]
        if step.action == .stamp {
            lines.append(StyledLine("-- (a stamp runs no migration: only the version table changes)", role: "python-comment"))
        }
        if preview.throughAlembic != nil {
            lines.append(
                StyledLine(
                    preview.statements == nil
                        ? "-- (runs through the project's Alembic: its statements are known as they run; r rehearses it)"
                        : "-- (runs through the project's Alembic; as its offline mode writes it)", role: "python-comment"))
        }
        for statement in preview.statements ?? [] {
            for line in SQLHighlighter.lines(displayed(statement) + ";") {
                lines.append(StyledLine(line.map { ($0.text, RevisionTabs.role($0.kind)) }))
            }
        }
        lines.append(StyledLine())
        return lines
    }
}
