import MigrationCore

/// Lint's findings as the browser lists them: one entry per operation (revision,
/// function and line), naming each rule it breaks once, in the order found. A statement
/// often breaks several rules; one line per rule would bury the operations they are about.
struct LintGroup: Equatable {
    var revision: String
    var direction: RevisionBody.Direction
    var line: Int
    var rules: [String]

    static func grouped(_ findings: [LintFinding]) -> [LintGroup] {
        var groups: [LintGroup] = []
        var index: [String: Int] = [:]
        for finding in findings {
            let key = "\(finding.revision) \(finding.direction.rawValue) \(finding.line)"
            if let at = index[key] {
                if !groups[at].rules.contains(finding.rule) { groups[at].rules.append(finding.rule) }
                continue
            }
            index[key] = groups.count
            groups.append(LintGroup(revision: finding.revision, direction: finding.direction, line: finding.line, rules: [finding.rule]))
        }
        return groups
    }
}
