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
        if let (text, role) = Self.database(state), room - used > 4 {
            used += screen.write(
                TextFit.truncate("  " + text, to: room - used), row: frame.row, column: frame.column + used, role: role)
        }
        used = max(used, room)
        screen.write(
            counts, row: frame.row, column: frame.column + used + 1, role: heads > 1 ? "warning" : "header",
            limit: frame.width - used - 1)
    }

    /// The database part: where it is, what is current, how much is pending and whether
    /// its tables drifted from the history, or why it cannot be read.
    static func database(_ state: BrowserState) -> (String, String)? {
        guard let database = state.database else { return nil }
        switch database.state {
        case .notConfigured:
            return ("no database (set sqlalchemy.url or pass --url)", "header")
        case .unavailable(let reason):
            return ("database: \(reason)", "warning")
        case .rows:
            let current = state.rows.filter { database.current.contains($0) }.map { state.graph.revisions[$0].id }
            let pending = database.pendingCount(of: state.graph)
            // The counts first: a long URL is what gets cut.
            let at = current.isEmpty ? "empty" : "at " + current.joined(separator: ", ")
            let source = database.source.map { " (\($0))" } ?? ""
            let reading = database.readingEnv ? " · reading env.py…" : ""
            let where_ = database.maskedURL.map { " · " + $0 + source } ?? ""
            let drift = state.drift?.headerText
            let role = pending > 0 || drift?.role == "warning" ? "warning" : "header"
            return ("\(pending) pending, \(at)\(drift.map { " · " + $0.text } ?? "")\(reading)\(where_)", role)
        }
    }
}
