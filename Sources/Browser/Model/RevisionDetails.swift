import MigrationCore

/// The Details tab's lines for one revision: labelled metadata, then the whole docstring.
///
/// The state counts these lines to bound scrolling and the view draws them, so both use
/// this one list.
enum RevisionDetails {
    struct Line: Equatable {
        /// The metadata name (`Revision`, `Revises`...), or nil for a docstring line.
        var label: String?
        var text: String
    }

    static func lines(_ state: BrowserState, node: Int) -> [Line] {
        let graph = state.graph
        let revision = graph.revisions[node]
        var lines = [
            Line(label: "Revision", text: revision.id),
            Line(label: "Revises", text: graph.formattedDownRevisions(node)),
        ]
        if !graph.branchLabels[node].isEmpty {
            lines.append(Line(label: "Labels", text: graph.branchLabels[node].joined(separator: ", ")))
        }
        if !revision.dependencies.isEmpty {
            lines.append(Line(label: "Depends on", text: revision.dependencies.joined(separator: ", ")))
        }
        let children = graph.childNodes(of: node).map { graph.revisions[$0].id }
        if !children.isEmpty { lines.append(Line(label: "Revised by", text: children.joined(separator: ", "))) }
        lines.append(Line(label: "Path", text: state.displayPath(revision.path)))
        if let date = revision.createDate { lines.append(Line(label: "Created", text: date)) }
        lines.append(Line(label: nil, text: ""))
        for line in PythonText.splitLines(revision.longDoc) { lines.append(Line(label: nil, text: line)) }
        return lines
    }
}
