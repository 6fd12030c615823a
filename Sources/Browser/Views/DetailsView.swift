import MigrationCore
import TerminalUI

/// The right pane: the selected revision's metadata and its whole docstring.
struct DetailsView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        guard let node = state.selectedNode, frame.height > 0 else { return }
        let graph = state.graph
        let revision = graph.revisions[node]
        let title = BrowserState.tabs.enumerated().map { $0.offset == state.tab ? "[\($0.element)]" : " \($0.element) " }
            .joined(separator: " ")
        screen.write(title, row: frame.row, column: frame.column, role: "title", limit: frame.width)
        var lines: [(String, String)] = [
            ("Revision", revision.id),
            ("Revises", graph.formattedDownRevisions(node)),
        ]
        if !graph.branchLabels[node].isEmpty { lines.append(("Labels", graph.branchLabels[node].joined(separator: ", "))) }
        if !revision.dependencies.isEmpty { lines.append(("Depends on", revision.dependencies.joined(separator: ", "))) }
        let children = graph.childNodes(of: node).map { graph.revisions[$0].id }
        if !children.isEmpty { lines.append(("Revised by", children.joined(separator: ", "))) }
        lines.append(("Path", state.displayPath(revision.path)))
        if let date = revision.createDate { lines.append(("Created", date)) }
        var y = frame.row + 2
        for (name, value) in lines where y < frame.row + frame.height {
            let label = TextFit.pad(name, to: 11)
            screen.write(label, row: y, column: frame.column, role: "key", limit: frame.width)
            screen.write(
                TextFit.truncate(value, to: frame.width - 11), row: y, column: frame.column + 11, role: "normal",
                limit: frame.width - 11)
            y += 1
        }
        y += 1
        for line in PythonText.splitLines(revision.longDoc) where y < frame.row + frame.height {
            screen.write(TextFit.truncate(line, to: frame.width), row: y, column: frame.column, role: "message", limit: frame.width)
            y += 1
        }
    }
}
