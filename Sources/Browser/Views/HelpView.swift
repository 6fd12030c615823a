import TerminalUI

/// The `?` overlay: every key and what it does, generated from the key table.
struct HelpView: BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer) {
        let lines = KeyTable.helpLines
        let width = min(frame.width - 2, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4)
        let height = min(frame.height - 2, lines.count + 4)
        guard width > 10, height > 4 else { return }
        let top = frame.row + (frame.height - height) / 2
        let left = frame.column + (frame.width - width) / 2
        for y in top..<(top + height) { screen.fill(row: y, column: left, width: width, role: "help") }
        screen.write(" Keys ", row: top, column: left + 2, role: "title")
        for (i, line) in lines.prefix(height - 4).enumerated() {
            screen.write(line, row: top + 2 + i, column: left + 2, role: "help", limit: width - 4)
        }
        screen.write("? or Esc to close", row: top + height - 1, column: left + 2, role: "border", limit: width - 4)
    }
}
