import Foundation
import MigrationCore
import TerminalUI

/// What the browser shows and where the user is in it, free of any terminal: keys become
/// commands, commands change this state, views draw it.
public struct BrowserState: Sendable {
    public enum Pane: Sendable { case list, details }

    /// What the front end must do after a command that the state cannot do by itself.
    public enum Effect: Sendable, Equatable {
        case quit
        case startSearch
        case reload
        case readDatabase
        case edit(path: String, line: Int)
        case copy(String)
        /// Plan an action on the database for the revision `node` and show its confirmation.
        case action(BrowserAction, node: Int)
        /// Plan `upgrade target` (the heads picker's choice) and show its confirmation.
        case upgrade(target: String)
        /// Write a merge revision of these revisions (`heads`: all) with this message,
        /// behind a confirmation.
        case merge(message: String, revisions: [String])
    }

    public private(set) var graph: RevisionGraph
    /// The revision of each row, heads first in Alembic's history order.
    public private(set) var rows: [Int]
    /// The graph's lanes for every row, laid out once per graph.
    public private(set) var lanes: [GraphLayout.Row]
    /// The widest row of lanes, in columns: kept with the lanes so that no frame measures
    /// all of them.
    public private(set) var laneWidth: Int
    /// Scripts that could not be read: listed after the graph, with their error.
    public private(set) var unreadable: [ScriptProblem]

    /// Rows in the list: the revisions, then the unreadable scripts.
    public var rowCount: Int { rows.count + unreadable.count }
    /// What the header says about the project (configuration file, script location).
    public var projectDescription: String
    /// Paths are shown without this prefix (the project's directory), to keep them short.
    public var pathPrefix = ""

    /// A script's path as shown: relative to the project's directory when inside it.
    public func displayPath(_ path: String) -> String {
        !pathPrefix.isEmpty && path.hasPrefix(pathPrefix) ? String(path.dropFirst(pathPrefix.count)) : path
    }
    /// The selected row.
    public private(set) var selected = 0
    /// The first row on screen.
    public private(set) var top = 0
    /// How many rows the list shows; the layout sets it.
    public var pageHeight = 20 {
        didSet { scrollToSelection() }
    }
    public var focus: Pane = .list
    /// The details pane's tab: an index into `tabs`.
    public private(set) var tab = 0
    /// The first line of the details pane on screen, and how many lines it shows.
    public private(set) var detailTop = 0
    public var detailHeight = 18
    /// The selected revision's Source tab, read when that tab is shown.
    public private(set) var source: RevisionSource?
    public var showsHelp = false
    public var usesASCII = false
    /// A message for the status line (cleared by the next command).
    public private(set) var status: String?
    /// The current search text; `n`/`N` repeat it.
    public private(set) var query = ""
    private var searchStart = 0
    private var headCursor = -1
    /// Built at the first search after each graph change, so that starting the browser
    /// does not pay for it.
    private var searchIndex: SearchIndex?

    public static let tabs = ["Details", "Source", "Operations", "SQL", "Schema"]
    static let sourceTab = 1
    static let operationsTab = 2
    static let sqlTab = 3
    static let schemaTab = 4

    /// The confirmation dialog on screen, if any: it takes every key until it closes.
    public var dialog: ConfirmationDialog?

    /// Whether the Operations, SQL or Schema tab is shown (where `s` switches the dialect).
    public var showsCodeTab: Bool { tab >= Self.operationsTab }

    /// Whether the Schema tab shows the database against the history (`D`) rather than
    /// the selected revision's schema.
    public private(set) var showsDrift = false
    /// The connected database's drift from the history, as far as read.
    public var drift: DriftStatus?
    /// Counts the graph's replacements, so that what was read of the old one is read again.
    public private(set) var graphGeneration = 0

    /// A run's progress, drawn in the status line while it runs.
    public var progress: String?

    /// Puts a message in the status line (an action's outcome, say).
    public mutating func report(_ message: String?) { status = message }

    /// The merge revision's message while it is typed (`m`), shown in the status line.
    public private(set) var mergePrompt: String?
    /// What the merge being prompted for merges: `heads`, or the heads marked in the picker.
    public private(set) var mergeRevisions = ["heads"]

    /// Gives a key to the merge message being typed: Enter asks to write the merge, Esc
    /// leaves it.
    public mutating func handlePromptKey(_ key: Key) -> Effect? {
        guard var text = mergePrompt else { return nil }
        switch key {
        case .enter:
            mergePrompt = nil
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                status = "merge cancelled: a merge revision needs a message"
                return nil
            }
            return .merge(message: text, revisions: mergeRevisions)
        case .escape:
            mergePrompt = nil
            status = "merge cancelled"
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            mergePrompt = text
        case .character(let c):
            text.append(c)
            mergePrompt = text
        default:
            break
        }
        return nil
    }

    /// The `b` picker on screen, if any: it takes every key until it closes.
    public var headsPicker: HeadsPicker?

    /// Gives a key to the heads picker; returns the upgrade to plan when one is chosen.
    public mutating func handlePickerKey(_ key: Key) -> Effect? {
        guard var picker = headsPicker else { return nil }
        let outcome = picker.handle(key)
        headsPicker = outcome == nil ? picker : nil
        switch outcome {
        case .upgrade(let target)?: return .upgrade(target: target)
        case .merge(let revisions)?:
            // The message comes next, typed in the status line.
            mergeRevisions = revisions
            mergePrompt = ""
        default: break
        }
        return nil
    }

    /// Gives a key to the dialog; returns its outcome when it closes (and closes it).
    public mutating func handleDialogKey(_ key: Key, terminalHeight: Int) -> ConfirmationDialog.Outcome? {
        guard var open = dialog else { return nil }
        let outcome = open.handle(key, sqlHeight: ConfirmationView.sqlHeight(open, height: terminalHeight))
        dialog = outcome == nil ? open : nil
        return outcome
    }

    /// The database's applied and current revisions, when the browser read them.
    public var database: DatabaseStatus?
    /// The project's Alembic, asked for the SQL of functions Retort refuses (nil without a Python).
    public var alembicSQL: (@Sendable (RevisionBody) -> AlembicSQL?)?

    /// Where the revision on `row` stands in the database: nil without database rows.
    public enum RowState: Sendable { case current, applied, pending }

    public func rowState(_ row: Int) -> RowState? {
        guard let database, case .rows = database.state, rows.indices.contains(row) else { return nil }
        let node = rows[row]
        if database.current.contains(node) { return .current }
        return database.applied.contains(node) ? .applied : .pending
    }

    /// The dialect the Operations and SQL tabs are written for; `s` switches it.
    public var sqlDialect: Dialect = .sqlite
    /// The dialect of the project's database, when its URL names one (`s` offers it too).
    public var databaseDialect: Dialect?

    /// The dialect the operations and the `?` marks are read for: MySQL's SQL comes from
    /// the project's Alembic, and what Retort reads of a script is the same as for
    /// PostgreSQL, so the marks still say which functions Retort cannot follow.
    var readingDialect: Dialect { sqlDialect.rendersNatively ? sqlDialect : .postgresql }
    /// Each revision's operations and SQL, read as they are shown.
    let analysis = RevisionAnalysis()

    /// The graph's functions as the project's body cache keeps them, for the Schema tab's
    /// replays (set by the loader; nil: each function is read from its script).
    public var functions: RevisionFunctions? {
        get { analysis.functions }
        set { analysis.functions = newValue }
    }

    public init(graph: RevisionGraph, projectDescription: String = "", unreadable: [ScriptProblem] = []) throws {
        self.graph = graph
        self.projectDescription = projectDescription
        self.unreadable = unreadable
        rows = try HistoryCommand.nodes(graph, range: nil)
        lanes = RevisionGraphText.layout(graph, nodes: rows)
        laneWidth = lanes.map(\.cells.count).max() ?? 0
    }

    /// The selected revision's node; nil on an unreadable script.
    public var selectedNode: Int? { rows.indices.contains(selected) ? rows[selected] : nil }

    /// The selected unreadable script's problem, if that is what is selected.
    public var selectedProblem: ScriptProblem? {
        let index = selected - rows.count
        return unreadable.indices.contains(index) ? unreadable[index] : nil
    }

    /// Replaces the graph (after a reload), keeping the selected revision when it still exists.
    /// `functions` are the new graph's, from the project's body cache (nil: none).
    public mutating func replace(graph: RevisionGraph, unreadable: [ScriptProblem] = [], functions: RevisionFunctions? = nil) throws {
        let keep = selectedNode.map { self.graph.revisions[$0].id }
        self.graph = graph
        self.unreadable = unreadable
        rows = try HistoryCommand.nodes(graph, range: nil)
        lanes = RevisionGraphText.layout(graph, nodes: rows)
        laneWidth = lanes.map(\.cells.count).max() ?? 0
        searchIndex = nil
        graphGeneration += 1
        if let keep, let node = graph.indexByID[keep], let row = rows.firstIndex(of: node) {
            select(row)
        } else {
            select(min(selected, max(rowCount - 1, 0)))
        }
        source = nil  // the scripts may have changed: read them again
        analysis.clear()
        analysis.functions = functions
        loadSource()
    }

    public mutating func select(_ row: Int) {
        guard rowCount > 0 else { return }
        let previous = selected
        selected = max(0, min(rowCount - 1, row))
        scrollToSelection()
        if selected != previous {
            detailTop = 0
            loadSource()
        }
    }

    /// Shows details tab `index`, from its top.
    public mutating func showTab(_ index: Int) {
        tab = (index % Self.tabs.count + Self.tabs.count) % Self.tabs.count
        detailTop = 0
        loadSource()
    }

    /// Reads the selected script's functions when the Source tab shows them.
    private mutating func loadSource() {
        guard tab == Self.sourceTab, let node = selectedNode else { return }
        let revision = graph.revisions[node]
        if source?.path == revision.path { return }
        source = RevisionSource(path: revision.path, upgradeLine: revision.upgradeLine, downgradeLine: revision.downgradeLine)
    }

    /// How many lines the details pane has for the selection in the current tab.
    public var detailLineCount: Int {
        guard let node = selectedNode else { return 0 }
        switch tab {
        case Self.sourceTab: return source?.lines.count ?? 0
        case Self.operationsTab, Self.sqlTab, Self.schemaTab: return tabLines?.count ?? 0
        default: return RevisionDetails.lines(self, node: node).count
        }
    }

    /// The Operations, SQL or Schema tab's lines for the selected revision (nil on other tabs).
    var tabLines: [StyledLine]? {
        guard let node = selectedNode, showsCodeTab else { return nil }
        if tab == Self.schemaTab {
            if showsDrift { return SchemaTabLines.drift(drift, database: database) }
            return analysis.schemaLines(node, dialect: readingDialect, in: graph)
                ?? [StyledLine("-- reading the history up to \(graph.revisions[node].id)…", role: "python-comment")]
        }
        guard tab == Self.sqlTab else {
            let result = analysis.result(graph.revisions[node], dialect: readingDialect, node: node, in: graph)
            return RevisionTabs.operations(result, dialect: readingDialect, lint: analysis.lint(node, in: graph))
        }
        let result = analysis.result(graph.revisions[node], dialect: sqlDialect, node: node, in: graph)
        return RevisionTabs.sql(result, dialect: sqlDialect, alembic: alembicSQL)
    }

    /// Whether the revision on `row` has a function the evaluator cannot follow, for the
    /// current dialect (unreadable scripts are marked separately); nil when not read yet
    /// (the frame's reading budget is spent: a later frame marks it).
    func isUninterpretable(row: Int) -> Bool? {
        guard rows.indices.contains(row) else { return false }
        return analysis.resultWithinBudget(graph.revisions[rows[row]], dialect: readingDialect).map { !$0.isInterpretable }
    }

    /// Whether marks were left unread by the last frame: the front end draws again soon.
    public var hasPendingMarks: Bool { analysis.hasPending }
    /// Whether the Schema tab's lines are being made on their thread, or came in since the
    /// last frame: the front end draws again soon.
    public func schemaNeedsFrame() -> Bool { analysis.schemaNeedsFrame() }

    /// Makes the Schema tab's lines on a thread of their own, as the browser does (a key
    /// never waits for the history's replay); without it they are made when asked for.
    public func readSchemaInBackground() { analysis.backgroundSchema = analysis.backgroundSchema ?? SchemaTabReader() }

    /// Starts drawing a frame that reads at most `budget` scripts for the list's marks.
    public func beginFrame(markBudget budget: Int = Int.max) { analysis.beginFrame(budget: budget) }

    /// Scrolls the details pane, keeping its last line at the bottom at most.
    public mutating func scrollDetails(by lines: Int) {
        let limit = max(0, detailLineCount - max(1, detailHeight))
        detailTop = max(0, min(limit, detailTop + lines))
    }

    /// A click on list line `line` (0 is the first line on screen): selects that row.
    public mutating func click(listLine line: Int) {
        status = nil
        focus = .list
        if top + line < rowCount { select(top + line) }
    }

    /// The mouse wheel over a pane: the list moves its selection, the details scroll.
    public mutating func wheel(_ pane: Pane, by lines: Int) {
        status = nil
        switch pane {
        case .list: select(selected + lines)
        case .details: scrollDetails(by: lines)
        }
    }

    private mutating func scrollToSelection() {
        let height = max(1, pageHeight)
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        top = max(0, min(top, max(0, rowCount - height)))
    }

    /// Runs a command; returns what the front end must do, if anything.
    public mutating func apply(_ command: BrowserCommand) -> Effect? {
        status = nil
        if focus == .details, scrollsDetails(command) { return nil }
        let page = max(1, pageHeight)
        switch command {
        case .moveDown: select(selected + 1)
        case .moveUp: select(selected - 1)
        case .pageDown: select(selected + page)
        case .pageUp: select(selected - page)
        case .halfPageDown: select(selected + max(1, page / 2))
        case .halfPageUp: select(selected - max(1, page / 2))
        case .first: select(0)
        case .last: select(rowCount - 1)
        case .switchPane: focus = focus == .list ? .details : .list
        case .focusDetails: focus = .details
        case .previousTab: showTab(tab - 1)
        case .nextTab: showTab(tab + 1)
        case .search:
            searchStart = selected
            _ = preparedSearchIndex()
            return .startSearch
        case .nextMatch: findMatch(from: selected + 1, step: 1)
        case .previousMatch: findMatch(from: selected - 1, step: -1)
        case .jumpToHead: jumpToNextHead()
        case .jumpToParent: jump(to: selectedNode.map { graph.parentNodes(of: $0) } ?? [], what: "parent")
        case .jumpToChild: jump(to: selectedNode.map { graph.childNodes(of: $0) } ?? [], what: "child")
        case .toggleASCII: usesASCII.toggle()
        case .toggleDialect:
            switch sqlDialect {
            case .sqlite: sqlDialect = .postgresql
            case .postgresql: sqlDialect = databaseDialect == .mysql ? .mysql : .sqlite
            case .mysql: sqlDialect = .sqlite
            }
            status = "SQL for \(sqlDialect.rawValue)"
        case .toggleDrift:
            if tab != Self.schemaTab {
                showTab(Self.schemaTab)
                showsDrift = true
            } else {
                showsDrift.toggle()
                detailTop = 0
            }
            status = showsDrift ? "Schema: the database against the history (D: the revision's schema)" : nil
        case .reload: return .reload
        case .readDatabase: return .readDatabase
        case .edit:
            if let problem = selectedProblem { return .edit(path: problem.path, line: problem.line) }
            guard let node = selectedNode else { return nil }
            let revision = graph.revisions[node]
            return .edit(path: revision.path, line: revision.upgradeLine ?? 1)
        case .copyID:
            guard let node = selectedNode else { return nil }
            status = "copied \(graph.revisions[node].id)"
            return .copy(graph.revisions[node].id)
        case .stepForward, .stepBack, .upgradeTo, .downgradeTo, .stamp:
            guard let node = selectedNode else { return nil }
            let actions: [BrowserCommand: BrowserAction] = [
                .stepForward: .stepForward, .stepBack: .stepBack, .upgradeTo: .upgrade, .downgradeTo: .downgrade,
                .stamp: .stamp,
            ]
            guard let action = actions[command] else { return nil }
            return .action(action, node: node)
        case .pickHeads: headsPicker = HeadsPicker(graph: graph, database: database)
        case .mergeHeads:
            if graph.heads.count < 2 {
                status = "nothing to merge: the project has one head"
            } else {
                mergeRevisions = ["heads"]
                mergePrompt = ""
            }
        case .help: showsHelp.toggle()
        case .quit: return .quit
        }
        return nil
    }

    /// With the details focused, movement keys scroll them; returns false for other commands.
    private mutating func scrollsDetails(_ command: BrowserCommand) -> Bool {
        let page = max(1, detailHeight)
        switch command {
        case .moveDown: scrollDetails(by: 1)
        case .moveUp: scrollDetails(by: -1)
        case .pageDown: scrollDetails(by: page)
        case .pageUp: scrollDetails(by: -page)
        case .halfPageDown: scrollDetails(by: max(1, page / 2))
        case .halfPageUp: scrollDetails(by: -max(1, page / 2))
        case .first: detailTop = 0
        case .last: scrollDetails(by: detailLineCount)
        default: return false
        }
        return true
    }

    /// Search as the user types: the first match at or after where the search began.
    public mutating func updateSearch(_ text: String) {
        query = text
        status = nil
        guard !text.isEmpty else {
            select(searchStart)
            return
        }
        findMatch(from: searchStart, step: 1)
    }

    /// Leaves the search: kept (Enter) or undone (Esc).
    public mutating func endSearch(keep: Bool) {
        if !keep {
            query = ""
            select(searchStart)
        }
    }

    /// The search index for the current graph, built when first needed.
    private mutating func preparedSearchIndex() -> SearchIndex {
        if let searchIndex { return searchIndex }
        let index = SearchIndex(graph: graph, rows: rows, unreadable: unreadable)
        searchIndex = index
        return index
    }

    private mutating func findMatch(from start: Int, step: Int) {
        guard !query.isEmpty, rowCount > 0 else {
            status = "no search: press / to search"
            return
        }
        let index = preparedSearchIndex()
        let prepared = SearchIndex.Query(query)
        for offset in 0..<rowCount {
            let row = ((start + step * offset) % rowCount + rowCount) % rowCount
            if index.matches(row: row, prepared) {
                let wrapped = step > 0 ? row < start : row > start
                select(row)
                if wrapped { status = step > 0 ? "search wrapped to the top" : "search wrapped to the bottom" }
                return
            }
        }
        status = "no revision matches '\(query)'"
    }

    private mutating func jumpToNextHead() {
        let headRows = rows.indices.filter { graph.isHead(rows[$0]) }
        guard !headRows.isEmpty else { return }
        // Cycle from the head after the selection, so repeated presses visit every head.
        let next = headRows.first(where: { $0 > selected }) ?? headRows[0]
        select(next)
        status = headRows.count > 1 ? "head \((headRows.firstIndex(of: next) ?? 0) + 1) of \(headRows.count)" : nil
    }

    private mutating func jump(to nodes: [Int], what: String) {
        let shown = rows
        guard let row = nodes.lazy.compactMap({ shown.firstIndex(of: $0) }).first else {
            status = "this revision has no \(what)"
            return
        }
        select(row)
        if nodes.count > 1 { status = "\(nodes.count) \(what == "parent" ? "parents" : "children"): went to the first" }
    }
}
