import XCTest
import Foundation
@testable import Browser
import MigrationCore
import TerminalUI

final class RevisionGraphTextTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func load(_ options: ProjectOptions) throws -> RevisionGraph {
        try LoadedProject.load(options).graph()
    }

    func sample() throws -> RevisionGraph {
        var options = ProjectOptions()
        options.configFiles = [SampleProject.ini.path]
        options.environment = ["RETORT_NO_CACHE": "1"]
        return try load(options)
    }

    func testSampleProject() throws {
        let graph = try sample()
        let nodes = try HistoryCommand.nodes(graph, range: nil)
        XCTAssertEqual(
            RevisionGraphText().lines(graph, nodes: nodes).joined(separator: "\n"),
            """
            ◉    3d6c8b1e5f27 (head) add last_login to users
            │◉   b7f2e9d4a613 (reporting) (head) add region to daily sales
            │●   9e1a7c3f5b82 (reporting) create daily sales table
            ││◉  6a4f2c8e0b95 (blog) (head) add comments by users [depends on 1f3a9c2b7d40]
            ││○  58d0c3e7a9f1 (blog) create blog posts table
            ◆┤   e2b4f6a8c0d1 (branchpoint) (mergepoint) merge order status and product search
            ●│   a93f0b4c6e12 add status to orders
            │●   c5e71d9a2b08 index product titles for search
            ◈╯   7c2d5e8f1a64 (branchpoint) create orders and order lines
            ●    4b8e21d6a9c3 create products table
            ○    1f3a9c2b7d40 create users table
            """)
    }

    func testRangeAndASCII() throws {
        let graph = try sample()
        let nodes = try HistoryCommand.nodes(graph, range: "7c2d5e8f1a64:e2b4f6a8c0d1")
        XCTAssertEqual(
            RevisionGraphText(glyphs: .ascii).lines(graph, nodes: nodes).joined(separator: "\n"),
            """
            M.  e2b4f6a8c0d1 (branchpoint) (mergepoint) merge order status and product search
            o|  a93f0b4c6e12 add status to orders
            |o  c5e71d9a2b08 index product titles for search
            Y'  7c2d5e8f1a64 (branchpoint) create orders and order lines
            """)
    }

    /// A small graph (a branch point, a labelled branch, a merge head with a dependency)
    /// in a test theme: each part in its role's style, ESC shown as `⎋`.
    func testColoursComeFromTheThemeRoles() throws {
        let graph = try RevisionGraph(revisions: [
            Revision(id: "1111", longDoc: "first"),
            Revision(id: "2222", downRevisions: ["1111"], branchLabels: ["side"], longDoc: "on the side"),
            Revision(id: "3333", downRevisions: ["1111"], longDoc: "main line"),
            Revision(id: "4444", downRevisions: ["2222", "3333"], dependencies: ["1111"], longDoc: "merge both\nsecond line"),
        ])
        let theme = try Theme.parse(
            """
            normal  = default
            message = default default italic
            graph-1 = red
            graph-2 = color34
            id      = yellow default bold
            label   = bright-green default underline
            head    = bright-yellow blue
            branch  = cyan default reverse
            merge   = magenta
            depends = default default dim
            """, path: "test.theme", name: "test", roles: ThemeRoles.all)
        let nodes = try HistoryCommand.nodes(graph, range: nil)
        let text = RevisionGraphText(theme: theme).lines(graph, nodes: nodes).joined(separator: "\n")
        XCTAssertEqual(
            text.replacingOccurrences(of: "\u{1B}", with: "⎋"),
            """
            ⎋[31m◉⎋[0m⎋[38;5;34m╮⎋[0m  ⎋[1;33m4444⎋[0m ⎋[4;92m(side)⎋[0m ⎋[93;44m(head)⎋[0m ⎋[35m(mergepoint)⎋[0m ⎋[3mmerge both⎋[0m ⎋[2m[depends on 1111]⎋[0m
            ⎋[31m●⎋[0m⎋[38;5;34m│⎋[0m  ⎋[1;33m2222⎋[0m ⎋[4;92m(side)⎋[0m ⎋[3mon the side⎋[0m
            ⎋[31m│⎋[0m⎋[38;5;34m●⎋[0m  ⎋[1;33m3333⎋[0m ⎋[3mmain line⎋[0m
            ⎋[31m◈⎋[0m⎋[38;5;34m╯⎋[0m  ⎋[1;33m1111⎋[0m ⎋[7;36m(branchpoint)⎋[0m ⎋[3mfirst⎋[0m
            """)
    }

    /// The superset history (many merges): its lanes only, so that no third-party text
    /// is committed. Re-record with RETORT_RECORD=1.
    func testSupersetHistory() throws {
        let histories =
            ProcessInfo.processInfo.environment["RETORT_HISTORIES"] ?? NSHomeDirectory() + "/.cache/retort/histories"
        let directory = histories + "/superset"
        guard FileManager.default.fileExists(atPath: directory) else {
            throw XCTSkip("no superset history at \(directory): make test downloads it (scripts/real-histories.sh)")
        }
        var options = ProjectOptions()
        options.versionLocations = [directory]
        options.environment = ["RETORT_NO_CACHE": "1"]
        let graph = try load(options)
        let nodes = try HistoryCommand.nodes(graph, range: nil)
        let glyphs = GraphGlyphs.unicode
        let text = zip(nodes, RevisionGraphText.layout(graph, nodes: nodes)).map { node, row in
            glyphs.text(row, node: RevisionGraphText.nodeKind(graph, node))
        }.joined(separator: "\n") + "\n"
        let golden = Self.root.appendingPathComponent("Tests/Fixtures/graphs/superset-6.1.0.txt")
        if ProcessInfo.processInfo.environment["RETORT_RECORD"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(text, try String(contentsOf: golden, encoding: .utf8))
        XCTAssertEqual(nodes.count, 344)
    }
}
