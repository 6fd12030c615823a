import MigrationCore
import TerminalUI

/// The right pane: the selected revision's metadata and its whole docstring.
struct DetailsView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        if let problem = state.selectedProblem {
            drawProblem(problem, state, frame, &screen)
            return
        }
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

    /// Why a script could not be read: where, the message, and the line with a caret.
    private func drawProblem(_ problem: ScriptProblem, _ state: BrowserState, _ frame: Frame, _ screen: inout ScreenBuffer) {
        screen.write("Unreadable script", row: frame.row, column: frame.column, role: "error", limit: frame.width)
        let location = "\(state.displayPath(problem.path)):\(problem.line):\(problem.column)"
        var lines: [(String, String)] = [(location, "key"), (problem.message, "error")]
        if !problem.lineText.isEmpty {
            lines.append(("", "normal"))
            lines.append(("    " + problem.lineText, "normal"))
            lines.append(("    " + String(repeating: " ", count: max(0, problem.column - 1)) + "^", "error"))
        }
        for (i, (text, role)) in lines.enumerated() where 2 + i < frame.height {
            screen.write(TextFit.truncate(text, to: frame.width), row: frame.row + 2 + i, column: frame.column, role: role, limit: frame.width)
        }
    }
}
