/// Runs the lint rules over one function's PostgreSQL statements, in order, as one
/// script (what `sql REV` prints for it, and what squawk reads in one file).
struct RevisionLinter: Sendable {
    var postgresVersion: PostgresVersion
    var rules: [LintRule] = LintRule.all

    /// Every hit of every rule, statement by statement; a statement breaking a rule
    /// twice (two `integer` columns) is one finding per hit.
    func findings(_ body: RevisionBody) -> [LintFinding] {
        var context = LintContext(postgresVersion: postgresVersion)
        var findings: [LintFinding] = []
        for (index, sql) in body.statements.enumerated() {
            let statement = LintStatement.parse(sql)
            let line = index < body.statementLines.count ? body.statementLines[index] : 0
            for rule in rules {
                let hits = rule.hits(statement, context)
                guard hits > 0 else { continue }
                let finding = LintFinding(
                    revision: body.revision, direction: body.direction, rule: rule.name, path: body.path, line: line,
                    statement: sql, message: rule.message)
                findings += Array(repeating: finding, count: hits)
            }
            context.advance(past: statement)
        }
        return findings
    }
}
