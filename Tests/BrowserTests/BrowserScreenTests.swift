import XCTest
@testable import Browser
import MigrationCore
import TerminalUI

/// Whole screens, text and roles, compared with recorded snapshots in Snapshots/; the
/// `mono-*` ones record each role resolved through the mono theme to its attributes
/// instead, to prove that the screen can be read without colour.
/// Re-record with RETORT_RECORD_SNAPSHOTS=1 (then read the diff before committing).
final class BrowserScreenTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()

    func sampleState() throws -> BrowserState {
        var options = ProjectOptions()
        options.configFiles = [SampleProject.ini.path]
        options.environment = ["RETORT_NO_CACHE": "1"]
        var state = try BrowserState(graph: LoadedProject.load(options).graph(), projectDescription: "sample/alembic.ini")
        state.pathPrefix = SampleProject.directory.path + "/"
        return state
    }

    /// The text, then the roles, or with a theme the styles they resolve to.
    func snapshot(_ screen: ScreenBuffer, theme: Theme?) -> String {
        guard let theme else { return screen.text + "\n---- roles\n" + screen.roles + "\n" }
        return screen.text + "\n---- styles (\(theme.name) theme)\n" + screen.styles(in: theme) + "\n"
    }

    func assertSnapshot(
        _ name: String, _ screen: ScreenBuffer, theme: Theme? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = Self.here.appendingPathComponent("Snapshots/\(name).txt")
        let actual = snapshot(screen, theme: theme)
        if ProcessInfo.processInfo.environment["RETORT_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(actual, expected, "screen \(name) changed:\n\(screen.text)", file: file, line: line)
    }

    func render(_ state: BrowserState, _ width: Int = 100, _ height: Int = 20, search: String? = nil) -> ScreenBuffer {
        var state = state
        state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: height)
        state.detailHeight = BrowserScreen.detailHeight(forTerminalHeight: height)
        return BrowserScreen.render(state, width: width, height: height, searchPrompt: search)
    }

    func testStartUp() throws {
        try assertSnapshot("start-up", render(try sampleState()))
    }

    func testScrolledToTheEnd() throws {
        var state = try sampleState()
        state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: 12 + 3)
        _ = state.apply(.last)
        try assertSnapshot("scrolled", render(state, 100, 15))
    }

    func testSearchTyping() throws {
        var state = try sampleState()
        _ = state.apply(.search)
        state.updateSearch("orders")
        try assertSnapshot("search", render(state, search: "orders"))
    }

    func testHelpOverlay() throws {
        var state = try sampleState()
        _ = state.apply(.help)
        try assertSnapshot("help", render(state, 100, 42))
    }

    func testASCIIGraphAndUnfocusedSelection() throws {
        var state = try sampleState()
        _ = state.apply(.toggleASCII)
        _ = state.apply(.switchPane)
        try assertSnapshot("ascii", render(state))
    }

    /// The Source tab: both functions, numbered and highlighted.
    func testSourceTab() throws {
        var state = try sampleState()
        state.updateSearch("orders and")
        state.endSearch(keep: true)
        _ = state.apply(.nextTab)
        try assertSnapshot("source", render(state, 120, 30))
    }

    /// The Operations tab (created in one colour, dropped in another, destructive marked)
    /// and the SQL tab for PostgreSQL, highlighted.
    func testOperationsAndSQLTabs() throws {
        var state = try sampleState()
        state.updateSearch("orders and")
        state.endSearch(keep: true)
        _ = state.apply(.nextTab)
        _ = state.apply(.nextTab)
        try assertSnapshot("operations", render(state, 120, 30))
        _ = state.apply(.nextTab)
        _ = state.apply(.toggleDialect)
        try assertSnapshot("sql-postgresql", render(state, 120, 30))
    }

    /// The Schema tab on "add status to orders": the orders table first, its new column
    /// marked as added; then on "create blog posts table", a whole table added.
    func testSchemaTabMarksWhatTheRevisionChanges() throws {
        var state = try sampleState()
        state.updateSearch("add status to orders")
        state.endSearch(keep: true)
        state.showTab(BrowserState.schemaTab)
        try assertSnapshot("schema", render(state, 120, 40))
        state.updateSearch("create blog posts")
        state.endSearch(keep: true)
        try assertSnapshot("schema-table-added", render(state, 120, 24))
    }

    /// A database at the merge point: rows marked current, applied or pending, and the
    /// header saying where the database is and how much is pending.
    func testDatabaseMarksAndHeader() throws {
        var state = try sampleState()
        state.database = DatabaseStatus(
            maskedURL: "postgresql://app:***@db/app", state: .rows(["e2b4f6a8c0d1", "58d0c3e7a9f1"]), graph: state.graph)
        try assertSnapshot("database", render(state, 120, 16))
        state.database = DatabaseStatus(
            maskedURL: "postgresql://app:***@db/app", state: .unavailable("connection refused (is the server running?)"),
            graph: state.graph)
        state.usesASCII = true
        try assertSnapshot("database-unavailable", render(state, 120, 16))
    }

    /// A destructive plan's dialog, waiting for the table's name to be typed.
    func testDestructiveConfirmationDialog() throws {
        var state = try sampleState()
        var dialog = ConfirmationDialog(
            title: "Downgrade sqlite:///sample.db to 9e1a7c3f5b82", isDestructive: true,
            planLines: [
                StyledLine("1. downgrade b7f2e9d4a613 -> 9e1a7c3f5b82  add region to daily sales  (1 statement)", role: "normal"),
                StyledLine("   alembic_version: UPDATE b7f2e9d4a613 -> 9e1a7c3f5b82", role: "date"),
            ],
            warningLines: [StyledLine("! drops column daily_sales.region: 1,204 rows", role: "destructive")],
            sqlLines: [
                StyledLine([("ALTER TABLE", "sql-keyword"), (" daily_sales ", "normal"), ("DROP COLUMN", "sql-keyword"), (" region;", "normal")])
            ],
            confirmationWord: "daily_sales")
        for c in "daily" { _ = dialog.handle(.character(c), sqlHeight: 5) }
        state.dialog = dialog
        try assertSnapshot("confirm-destructive", render(state, 100, 20))
    }

    /// With the details focused, the movement keys scroll them and the title says where.
    func testDetailsScrollWhenFocused() throws {
        var state = try sampleState()
        state.detailHeight = BrowserScreen.detailHeight(forTerminalHeight: 15)
        state.updateSearch("orders and")
        state.endSearch(keep: true)
        _ = state.apply(.nextTab)
        _ = state.apply(.focusDetails)
        _ = state.apply(.moveDown)
        _ = state.apply(.pageDown)
        try assertSnapshot("source-scrolled", render(state, 100, 15))
    }

    func testTooSmallTerminalSaysSo() throws {
        try assertSnapshot("too-small", render(try sampleState(), 50, 10))
    }

    /// The project with one unreadable script (the last row).
    func unreadableState() throws -> BrowserState {
        var options = ProjectOptions()
        let project = Self.root.appendingPathComponent("Tests/Fixtures/bad/syntax-error")
        options.configFiles = [project.appendingPathComponent("alembic.ini").path]
        options.environment = ["RETORT_NO_CACHE": "1"]
        let loaded = try LoadedProject.load(options)
        var state = try BrowserState(
            graph: loaded.graph(), projectDescription: "bad/syntax-error/alembic.ini",
            unreadable: loaded.problems.filter { $0.severity == .error })
        state.pathPrefix = project.path + "/"
        return state
    }

    func testUnreadableScriptIsListedWithItsError() throws {
        var state = try unreadableState()
        let project = Self.root.appendingPathComponent("Tests/Fixtures/bad/syntax-error")
        XCTAssertEqual(state.rowCount, 2)
        _ = state.apply(.last)
        XCTAssertEqual(state.selectedProblem?.line, 4)
        XCTAssertEqual(state.apply(.edit), .edit(path: project.path + "/versions/b.py", line: 4))
        try assertSnapshot("unreadable", render(state))
    }

    func testResizeKeepsTheSelection() throws {
        var state = try sampleState()
        _ = state.apply(.last)
        let before = state.selectedNode
        _ = render(state, 60, 15)
        state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: 40)
        XCTAssertEqual(state.selectedNode, before)
        try assertSnapshot("resized", render(state, 120, 40))
    }

    /// The bundled mono theme, as the browser loads it.
    func monoTheme() throws -> Theme {
        try ThemeLoader.load("mono", environment: ["RETORT_THEMES_DIR": Self.root.appendingPathComponent("themes").path])
    }

    /// Without colour: the header and footer bars, the selected row, heads (the second row
    /// down), the warning about several heads, and dim dates and borders.
    func testMonoThemeStartUp() throws {
        var state = try sampleState()
        _ = state.apply(.moveDown)
        try assertSnapshot("mono-start-up", render(state, 100, 15), theme: try monoTheme())
    }

    /// Without colour: a selected unreadable script and its error in the details.
    func testMonoThemeUnreadableSelected() throws {
        var state = try unreadableState()
        _ = state.apply(.last)
        try assertSnapshot("mono-unreadable-selected", render(state, 100, 15), theme: try monoTheme())
    }

    /// Without colour: an unreadable script that is not selected, below a selection whose
    /// pane is not focused.
    func testMonoThemeUnreadableAndUnfocusedSelection() throws {
        var state = try unreadableState()
        _ = state.apply(.switchPane)
        try assertSnapshot("mono-unreadable-unfocused", render(state, 100, 15), theme: try monoTheme())
    }
}
