import MigrationCore
import TerminalUI

/// The right pane: the selected revision's metadata and docstring (Details) or its
/// `upgrade()` and `downgrade()` code (Source), scrolled to `detailTop`.
struct DetailsView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        if let problem = state.selectedProblem {
            drawProblem(problem, state, frame, &screen)
            return
        }
        guard let node = state.selectedNode, frame.height > 0 else { return }
        let title = Self.tabTitle(state.tab, width: frame.width)
        screen.write(title, row: frame.row, column: frame.column, role: "title", limit: frame.width)
        let body = Frame(row: frame.row + 2, column: frame.column, width: frame.width, height: frame.height - 2)
        let count = state.detailLineCount
        if count > body.height {
            // Where the view is in a text longer than the pane.
            let position = "\(state.detailTop + 1)-\(min(count, state.detailTop + body.height))/\(count)"
            let x = frame.column + frame.width - DisplayWidth.of(position)
            if x > frame.column + DisplayWidth.of(title) { screen.write(position, row: frame.row, column: x, role: "date") }
        }
        if state.tab == BrowserState.sourceTab {
            drawSource(state, body, &screen)
        } else if let lines = state.tabLines {
            drawStyled(lines, state, body, &screen)
        } else {
            drawDetails(RevisionDetails.lines(state, node: node), state, body, &screen)
        }
    }

    /// The tabs' names, the shown one in brackets; spaced out when the pane is wide
    /// enough, packed when not.
    static func tabTitle(_ tab: Int, width: Int) -> String {
        let names = BrowserState.tabs.enumerated()
        let wide = names.map { $0.offset == tab ? "[\($0.element)]" : " \($0.element) " }.joined(separator: " ")
        if DisplayWidth.of(wide) <= width { return wide }
        return names.map { $0.offset == tab ? "[\($0.element)]" : $0.element }.joined(separator: " ")
    }

    private func drawDetails(_ lines: [RevisionDetails.Line], _ state: BrowserState, _ frame: Frame, _ screen: inout ScreenBuffer) {
        let labelWidth = 11
        for (offset, line) in lines.dropFirst(state.detailTop).prefix(frame.height).enumerated() {
            let y = frame.row + offset
            if let label = line.label {
                screen.write(TextFit.pad(label, to: labelWidth), row: y, column: frame.column, role: "key", limit: frame.width)
                screen.write(
                    TextFit.truncate(line.text, to: frame.width - labelWidth), row: y, column: frame.column + labelWidth,
                    role: "normal", limit: frame.width - labelWidth)
            } else {
                screen.write(TextFit.truncate(line.text, to: frame.width), row: y, column: frame.column, role: "message", limit: frame.width)
            }
        }
    }

    /// Lines of styled runs (the Operations and SQL tabs), cut at the pane's edge.
    private func drawStyled(_ lines: [StyledLine], _ state: BrowserState, _ frame: Frame, _ screen: inout ScreenBuffer) {
        let end = frame.column + frame.width
        for (offset, line) in lines.dropFirst(state.detailTop).prefix(frame.height).enumerated() {
            var x = frame.column
            for segment in line.segments where x < end {
                x += screen.write(segment.text, row: frame.row + offset, column: x, role: segment.role, limit: end - x)
            }
        }
    }

    /// Code with a gutter of line numbers; long lines are cut at the pane's edge.
    private func drawSource(_ state: BrowserState, _ frame: Frame, _ screen: inout ScreenBuffer) {
        guard let source = state.source else { return }
        let gutter = source.numberWidth + 1
        for (offset, line) in source.lines.dropFirst(state.detailTop).prefix(frame.height).enumerated() {
            let y = frame.row + offset
            if let number = line.number {
                let text = String(number)
                screen.write(
                    String(repeating: " ", count: source.numberWidth - text.count) + text, row: y, column: frame.column,
                    role: "line-number", limit: frame.width)
            }
            var x = frame.column + gutter
            let end = frame.column + frame.width
            for segment in line.segments where x < end {
                x += screen.write(segment.text, row: y, column: x, role: Self.role(segment.kind), limit: end - x)
            }
        }
    }

    static func role(_ kind: PythonHighlighter.Kind) -> String {
        switch kind {
        case .plain: return "normal"
        case .keyword: return "python-keyword"
        case .string: return "python-string"
        case .comment: return "python-comment"
        case .number: return "python-number"
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
