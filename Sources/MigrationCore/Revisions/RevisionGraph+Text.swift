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
        var text = ""
        writeShortEntry(
            node, includeBranches: includeBranches, includeDoc: includeDoc, includeParents: includeParents,
            treeIndicators: treeIndicators, headIndicators: headIndicators, isCurrent: isCurrent, to: &text)
        return text
    }

    /// `shortEntry`, written piece by piece into `out`: `history` writes thousands of
    /// lines, and building each one as a string first cost more than the rest of the line.
    @inlinable
    public func writeShortEntry(
        _ node: Int, includeBranches: Bool = false, includeDoc: Bool = false, includeParents: Bool = false,
        treeIndicators: Bool = true, headIndicators: Bool = true, isCurrent: Bool = false,
        to out: inout some TextOutputStream
    ) {
        let revision = revisions[node]
        if includeParents {
            if revision.downRevisions.isEmpty {
                out.write("<base>")
            } else {
                writeJoined(revision.downRevisions, to: &out)
            }
            if !revision.dependencies.isEmpty {
                out.write(" (")
                writeJoined(revision.dependencies, to: &out)
                out.write(")")
            }
            out.write(" -> ")
        }
        out.write(revision.id)
        if includeBranches && !branchLabels[node].isEmpty {
            out.write(" (")
            writeJoined(branchLabels[node], to: &out)
            out.write(")")
        }
        if headIndicators || treeIndicators {
            if isRealHead(node) { out.write(" (head)") }
            if isHead(node) && !isRealHead(node) { out.write(" (effective head)") }
            if isCurrent { out.write(" (current)") }
        }
        if treeIndicators {
            if isBranchPoint(node) { out.write(" (branchpoint)") }
            if isMergePoint(node) { out.write(" (mergepoint)") }
        }
        if includeDoc {
            out.write(", ")
            out.write(revision.message)
        }
    }

    @usableFromInline
    func writeJoined(_ items: [String], to out: inout some TextOutputStream) {
        for (position, item) in items.enumerated() {
            if position > 0 { out.write(", ") }
            out.write(item)
        }
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
