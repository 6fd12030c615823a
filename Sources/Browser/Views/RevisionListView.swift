import MigrationCore
import TerminalUI

/// The left pane: the graph's lanes and one line per revision (id, labels, markers,
/// message, date), the selected line highlighted.
struct RevisionListView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        let glyphs: GraphGlyphs = state.usesASCII ? .ascii : .unicode
        let graphWidth = min(state.laneWidth, max(0, frame.width / 3))
        for line in 0..<frame.height {
            let row = state.top + line
            guard row < state.rowCount else { break }
            let y = frame.row + line
            if row >= state.rows.count {
                drawUnreadable(state.unreadable[row - state.rows.count], selected: row == state.selected, state, y, frame, &screen)
                continue
            }
            let node = state.rows[row]
            let isSelected = row == state.selected
            let base = isSelected ? (state.focus == .list ? "selected" : "selected-unfocused") : "normal"
            screen.fill(row: y, column: frame.column, width: frame.width, role: base)
            var x = frame.column
            let lane = state.lanes[row]
            for column in 0..<graphWidth {
                let cell = column < lane.cells.count ? lane.cells[column] : GraphLayout.Cell()
                let glyph =
                    column == lane.nodeColumn
                    ? glyphs.node(RevisionGraphText.nodeKind(state.graph, node)) : glyphs.line(cell)
                let role = isSelected ? base : cell.color.map { ThemeRoles.graphLanes[$0 % 6] } ?? base
                x += screen.write(String(glyph), row: y, column: x, role: role)
            }
            x += 1
            let end = frame.column + frame.width
            if let rowState = state.rowState(row) {
                // The database column: current, applied or pending.
                let (mark, role): (String, String) =
                    switch rowState {
                    case .current: (state.usesASCII ? ">" : "▶", "head")
                    case .applied: (state.usesASCII ? "+" : "✓", "applied")
                    case .pending: (state.usesASCII ? "." : "·", "pending")
                    }
                x += write(mark, role: role, isSelected, base, y, x, end, &screen) + 1
            }
            x += write(state.graph.revisions[node].id, role: "id", isSelected, base, y, x, end, &screen)
            if state.isUninterpretable(row: row) == true {
                // A function the evaluator cannot follow: its SQL is not known in full.
                x += write("?", role: "uninterpretable", isSelected, base, y, x, end, &screen)
            }
            let labels = state.graph.branchLabels[node]
            if !labels.isEmpty {
                x += 1 + write("(\(labels.joined(separator: ", ")))", role: "label", isSelected, base, y, x + 1, end, &screen)
            }
            let marker = Self.marker(state.graph, node)
            if !marker.isEmpty {
                x += 1 + write(marker, role: Self.markerRole(state.graph, node), isSelected, base, y, x + 1, end, &screen)
            }
            let revision = state.graph.revisions[node]
            let date = revision.createDate.map { String($0.prefix(10)) } ?? ""
            let message = PythonText.splitLines(revision.message).first ?? ""
            let dateRoom = date.isEmpty ? 0 : DisplayWidth.of(date) + 1
            let messageRoom = end - (x + 1) - dateRoom
            if messageRoom > 0 {
                _ = write(TextFit.truncate(message, to: messageRoom), role: "message", isSelected, base, y, x + 1, end, &screen)
            }
            if !date.isEmpty && end - dateRoom > x {
                _ = write(date, role: "date", isSelected, base, y, end - dateRoom + 1, end, &screen)
            }
        }
    }

    /// An unreadable script: its file name and why, in the `unreadable` role.
    private func drawUnreadable(
        _ problem: ScriptProblem, selected: Bool, _ state: BrowserState, _ y: Int, _ frame: Frame,
        _ screen: inout ScreenBuffer
    ) {
        let role = selected ? (state.focus == .list ? "selected" : "selected-unfocused") : "unreadable"
        screen.fill(row: y, column: frame.column, width: frame.width, role: selected ? role : "normal")
        let mark = state.usesASCII ? "x" : "✗"
        let text = "\(mark) \(problem.fileName): \(problem.message)"
        screen.write(TextFit.truncate(text, to: frame.width), row: y, column: frame.column, role: role, limit: frame.width)
    }

    private func write(
        _ text: String, role: String, _ selected: Bool, _ base: String, _ y: Int, _ x: Int, _ end: Int,
        _ screen: inout ScreenBuffer
    ) -> Int {
        guard x < end else { return 0 }
        return screen.write(text, row: y, column: x, role: selected ? base : role, limit: end - x)
    }

    /// The strongest fact about a revision, as a short marker.
    static func marker(_ graph: RevisionGraph, _ node: Int) -> String {
        var parts: [String] = []
        if graph.isHead(node) { parts.append("head") }
        if graph.isMergePoint(node) { parts.append("merge") }
        if graph.isBranchPoint(node) { parts.append("branch") }
        if graph.isBase(node) { parts.append("base") }
        return parts.isEmpty ? "" : "[" + parts.joined(separator: ",") + "]"
    }

    static func markerRole(_ graph: RevisionGraph, _ node: Int) -> String {
        if graph.isHead(node) { return "head" }
        if graph.isMergePoint(node) { return "merge" }
        if graph.isBranchPoint(node) { return "branch" }
        return "base"
    }
}
