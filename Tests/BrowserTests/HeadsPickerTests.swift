import Foundation
import XCTest
@testable import Browser
import MigrationCore
import TerminalUI

/// The `b` picker on the sample project's three heads, and upgrading one branch of it on
/// a fresh SQLite database.
final class HeadsPickerTests: XCTestCase {
    static var sample: URL { SampleProject.ini }

    func graph() throws -> RevisionGraph { try Self.sampleGraph() }

    static func sampleGraph() throws -> RevisionGraph {
        var options = ProjectOptions()
        options.configFiles = [sample.path]
        options.environment = ["RETORT_NO_CACHE": "1"]
        return try LoadedProject.load(options).graph()
    }

    func status(_ rows: [String], _ graph: RevisionGraph) -> DatabaseStatus {
        DatabaseStatus(maskedURL: "sqlite:///app.db", state: .rows(rows), graph: graph)
    }

    func testEntriesNameEachHeadItsLabelAndPendingCount() throws {
        let graph = try graph()
        let picker = HeadsPicker(graph: graph, database: status([], graph))
        XCTAssertEqual(picker.entries.map(\.target), ["3d6c8b1e5f27", "blog@head", "reporting@head", "heads"])
        // 3d6c8b1e5f27 stands on 7 revisions, blog on 3, reporting on 8; the base is shared.
        XCTAssertEqual(picker.entries.map(\.pending), [7, 3, 8, 11])
        XCTAssertEqual(picker.entries[1].text, "6a4f2c8e0b95 (blog)  add comments by users")
        let unread = HeadsPicker(graph: graph, database: nil)
        XCTAssertEqual(unread.entries.map(\.pending), [nil, nil, nil, nil])
    }

    func testKeysChooseAndClose() throws {
        let graph = try graph()
        var state = try BrowserState(graph: graph)
        state.database = status([], graph)
        XCTAssertNil(state.apply(.pickHeads))
        XCTAssertNil(state.handlePickerKey(.character("j")))
        XCTAssertNil(state.handlePickerKey(.down))
        XCTAssertEqual(state.handlePickerKey(.enter), .upgrade(target: "reporting@head"))
        XCTAssertNil(state.headsPicker)
        _ = state.apply(.pickHeads)
        XCTAssertNil(state.handlePickerKey(.escape))
        XCTAssertNil(state.headsPicker)
    }

    func testUpgradingOneBranchLeavesTheOthersPending() throws {
        let graph = try graph()
        let directory = NSTemporaryDirectory() + "retort-heads-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = LiveMigration.Settings()
        settings.currentDirectory = directory
        let url = try DatabaseURL("sqlite:///app.db")
        let planned = try ActionPlanner.plan(upgradeTo: "blog@head", graph: graph, url: url, settings: settings)
        XCTAssertEqual(planned.dialog.title, "Upgrade to blog@head on sqlite:///app.db")
        XCTAssertEqual(planned.plan.steps.count, 3)
        XCTAssertEqual(planned.plan.finalHeads, ["6a4f2c8e0b95"])
        let report = ActionRunner.run(planned, graph: graph, settings: settings, progress: { _ in })
        XCTAssertTrue(report.title.hasPrefix("Done in "), report.title)

        var options = ConnectOptions()
        options.currentDirectory = directory
        let connection = try url.connect(options)
        let rows = try VersionTable().revisions(on: connection)
        connection.close()
        XCTAssertEqual(rows, ["6a4f2c8e0b95"])
        let picker = HeadsPicker(graph: graph, database: status(rows, graph))
        XCTAssertEqual(picker.entries.map(\.pending), [7 - 1, 0, 8 - 1, 11 - 3], "the shared base is applied")
        XCTAssertThrowsError(try ActionPlanner.plan(upgradeTo: "blog@head", graph: graph, url: url, settings: settings))
    }

    /// Space marks heads; `m` merges the marked ones, or all heads when none is marked.
    func testMarkedHeadsAreMerged() throws {
        let graph = try Self.sampleGraph()
        var picker = HeadsPicker(graph: graph, database: nil)
        XCTAssertEqual(picker.handle(.character("m")), .merge(["heads"]))
        var marking = HeadsPicker(graph: graph, database: nil)
        XCTAssertNil(marking.handle(.character(" ")))
        XCTAssertNil(marking.handle(.character("m")))
        XCTAssertEqual(marking.hint, "mark two or more heads with Space (or none, for all heads)")
        _ = marking.handle(.down)
        _ = marking.handle(.character(" "))
        let ids = marking.entries.prefix(2).compactMap(\.id)
        XCTAssertEqual(marking.handle(.character("m")), .merge(ids))
        _ = picker.handle(.end)
        for _ in 0..<10 { _ = picker.handle(.down) }
        XCTAssertNil(picker.handle(.character(" ")))
        XCTAssertEqual(picker.hint, "mark heads, not \"all heads\"")
    }

    /// After `m` in the picker the message is typed, and the merge names the marked heads.
    func testThePickersMergeAsksForAMessage() throws {
        let graph = try Self.sampleGraph()
        var state = try BrowserState(graph: graph)
        _ = state.apply(.pickHeads)
        _ = state.handlePickerKey(.character(" "))
        _ = state.handlePickerKey(.down)
        _ = state.handlePickerKey(.character(" "))
        XCTAssertNil(state.handlePickerKey(.character("m")))
        XCTAssertNil(state.headsPicker)
        XCTAssertEqual(state.mergePrompt, "")
        for c in "two" { _ = state.handlePromptKey(.character(c)) }
        let heads = HeadsPicker(graph: graph, database: nil).entries.prefix(2).compactMap(\.id)
        XCTAssertEqual(state.handlePromptKey(.enter), .merge(message: "two", revisions: heads))
    }
}
