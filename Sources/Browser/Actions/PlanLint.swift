import MigrationCore

/// Lint's findings over the functions a plan runs, for its confirmation: what the user
/// should know before `y` (an index built without `CONCURRENTLY` locks writes), read
/// against PostgreSQL's SQL as `retort lint` reads it, less what `# retort: allow`
/// accepts.
enum PlanLint {
    /// How many operations' findings the dialog lists; the rest are counted (`retort lint` lists all).
    static let shown = 5

    static func findings(_ plan: MigrationPlan, graph: RevisionGraph) -> [LintFinding] {
        // Made on the first function that needs the schema before it.
        var timeline: SchemaTimeline?
        var findings: [LintFinding] = []
        for step in plan.steps where step.action != .stamp {
            guard let node = step.node else { continue }
            let direction: RevisionBody.Direction = step.action == .upgrade ? .upgrade : .downgrade
            var body = RevisionBody.render(graph.revisions[node], direction, dialect: .postgresql)
            if body.needsSchema, !body.isInterpretable {
                let made = timeline ?? SchemaTimeline(graph: graph, dialect: .postgresql)
                timeline = made
                body = made.body(node, direction)
            }
            findings += LintReport.check(body).findings
        }
        return findings
    }

    /// The dialog's warning lines: one per operation, naming the rules it breaks.
    static func lines(_ findings: [LintFinding]) -> [StyledLine] {
        let groups = LintGroup.grouped(findings)
        var lines = groups.prefix(shown).map { group in
            StyledLine("! lint \(group.revision) line \(group.line): " + group.rules.joined(separator: ", "), role: "warning")
        }
        if groups.count > shown {
            lines.append(StyledLine("  and \(groups.count - shown) more operations lint flags (retort lint says why)", role: "date"))
        }
        return lines
    }
}
