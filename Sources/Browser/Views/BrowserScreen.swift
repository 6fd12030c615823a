import TerminalUI

/// The whole screen for a state and a terminal size: header, the two panes, footer and
/// status line, and the help overlay on top; a plain message when the terminal is too small.
public enum BrowserScreen {
    public static let minimumWidth = 60
    public static let minimumHeight = 15

    /// How many list rows a terminal of this height shows.
    public static func listHeight(forTerminalHeight height: Int) -> Int { max(1, height - 3) }

    /// How many lines of text the details pane shows (below its tab titles).
    public static func detailHeight(forTerminalHeight height: Int) -> Int { max(1, listHeight(forTerminalHeight: height) - 2) }

    /// The list pane's width; the details pane starts two columns to its right.
    static func listWidth(forTerminalWidth width: Int) -> Int { width * 3 / 5 }

    /// What a mouse event at a cell points at.
    public enum MouseTarget: Equatable, Sendable {
        /// A line of the list, 0 being the first on screen.
        case list(line: Int)
        case details
    }

    /// The pane under a cell, if any (header, footer and status lines are none).
    public static func target(row: Int, column: Int, width: Int, height: Int) -> MouseTarget? {
        guard width >= minimumWidth, height >= minimumHeight, row >= 1, row <= listHeight(forTerminalHeight: height)
        else { return nil }
        if column < listWidth(forTerminalWidth: width) { return .list(line: row - 1) }
        return column > listWidth(forTerminalWidth: width) ? .details : nil
    }

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
        let listWidth = listWidth(forTerminalWidth: width)
        RevisionListView().draw(state, in: Frame(row: 1, column: 0, width: listWidth, height: paneHeight), on: &screen)
        for y in 1...paneHeight { screen.write("│", row: y, column: listWidth, role: "border") }
        DetailsView().draw(
            state, in: Frame(row: 1, column: listWidth + 2, width: width - listWidth - 2, height: paneHeight), on: &screen)
        screen.fill(row: height - 2, role: "footer")
        screen.write(" " + KeyTable.footer, row: height - 2, column: 0, role: "footer")
        if let progress = state.progress {
            screen.fill(row: height - 1, role: "status")
            screen.write(TextFit.truncate(progress, to: width), row: height - 1, column: 0, role: "warning")
        } else if let prompt = state.mergePrompt {
            screen.write("Merge message (Enter writes, Esc cancels): " + prompt + "▏", row: height - 1, column: 0, role: "status")
        } else if let searchPrompt {
            screen.write("/" + searchPrompt, row: height - 1, column: 0, role: "status")
        } else if let status = state.status {
            screen.write(status, row: height - 1, column: 0, role: "status")
        }
        if let dialog = state.dialog {
            ConfirmationView().draw(dialog, in: Frame(row: 0, column: 0, width: width, height: height), on: &screen)
        } else if let picker = state.headsPicker {
            HeadsPickerView().draw(picker, in: Frame(row: 0, column: 0, width: width, height: height), on: &screen)
        } else if state.showsHelp {
            HelpView().draw(state, in: Frame(row: 0, column: 0, width: width, height: height), on: &screen)
        }
        return screen
    }
}
