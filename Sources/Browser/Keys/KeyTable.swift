import TerminalUI

/// Everything the browser can be asked to do from the keyboard.
public enum BrowserCommand: String, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, halfPageDown, halfPageUp, first, last
    case switchPane, previousTab, nextTab, focusDetails
    case search, nextMatch, previousMatch
    case jumpToHead, jumpToParent, jumpToChild
    case toggleASCII, toggleDialect, toggleDrift, reload, readDatabase, edit, copyID
    case stepForward, stepBack, upgradeTo, downgradeTo, stamp, pickHeads, mergeHeads
    case help, quit
}

/// Where a binding holds: a few keys mean one thing in some tabs and another elsewhere.
public enum KeyContext: Sendable, Equatable {
    case anywhere
    /// While the Operations, SQL or Schema tab is shown.
    case codeTabs
    /// While any other tab is shown.
    case otherTabs

    /// Whether the binding holds with the Operations, SQL or Schema tab shown (`showingCode`) or not.
    func holds(showingCode: Bool) -> Bool {
        switch self {
        case .anywhere: return true
        case .codeTabs: return showingCode
        case .otherTabs: return !showingCode
        }
    }

    /// How the help names the context.
    var helpPrefix: String {
        switch self {
        case .anywhere: return ""
        case .codeTabs: return "(Operations, SQL and Schema tabs) "
        case .otherTabs: return "(other tabs) "
        }
    }
}

/// One binding: the keys, the command, its line in the `?` help and its word in the footer.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: BrowserCommand
    public var help: String
    /// The short label in the footer, for the bindings worth a place there.
    public var footer: String?
    public var context: KeyContext = .anywhere
}

/// Every key of the browser, declared once: input handling, the help overlay and the
/// footer all read this table, so they cannot disagree.
public enum KeyTable {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("j"), .down], command: .moveDown, help: "next revision (older)", footer: nil),
        KeyBinding(keys: [.character("k"), .up], command: .moveUp, help: "previous revision (newer)", footer: nil),
        KeyBinding(keys: [.pageDown], command: .pageDown, help: "one page down", footer: nil),
        KeyBinding(keys: [.pageUp], command: .pageUp, help: "one page up", footer: nil),
        KeyBinding(keys: [.control("d")], command: .halfPageDown, help: "half a page down", footer: nil),
        KeyBinding(keys: [.control("u")], command: .halfPageUp, help: "half a page up", footer: nil),
        KeyBinding(keys: [.character("g"), .home], command: .first, help: "first revision (newest)", footer: nil),
        KeyBinding(keys: [.character("G"), .end], command: .last, help: "last revision (oldest)", footer: nil),
        KeyBinding(keys: [.tab], command: .switchPane, help: "switch between the graph and the details", footer: "pane"),
        KeyBinding(keys: [.character("[")], command: .previousTab, help: "previous details tab", footer: nil),
        KeyBinding(keys: [.character("]")], command: .nextTab, help: "next details tab", footer: "tab"),
        KeyBinding(keys: [.enter], command: .focusDetails, help: "focus the details of the revision", footer: nil),
        KeyBinding(
            keys: [.character("/")], command: .search, help: "search ids, messages, labels and file names",
            footer: "search"),
        KeyBinding(keys: [.character("n")], command: .nextMatch, help: "next match (wraps)", footer: nil),
        KeyBinding(keys: [.character("N")], command: .previousMatch, help: "previous match (wraps)", footer: nil),
        KeyBinding(keys: [.character("h")], command: .jumpToHead, help: "jump to a head (again: the next head)", footer: "head"),
        KeyBinding(keys: [.character("p")], command: .jumpToParent, help: "jump to the revision's parent", footer: nil),
        KeyBinding(keys: [.character("c")], command: .jumpToChild, help: "jump to the revision's child", footer: nil),
        KeyBinding(keys: [.character("~")], command: .toggleASCII, help: "switch between box drawing and ASCII", footer: nil),
        KeyBinding(
            keys: [.character("s")], command: .toggleDialect,
            help: "write the operations, SQL and schema for the next SQL dialect", footer: nil, context: .codeTabs),
        KeyBinding(
            keys: [.character("D")], command: .toggleDrift,
            help: "Schema tab: the connected database against the history (drift), or back", footer: nil),
        KeyBinding(
            keys: [.character(">")], command: .stepForward,
            help: "apply the next pending migration toward the selected revision (one step)", footer: nil),
        KeyBinding(
            keys: [.character("s")], command: .stepForward, help: "the same as >", footer: nil, context: .otherTabs),
        KeyBinding(
            keys: [.character("<")], command: .stepBack, help: "undo the most recent migration on the selected line",
            footer: nil),
        KeyBinding(keys: [.character("u")], command: .upgradeTo, help: "upgrade the database to the selected revision", footer: nil),
        KeyBinding(
            keys: [.character("d")], command: .downgradeTo, help: "downgrade the database to the selected revision",
            footer: nil),
        KeyBinding(
            keys: [.character("S")], command: .stamp, help: "stamp the selected revision (version table only)", footer: nil),
        KeyBinding(
            keys: [.character("b")], command: .pickHeads, help: "choose a head to upgrade to, or all heads", footer: nil),
        KeyBinding(
            keys: [.character("m")], command: .mergeHeads, help: "write a merge revision of all heads (asks for its message)",
            footer: nil),
        KeyBinding(keys: [.character("r")], command: .reload, help: "reload the scripts, keeping the selection", footer: nil),
        KeyBinding(
            keys: [.character("R")], command: .readDatabase, help: "read the database's current revisions again",
            footer: nil),
        KeyBinding(keys: [.character("e")], command: .edit, help: "edit the script ($VISUAL or $EDITOR)", footer: nil),
        KeyBinding(keys: [.character("y")], command: .copyID, help: "copy the revision id", footer: nil),
        KeyBinding(keys: [.character("?")], command: .help, help: "show or hide this help", footer: "help"),
        KeyBinding(keys: [.character("q")], command: .quit, help: "quit", footer: "quit"),
    ]

    /// The command a key runs, if any, with the Operations, SQL or Schema tab shown or not.
    public static func command(for key: Key, showingCode: Bool = false) -> BrowserCommand? {
        bindings.first { $0.keys.contains(key) && $0.context.holds(showingCode: showingCode) }?.command
    }

    /// What the help says beyond single keys: the mouse, and keys that change with the focus.
    public static let otherHelp: [(keys: String, help: String)] = [
        ("mouse", "click selects a revision; the wheel scrolls the pane under it"),
        ("", "with the details focused, the movement keys scroll them"),
    ]

    /// The help overlay's lines: keys in a column, then what they do.
    public static var helpLines: [String] {
        let entries =
            bindings.map { (keys: $0.keys.map(\.description).joined(separator: " "), help: $0.context.helpPrefix + $0.help) }
            + otherHelp
        let width = entries.map { DisplayWidth.of($0.keys) }.max() ?? 0
        return entries.map { entry in
            entry.keys + String(repeating: " ", count: width - DisplayWidth.of(entry.keys)) + "  " + entry.help
        }
    }

    /// The footer: `key label` pairs for the bindings that have a footer label.
    public static var footer: String {
        bindings.compactMap { binding in binding.footer.map { "\(binding.keys[0]) \($0)" } }.joined(separator: "  ")
    }
}
