import MigrationCore

/// The `m` confirmation: the merge revision's file, what it merges, and its text
/// highlighted, before anything is written (the same dialog as the database's actions).
enum MergeDialog {
    static func make(_ merge: MergeRevision, graph: RevisionGraph, displayPath: (String) -> String) -> ConfirmationDialog {
        var plan: [StyledLine] = [
            StyledLine([("file     ", "key"), (displayPath(merge.path), "normal")]),
            StyledLine([("merges   ", "key"), (merge.parents.joined(separator: ", "), "id")]),
        ]
        for parent in merge.parents {
            guard let node = graph.indexByID[parent] else { continue }
            let message = graph.revisions[node].message.split(separator: "\n").first.map(String.init) ?? ""
            plan.append(StyledLine([("         ", "normal"), (parent, "id"), ("  " + message, "message")]))
        }
        plan.append(StyledLine("the database is not touched; the scripts are read again afterwards", role: "date"))
        let text = PythonHighlighter(Array(merge.text.utf8)).lines.map { line in
            StyledLine(line.map { ($0.text, DetailsView.role($0.kind)) })
        }
        var dialog = ConfirmationDialog(
            title: "Write merge revision \(merge.id) of \(merge.parents.joined(separator: ", "))", isDestructive: false,
            planLines: plan, warningLines: [], sqlLines: text)
        dialog.sqlTitle = "File"
        return dialog
    }
}
