import XCTest
@testable import Browser
import MigrationCore

/// The browser's behaviour on the sample project, without a terminal. Rows (newest first):
/// 0 3d6c8b1e5f27 head, 1 b7f2e9d4a613 head (reporting), 2 9e1a7c3f5b82, 3 6a4f2c8e0b95 head
/// (blog), 4 58d0c3e7a9f1, 5 e2b4f6a8c0d1 merge, 6 a93f0b4c6e12, 7 c5e71d9a2b08,
/// 8 7c2d5e8f1a64, 9 4b8e21d6a9c3, 10 1f3a9c2b7d40.
final class BrowserStateTests: XCTestCase {
    func state(page: Int = 4) throws -> BrowserState {
        var options = ProjectOptions()
        options.configFiles = [SampleProject.ini.path]
        options.environment = ["RETORT_NO_CACHE": "1"]
        var state = try BrowserState(graph: LoadedProject.load(options).graph())
        state.pageHeight = page
        return state
    }

    func id(_ state: BrowserState) -> String { state.selectedNode.map { state.graph.revisions[$0].id } ?? "-" }

    func testMovingPagingAndScrollingKeepTheSelectionVisible() throws {
        var s = try state()
        XCTAssertEqual(s.rows.count, 11)
        _ = s.apply(.moveUp)
        XCTAssertEqual(s.selected, 0)
        _ = s.apply(.pageDown)
        XCTAssertEqual(s.selected, 4)
        XCTAssertEqual(s.top, 1)
        _ = s.apply(.last)
        XCTAssertEqual(s.selected, 10)
        XCTAssertEqual(s.top, 7)
        _ = s.apply(.halfPageUp)
        XCTAssertEqual(s.selected, 8)
        _ = s.apply(.first)
        XCTAssertEqual([s.selected, s.top], [0, 0])
        s.pageHeight = 2
        _ = s.apply(.last)
        XCTAssertEqual(s.top, 9)
    }

    func testSearchIsIncrementalAndWraps() throws {
        var s = try state()
        _ = s.apply(.moveDown)
        XCTAssertEqual(s.apply(.search), .startSearch)
        s.updateSearch("o")  // "add region ..." is the first match at or after row 1
        XCTAssertEqual(id(s), "b7f2e9d4a613")
        s.updateSearch("orders")
        XCTAssertEqual(id(s), "a93f0b4c6e12")
        s.endSearch(keep: true)
        _ = s.apply(.nextMatch)
        XCTAssertEqual(id(s), "7c2d5e8f1a64")
        _ = s.apply(.nextMatch)  // "merge order status" has no "orders": back round to the first
        XCTAssertEqual(id(s), "a93f0b4c6e12")
        XCTAssertEqual(s.status, "search wrapped to the top")
        _ = s.apply(.previousMatch)
        XCTAssertEqual(id(s), "7c2d5e8f1a64")
        XCTAssertEqual(s.status, "search wrapped to the bottom")
    }

    func testSearchByIdPrefixLabelAndFileName() throws {
        var s = try state()
        _ = s.apply(.search)
        s.updateSearch("c5e7")
        XCTAssertEqual(id(s), "c5e71d9a2b08")
        s.updateSearch("BLOG")
        XCTAssertEqual(id(s), "6a4f2c8e0b95")
        s.updateSearch("last_login_to")
        XCTAssertEqual(id(s), "3d6c8b1e5f27")
        s.updateSearch("nothing-like-this")
        XCTAssertEqual(s.status, "no revision matches 'nothing-like-this'")
        s.endSearch(keep: false)
        XCTAssertEqual(s.selected, 0)
        XCTAssertEqual(s.query, "")
    }

    func testHeadsCycleAndParentChildJumps() throws {
        var s = try state()
        _ = s.apply(.jumpToHead)
        XCTAssertEqual(id(s), "b7f2e9d4a613")
        XCTAssertEqual(s.status, "head 2 of 3")
        _ = s.apply(.jumpToHead)
        XCTAssertEqual(id(s), "6a4f2c8e0b95")
        _ = s.apply(.jumpToHead)
        XCTAssertEqual(id(s), "3d6c8b1e5f27")
        _ = s.apply(.jumpToParent)
        XCTAssertEqual(id(s), "e2b4f6a8c0d1")
        _ = s.apply(.jumpToParent)
        XCTAssertEqual(id(s), "a93f0b4c6e12")
        XCTAssertEqual(s.status, "2 parents: went to the first")
        _ = s.apply(.jumpToChild)
        XCTAssertEqual(id(s), "e2b4f6a8c0d1")
        _ = s.apply(.last)
        _ = s.apply(.jumpToParent)
        XCTAssertEqual(s.status, "this revision has no parent")
    }

    func testEffectsForTheFrontEnd() throws {
        var s = try state()
        XCTAssertEqual(s.apply(.quit), .quit)
        XCTAssertEqual(s.apply(.copyID), .copy("3d6c8b1e5f27"))
        guard case .edit(let path, let line)? = s.apply(.edit) else { return XCTFail("no edit effect") }
        XCTAssertTrue(path.hasSuffix("3d6c8b1e5f27_add_last_login_to_users.py"))
        XCTAssertGreaterThan(line, 1)
        XCTAssertNil(s.apply(.help))
        XCTAssertTrue(s.showsHelp)
    }

    func testReloadKeepsTheSelectedRevision() throws {
        var s = try state()
        _ = s.apply(.jumpToHead)
        let graph = s.graph
        try s.replace(graph: graph)
        XCTAssertEqual(id(s), "b7f2e9d4a613")
    }

    func testTabsCycleAndTheSourceTabFollowsTheSelection() throws {
        var s = try state()
        XCTAssertNil(s.source)
        _ = s.apply(.nextTab)
        XCTAssertEqual(s.tab, 1)
        XCTAssertEqual(s.source?.path.hasSuffix("3d6c8b1e5f27_add_last_login_to_users.py"), true)
        // def upgrade() is line 21: its three lines, a gap, then downgrade's three lines.
        XCTAssertEqual(s.source?.lines.map(\.number), [21, 22, 23, nil, 26, 27, 28])
        _ = s.apply(.moveDown)
        XCTAssertEqual(s.source?.path.hasSuffix("b7f2e9d4a613_add_region_to_daily_sales.py"), true)
        _ = s.apply(.nextTab)
        _ = s.apply(.nextTab)
        XCTAssertEqual(s.tab, 3)
        _ = s.apply(.nextTab)
        XCTAssertEqual(s.tab, 4)
        _ = s.apply(.nextTab)
        XCTAssertEqual(s.tab, 0)
        _ = s.apply(.previousTab)
        XCTAssertEqual(s.tab, 4)
    }

    /// In the browser the Schema tab's lines are made on their own thread: the tab says it
    /// is reading until they are in, then shows what a synchronous reading shows.
    func testTheSchemaTabReadsInTheBackground() throws {
        var background = try state()
        background.readSchemaInBackground()
        background.showTab(BrowserState.schemaTab)
        let first = background.tabLines?.map { $0.segments.map(\.text).joined() }
        var lines = first
        let deadline = Date().addingTimeInterval(30)
        while lines?.first?.hasPrefix("-- reading the history") == true, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            lines = background.tabLines?.map { $0.segments.map(\.text).joined() }
        }
        XCTAssertTrue(
            first == ["-- reading the history up to 3d6c8b1e5f27…"] || first == lines, "\(first ?? [])")
        var direct = try state()
        direct.showTab(BrowserState.schemaTab)
        XCTAssertEqual(lines, direct.tabLines?.map { $0.segments.map(\.text).joined() })
        // Shown once more after they came in, then the front end may wait for keys.
        _ = background.schemaNeedsFrame()
        XCTAssertFalse(background.schemaNeedsFrame())
    }

    /// The Schema tab for PostgreSQL shows the enum types first, those the revision makes
    /// or changes marked like any other object.
    func testTheSchemaTabShowsEnumTypes() throws {
        var options = ProjectOptions()
        options.configFiles = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/schema-enums/alembic.ini").path
        ]
        options.environment = ["RETORT_NO_CACHE": "1"]
        var s = try BrowserState(graph: LoadedProject.load(options).graph())
        s.sqlDialect = .postgresql
        s.updateSearch("mood made by raw SQL")
        s.endSearch(keep: true)
        s.showTab(BrowserState.schemaTab)
        XCTAssertEqual(
            s.tabLines?.prefix(7).map { $0.segments.map(\.text).joined() },
            [
                "-- the schema after e2 for postgresql (s: dialect, D: the database)",
                "-- this revision: 3 changes (2 added, 1 altered)",
                "",
                "+ type mood ('sad', 'happy')",
                "  type priority ('low', 'high')",
                "~ type ticket_status ('open', 'pending', 'closed')  (was ('open', 'closed'))",
                "",
            ])
        XCTAssertEqual(s.tabLines?[5].segments.first?.role, "altered")
    }

    /// `D` opens the Schema tab on the database's drift and, there, goes back to the
    /// revision's schema; `s` switches the schema's dialect as in the SQL tab.
    func testDriftKeyAndTheSchemaTabsDialect() throws {
        var s = try state()
        XCTAssertEqual(KeyTable.command(for: .character("D")), .toggleDrift)
        _ = s.apply(.toggleDrift)
        XCTAssertEqual(s.tab, BrowserState.schemaTab)
        XCTAssertTrue(s.showsDrift)
        // No database: the tab says so rather than showing nothing.
        XCTAssertEqual(
            s.tabLines?.map { $0.segments.map(\.text).joined() },
            ["-- the database against the history (D: back)", "no database is connected (set sqlalchemy.url or pass --url)"])
        _ = s.apply(.toggleDrift)
        XCTAssertFalse(s.showsDrift)
        XCTAssertEqual(s.tabLines?.first?.segments.first?.text.hasPrefix("-- the schema after 3d6c8b1e5f27 for sqlite"), true)
        XCTAssertEqual(KeyTable.command(for: .character("s"), showingCode: s.showsCodeTab), .toggleDialect)
        _ = s.apply(.toggleDialect)
        XCTAssertEqual(s.tabLines?.first?.segments.first?.text.hasPrefix("-- the schema after 3d6c8b1e5f27 for postgresql"), true)
        // The schema after "add last_login to users", in PostgreSQL's types.
        XCTAssertTrue(s.tabLines?.contains { $0.segments.map(\.text).joined() == "+     last_login TIMESTAMP WITHOUT TIME ZONE" } == true,
            "\(s.tabLines?.map { $0.segments.map(\.text).joined() } ?? [])")
    }

    func testFocusedDetailsScrollWithinTheirLength() throws {
        var s = try state()
        s.detailHeight = 3
        _ = s.apply(.nextTab)
        _ = s.apply(.focusDetails)
        _ = s.apply(.moveDown)
        XCTAssertEqual([s.detailTop, s.selected], [1, 0])
        _ = s.apply(.last)
        XCTAssertEqual(s.detailTop, 4)  // 7 lines, 3 shown
        _ = s.apply(.pageDown)
        XCTAssertEqual(s.detailTop, 4)
        _ = s.apply(.first)
        XCTAssertEqual(s.detailTop, 0)
        _ = s.apply(.switchPane)
        _ = s.apply(.moveDown)
        XCTAssertEqual([s.detailTop, s.selected], [0, 1])
    }

    func testMouseClickSelectsAndTheWheelScrolls() throws {
        var s = try state()
        _ = s.apply(.pageDown)  // selected 4, top 1
        s.click(listLine: 2)
        XCTAssertEqual([s.selected, s.focus == .list ? 1 : 0], [3, 1])
        s.click(listLine: 50)  // below the last row: nothing
        XCTAssertEqual(s.selected, 3)
        s.wheel(.list, by: 3)
        XCTAssertEqual(s.selected, 6)
        s.wheel(.list, by: -30)
        XCTAssertEqual(s.selected, 0)
        s.detailHeight = 2
        _ = s.apply(.nextTab)
        s.wheel(.details, by: 3)
        XCTAssertEqual(s.detailTop, 3)
    }

    func testMouseTargetsFollowTheLayout() {
        XCTAssertEqual(BrowserScreen.target(row: 1, column: 0, width: 100, height: 20), .list(line: 0))
        XCTAssertEqual(BrowserScreen.target(row: 17, column: 59, width: 100, height: 20), .list(line: 16))
        XCTAssertNil(BrowserScreen.target(row: 1, column: 60, width: 100, height: 20))  // the border
        XCTAssertEqual(BrowserScreen.target(row: 5, column: 61, width: 100, height: 20), .details)
        XCTAssertNil(BrowserScreen.target(row: 0, column: 5, width: 100, height: 20))  // header
        XCTAssertNil(BrowserScreen.target(row: 18, column: 5, width: 100, height: 20))  // footer
        XCTAssertNil(BrowserScreen.target(row: 3, column: 5, width: 50, height: 10))  // too small
    }

    func testDialectToggleAndUninterpretableMarks() throws {
        var s = try state()
        XCTAssertEqual(s.sqlDialect, .sqlite)
        _ = s.apply(.toggleDialect)
        XCTAssertEqual(s.sqlDialect, .postgresql)
        XCTAssertEqual(s.status, "SQL for postgresql")
        // Every sample revision is plain Alembic: nothing is marked.
        XCTAssertEqual((0..<s.rows.count).filter { s.isUninterpretable(row: $0) != false }, [])
    }

    /// The SQL tab of a revision that asks the Inspector: answered from the replayed
    /// history, and the tab says so above the statements.
    func testTheSQLTabAnswersInspectorQuestionsFromTheHistory() throws {
        var options = ProjectOptions()
        options.configFiles = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/inspector/alembic.ini").path
        ]
        options.environment = ["RETORT_NO_CACHE": "1"]
        var s = try BrowserState(graph: LoadedProject.load(options).graph())
        s.pageHeight = 4
        while id(s) != "i3" { _ = s.apply(.moveDown) }
        while s.tab != BrowserState.sqlTab { _ = s.apply(.nextTab) }
        let text = (s.tabLines ?? []).map { $0.segments.map(\.text).joined() }
        XCTAssertEqual(
            Array(text.prefix(5)),
            [
                "-- upgrade() for sqlite (s: switch dialect)",
                "-- line 18: inspector.get_indexes('posts') answered from the schema the history describes (no database offline)",
                "-- line 20: inspector.get_indexes('posts') answered from the schema the history describes (no database offline)",
                "-- line 27: inspector.get_columns('posts') answered from the schema the history describes (no database offline)",
                "CREATE INDEX ix_posts_user_id ON posts (user_id);",
            ])
    }
}
