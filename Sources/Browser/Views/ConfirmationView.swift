import TerminalUI

/// The confirmation dialog over the browser: title, plan, warnings, the SQL in a
/// scrolling region, and the keys; with `v`, the SQL over the whole dialog.
struct ConfirmationView {
    /// How many SQL lines the dialog shows on a terminal of this size (for scrolling).
    static func sqlHeight(_ dialog: ConfirmationDialog, height: Int) -> Int {
        let inner = height - 4
        if dialog.showsSQLOnly { return max(1, inner - 2) }
        return max(1, inner - 2 - dialog.planLines.count - dialog.warningLines.count - 4)
    }

    func draw(_ dialog: ConfirmationDialog, in frame: Frame, on screen: inout ScreenBuffer) {
        let box = Frame(row: frame.row + 1, column: frame.column + 2, width: frame.width - 4, height: frame.height - 2)
        for y in box.row..<(box.row + box.height) {
            screen.fill(row: y, column: box.column - 1, width: box.width + 2, role: "help")
            // A frame around the dialog, so it reads as one thing above the browser.
            screen.write("│", row: y, column: box.column - 1, role: "border")
            screen.write("│", row: y, column: box.column + box.width, role: "border")
        }
        let left = box.column + 2
        let width = box.width - 4
        var y = box.row
        screen.write(
            TextFit.truncate(" " + dialog.title + " ", to: width), row: y, column: left,
            role: dialog.isDestructive ? "destructive" : "title")
        y += 2
        let footerRow = box.row + box.height - 1
        func lines(_ list: [StyledLine], until limit: Int) {
            for line in list where y < limit {
                var x = left
                for segment in line.segments where x < left + width {
                    x += screen.write(segment.text, row: y, column: x, role: segment.role, limit: left + width - x)
                }
                y += 1
            }
        }
        if !dialog.showsSQLOnly {
            lines(dialog.planLines, until: footerRow - 2)
            if !dialog.warningLines.isEmpty {
                y += 1
                lines(dialog.warningLines, until: footerRow - 2)
            }
            if let refusal = dialog.refusal, y < footerRow - 2 {
                y += 1
                screen.write(TextFit.truncate("Refused: " + refusal, to: width), row: y, column: left, role: "error")
                y += 1
            }
            y += 1
        }
        if y < footerRow - 1 {
            screen.write(dialog.sqlTitle, row: y, column: left, role: "key")
            y += 1
            let visible = Array(dialog.sqlLines.dropFirst(dialog.sqlTop))
            lines(visible, until: footerRow - 1)
        }
        screen.write(TextFit.truncate(dialog.footer, to: width), row: footerRow, column: left, role: "key")
        if let hint = dialog.hint {
            screen.write(TextFit.truncate(hint, to: width), row: footerRow - 1, column: left, role: "warning")
        }
    }
}
