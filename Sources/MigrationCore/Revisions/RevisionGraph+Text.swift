/// A revision as Alembic prints it: the one-line form (`_head_only`) and the verbose
/// entry (`log_entry`), character for character.
extension RevisionGraph {
    /// `<base>`, or the `down_revision` ids as written, comma-separated.
    public func formattedDownRevisions(_ node: Int) -> String {
        let parents = revisions[node].downRevisions
        return parents.isEmpty ? "<base>" : parents.joined(separator: ", ")
    }

    /// The one-line form used by `history`, `heads` and `branches`.
    public func shortEntry(
        _ node: Int, includeBranches: Bool = false, includeDoc: Bool = false, includeParents: Bool = false,
        treeIndicators: Bool = true, headIndicators: Bool = true, isCurrent: Bool = false
    ) -> String {
        let revision = revisions[node]
        var text = revision.id
        if includeParents {
            if revision.dependencies.isEmpty {
                text = "\(formattedDownRevisions(node)) -> \(text)"
            } else {
                text =
                    "\(formattedDownRevisions(node)) (\(revision.dependencies.joined(separator: ", "))) -> \(text)"
            }
        }
        if includeBranches && !branchLabels[node].isEmpty {
            text += " (\(branchLabels[node].joined(separator: ", ")))"
        }
        if headIndicators || treeIndicators {
            if isRealHead(node) { text += " (head)" }
            if isHead(node) && !isRealHead(node) { text += " (effective head)" }
            if isCurrent { text += " (current)" }
        }
        if treeIndicators {
            if isBranchPoint(node) { text += " (branchpoint)" }
            if isMergePoint(node) { text += " (mergepoint)" }
        }
        if includeDoc { text += ", \(revision.message)" }
        return text
    }

    /// The verbose entry used by `history -v`, `heads -v`, `branches -v` and `show`,
    /// ending with a newline (the printer adds one more, leaving a blank line).
    public func verboseEntry(_ node: Int, isCurrent: Bool = false) -> String {
        let revision = revisions[node]
        var entry = "Rev: \(revision.id)"
        if isHead(node) { entry += " (head)" }
        if isBranchPoint(node) { entry += " (branchpoint)" }
        if isMergePoint(node) { entry += " (mergepoint)" }
        if isCurrent { entry += " (current)" }
        entry += "\n"
        entry += isMergePoint(node) ? "Merges: " : "Parent: "
        entry += formattedDownRevisions(node) + "\n"
        if !revision.dependencies.isEmpty {
            entry += "Also depends on: \(revision.dependencies.joined(separator: ", "))\n"
        }
        if isBranchPoint(node) {
            entry += "Branches into: \(children[node].map { revisions[$0].id }.joined(separator: ", "))\n"
        }
        if !branchLabels[node].isEmpty {
            entry += "Branch names: \(branchLabels[node].joined(separator: ", "))\n"
        }
        entry += "Path: \(revision.path)\n"
        entry += "\n" + PythonText.splitLines(revision.longDoc).map { "    " + $0 }.joined(separator: "\n") + "\n"
        return entry
    }
}
