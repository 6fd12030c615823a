import XCTest
@testable import TerminalUI

/// Golden layouts: each graph is given as rows (children first) with named nodes and
/// their parents; the expected text shows each row's cells and the node's name.
final class GraphLayoutTests: XCTestCase {
    /// `rows`: (name, parent names) in display order.
    static func render(_ rows: [(String, [String])], glyphs: GraphGlyphs = .unicode) -> String {
        let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.0, $0) })
        let parents = rows.map { $0.1.compactMap { index[$0] } }
        var childCount = [Int](repeating: 0, count: rows.count)
        for list in parents { for p in list { childCount[p] += 1 } }
        let laid = GraphLayout.layout(parents: parents)
        return zip(rows.indices, laid).map { i, row in
            let kind: GraphGlyphs.NodeKind =
                childCount[i] == 0 ? .head : parents[i].count > 1 ? .merge : childCount[i] > 1 ? .branchPoint
                : parents[i].isEmpty ? .base : .plain
            let text = glyphs.text(row, node: kind)
            let trimmed = String(text.reversed().drop(while: { $0 == " " }).reversed())
            return trimmed + "  " + rows[i].0
        }.joined(separator: "\n")
    }

    func check(_ rows: [(String, [String])], _ expected: String, glyphs: GraphGlyphs = .unicode,
               file: StaticString = #filePath, line: UInt = #line) {
        let actual = Self.render(rows, glyphs: glyphs)
        if ProcessInfo.processInfo.environment["RETORT_PRINT_GRAPHS"] != nil { print("\n" + actual) }
        XCTAssertEqual(actual, expected, "\n--- actual ---\n\(actual)\n", file: file, line: line)
    }
}

extension GraphLayoutTests {
    func testLinear() {
        check([("c", ["b"]), ("b", ["a"]), ("a", [])], "◉  c\n●  b\n○  a")
    }

    func testDiamond() {
        check(
            [("e", ["d"]), ("d", ["b", "c"]), ("b", ["a"]), ("c", ["a"]), ("a", [])],
            "◉  e\n◆╮  d\n●│  b\n│●  c\n◈╯  a")
    }

    func testOctopusMerge() {
        check(
            [("m", ["a", "b", "c"]), ("a", ["r"]), ("b", ["r"]), ("c", ["r"]), ("r", [])],
            "◉┬╮  m\n●││  a\n│●│  b\n││●  c\n◈┴╯  r")
    }

    func testBranchInsideABranch() {
        check(
            [("t2", ["t1"]), ("x2", ["x1"]), ("y1", ["x1"]), ("x1", ["t0"]), ("t1", ["t0"]), ("t0", [])],
            "◉  t2\n│◉  x2\n││◉  y1\n│◈╯  x1\n●│  t1\n◈╯  t0")
    }

    func testCrossingKeepsTheVerticalUnbroken() {
        check(
            [("a2", ["a1"]), ("b2", ["b1"]), ("m", ["a1", "b1"]), ("a1", ["r"]), ("b1", ["r"]), ("r", [])],
            "◉  a2\n│◉  b2\n│├◉  m\n◈│╯  a1\n│◈  b1\n◈╯  r")
        let crossing = GraphLayout.layout(parents: [[3], [4], [3, 4], [5], [5], []])[3].cells[1]
        XCTAssertTrue(crossing.isCrossing)
    }

    func testTwoBasesSlideLeft() {
        check([("h", ["m"]), ("m", ["x", "y"]), ("x", []), ("y", [])], "◉  h\n◆╮  m\n○│  x\n○╯  y")
    }

    func testTwoIndependentHistories() {
        check([("a2", ["a1"]), ("b2", ["b1"]), ("a1", []), ("b1", [])], "◉  a2\n│◉  b2\n○│  a1\n○╯  b1")
    }

    func testLongLivedBranchNextToABusyTrunk() {
        check(
            [("t5", ["t4"]), ("t4", ["t3"]), ("f2", ["f1"]), ("t3", ["t2"]), ("t2", ["t1"]), ("f1", ["t1"]),
             ("t1", ["t0"]), ("t0", [])],
            "◉  t5\n●  t4\n│◉  f2\n●│  t3\n●│  t2\n│●  f1\n◈╯  t1\n○  t0")
    }

    func testASCIITable() {
        check(
            [("m", ["a", "b", "c"]), ("a", ["r"]), ("b", ["r"]), ("c", ["r"]), ("r", [])],
            "*+.  m\no||  a\n|o|  b\n||o  c\nY+'  r", glyphs: .ascii)
        check(
            [("a2", ["a1"]), ("b2", ["b1"]), ("m", ["a1", "b1"]), ("a1", ["r"]), ("b1", ["r"]), ("r", [])],
            "*  a2\n|*  b2\n|+*  m\nY|'  a1\n|Y  b1\nY'  r", glyphs: .ascii)
    }

    func testALaneKeepsItsColourWhileItLives() {
        // A trunk with a long branch beside it: the branch's cells keep one colour, and it
        // differs from the trunk's.
        let rows = GraphLayout.layout(parents: [[1], [3], [4], [4], [5], []])
        let branchColors = Set(rows[1...3].compactMap { $0.cells.count > 1 ? $0.cells[1].color : nil })
        let trunkColors = Set(rows.map { $0.cells[0].color })
        XCTAssertEqual(branchColors.count, 1)
        XCTAssertEqual(trunkColors.count, 1)
        XCTAssertNotEqual(branchColors.first, trunkColors.first ?? nil)
    }

    func testParentsOutsideTheRowsAreLeftOut() {
        // Row 0's parent 7 is not shown (a history range): the node simply ends.
        check([("a", ["zz"]), ("b", [])], "◉  a\n◉  b")
    }
}
