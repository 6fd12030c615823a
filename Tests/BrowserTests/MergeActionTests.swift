import Foundation
import XCTest
@testable import Browser
import MigrationCore
import TerminalUI

/// `m`: the message typed in the status line, the confirmation showing the file, and the
/// merge written into a copy of the sample project (three heads become one).
final class MergeActionTests: XCTestCase {
    func testTheMessageIsTypedThenConfirmed() throws {
        var state = try BrowserState(graph: HeadsPickerTests.sampleGraph())
        XCTAssertNil(state.apply(.mergeHeads))
        XCTAssertEqual(state.mergePrompt, "")
        for c in "merge alll" { XCTAssertNil(state.handlePromptKey(.character(c))) }
        XCTAssertNil(state.handlePromptKey(.backspace))
        XCTAssertEqual(state.handlePromptKey(.enter), .merge(message: "merge all", revisions: ["heads"]))
        XCTAssertNil(state.mergePrompt)
        _ = state.apply(.mergeHeads)
        XCTAssertNil(state.handlePromptKey(.enter), "no message, no merge")
        XCTAssertEqual(state.status, "merge cancelled: a merge revision needs a message")
    }

    func testOneHeadHasNothingToMerge() throws {
        var state = try BrowserState(graph: ActionTestProject().graph)
        _ = state.apply(.mergeHeads)
        XCTAssertNil(state.mergePrompt)
        XCTAssertEqual(state.status, "nothing to merge: the project has one head")
    }

    func testTheDialogShowsTheFileAndConfirmingWritesIt() throws {
        let (root, state, merge) = try Self.mergeOfAllHeadsOnASampleCopy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dialog = try XCTUnwrap(state.dialog)
        XCTAssertEqual(dialog.title, "Write merge revision abcdef012345 of 3d6c8b1e5f27, 6a4f2c8e0b95, b7f2e9d4a613")
        XCTAssertEqual(
            dialog.planLines.first.map { $0.segments.map(\.text).joined() },
            "file     migrations/versions/abcdef012345_merge_all.py")
        XCTAssertTrue(
            dialog.sqlLines.contains { $0.segments.map(\.text).joined() == "down_revision: Union[str, Sequence[str], None] = ('3d6c8b1e5f27', '6a4f2c8e0b95', 'b7f2e9d4a613')" },
            dialog.sqlLines.map { $0.segments.map(\.text).joined() }.joined(separator: "\n"))

        try merge.write()
        var options = ProjectOptions()
        options.configFiles = [root + "/alembic.ini"]
        options.environment = ["RETORT_NO_CACHE": "1"]
        XCTAssertEqual(try LoadedProject.load(options).graph().heads.count, 1)
    }

    /// A copy of the sample project (the caller removes `root`) and the browser showing
    /// the `m` dialog for a merge of its three heads, with a fixed id and date.
    static func mergeOfAllHeadsOnASampleCopy() throws -> (root: String, state: BrowserState, merge: MergeRevision) {
        let root = NSTemporaryDirectory() + "retort-merge-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: HeadsPickerTests.sample.deletingLastPathComponent().path, toPath: root)
        var options = ProjectOptions()
        options.configFiles = [root + "/alembic.ini"]
        options.environment = ["RETORT_NO_CACHE": "1"]
        let loaded = try LoadedProject.load(options)
        let graph = try loaded.graph()
        var request = MergeRevision.Request(revisions: ["heads"], message: "merge all")
        request.revisionID = "abcdef012345"
        request.date = Date(timeIntervalSince1970: 1_767_225_600)
        let merge = try MergeRevision.prepare(request, graph: graph, configuration: loaded.configuration)
        var state = try BrowserState(graph: graph, projectDescription: "sample/alembic.ini")
        state.pathPrefix = root + "/"
        state.dialog = MergeDialog.make(merge, graph: graph, displayPath: { [state] in state.displayPath($0) })
        return (root, state, merge)
    }
}
