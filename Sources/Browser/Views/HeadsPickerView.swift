import TerminalUI

/// The `b` picker over the browser: the heads and "all heads", one line each.
struct HeadsPickerView {
    func draw(_ picker: HeadsPicker, in frame: Frame, on screen: inout ScreenBuffer) {
        let lines = picker.lines
        let widest = lines.map { line in line.segments.reduce(0) { $0 + DisplayWidth.of($1.text) } }.max() ?? 0
        let keys = picker.hint ?? "j/k choose  Enter upgrade  Space mark  m merge marked (none: all)  Esc close"
        let width = min(frame.width - 2, max(widest, DisplayWidth.of(keys), 40) + 4)
        let height = min(frame.height - 2, lines.count + 4)
        guard width > 10, height > 4 else { return }
        let top = frame.row + (frame.height - height) / 2
        let left = frame.column + (frame.width - width) / 2
        for y in top..<(top + height) { screen.fill(row: y, column: left, width: width, role: "help") }
        screen.write(" Upgrade or merge which heads? ", row: top, column: left + 2, role: "title")
        for (i, line) in lines.prefix(height - 4).enumerated() {
            var x = left + 2
            for segment in line.segments where x < left + width - 2 {
                x += screen.write(segment.text, row: top + 2 + i, column: x, role: segment.role, limit: left + width - 2 - x)
            }
        }
        screen.write(keys, row: top + height - 1, column: left + 2, role: picker.hint == nil ? "border" : "warning", limit: width - 4)
    }
}
