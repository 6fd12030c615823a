import TerminalUI

/// The top line: the project, how many revisions and heads (a warning when several).
struct HeaderView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        screen.fill(row: frame.row, column: frame.column, width: frame.width, role: "header")
        let heads = state.graph.heads.count
        let revisions = state.rows.count
        var counts = "\(revisions) revision\(revisions == 1 ? "" : "s"), \(heads) head\(heads == 1 ? "" : "s")"
        if !state.unreadable.isEmpty { counts += ", \(state.unreadable.count) unreadable" }
        let left = " retort  " + state.projectDescription
        let room = frame.width - DisplayWidth.of(counts) - 2
        var used = screen.write(TextFit.truncate(left, to: max(0, room)), row: frame.row, column: frame.column, role: "header")
        used = max(used, room)
        screen.write(
            counts, row: frame.row, column: frame.column + used + 1, role: heads > 1 ? "warning" : "header",
            limit: frame.width - used - 1)
    }
}
