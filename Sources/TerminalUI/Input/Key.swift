/// A key the user pressed, independent of how the terminal reported it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    /// Ctrl plus a letter, given lowercased (`.control("d")` is Ctrl-D).
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace
    /// The terminal changed size.
    case resize
    /// A mouse press or wheel turn at a cell.
    case mouse(MouseEvent)

    /// How the key is written in help and footers: `j`, `Ctrl-D`, `PgDn`, `Enter`.
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .resize: return "(resize)"
        case .mouse(let event): return "(mouse \(event.action) at \(event.row),\(event.column))"
        }
    }
}

/// What the mouse did, and where (0-based cell).
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable { case press, wheelUp, wheelDown }

    public var action: Action
    public var row: Int
    public var column: Int

    public init(_ action: Action, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}
