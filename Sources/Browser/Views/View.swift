import TerminalUI

/// A rectangle of the screen, in cells.
public struct Frame: Sendable, Equatable {
    public var row: Int
    public var column: Int
    public var width: Int
    public var height: Int

    public init(row: Int, column: Int, width: Int, height: Int) {
        self.row = row
        self.column = column
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// One part of the browser's screen: it draws the state into its frame and nowhere else.
protocol BrowserView {
    func draw(_ state: BrowserState, in frame: Frame, on screen: inout ScreenBuffer)
}
