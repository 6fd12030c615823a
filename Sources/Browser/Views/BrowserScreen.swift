import TerminalUI

/// The whole screen for a state and a terminal size: header, the two panes, footer and
/// status line, and the help overlay on top; a plain message when the terminal is too small.
public enum BrowserScreen {
    public static let minimumWidth = 60
    public static let minimumHeight = 15

    /// How many list rows a terminal of this height shows.
    public static func listHeight(forTerminalHeight height: Int) -> Int { max(1, height - 3) }

    /// `searchPrompt` is the search being typed, shown in the status line.
    public static func render(_ state: BrowserState, width: Int, height: Int, searchPrompt: String? = nil) -> ScreenBuffer {
        var screen = ScreenBuffer(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            let lines = [
                "Retort needs \(minimumWidth)×\(minimumHeight) or more (now \(width)×\(height)).",
                "Enlarge the terminal, or press q to quit.",
            ]
            for (i, line) in lines.enumerated() {
                screen.write(TextFit.truncate(line, to: width), row: height / 2 - 1 + i, column: 0, role: "warning")
            }
            return screen
        }
        HeaderView().draw(state, in: Frame(row: 0, column: 0, width: width, height: 1), on: &screen)
        let paneHeight = listHeight(forTerminalHeight: height)
        let listWidth = width * 3 / 5
        RevisionListView().draw(state, in: Frame(row: 1, column: 0, width: listWidth, height: paneHeight), on: &screen)
        for y in 1...paneHeight { screen.write("│", row: y, column: listWidth, role: "border") }
        DetailsView().draw(
            state, in: Frame(row: 1, column: listWidth + 2, width: width - listWidth - 2, height: paneHeight), on: &screen)
        screen.fill(row: height - 2, role: "footer")
        screen.write(" " + KeyTable.footer, row: height - 2, column: 0, role: "footer")
        if let searchPrompt {
            screen.write("/" + searchPrompt, row: height - 1, column: 0, role: "status")
        } else if let status = state.status {
            screen.write(status, row: height - 1, column: 0, role: "status")
        }
        if state.showsHelp {
            HelpView().draw(state, in: Frame(row: 0, column: 0, width: width, height: height), on: &screen)
        }
        return screen
    }
}
