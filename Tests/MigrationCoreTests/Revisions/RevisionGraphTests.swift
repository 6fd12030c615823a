import XCTest
@testable import MigrationCore

/// Graph facts compared with what Alembic 1.20.1's RevisionMap answers for the same
/// revisions (recorded from a run of RevisionMap on each graph).
final class RevisionGraphTests: XCTestCase {
    func graph(_ spec: [(String, [String], [String], [String])]) throws -> RevisionGraph {
        try RevisionGraph(
            revisions: spec.map { Revision(id: $0.0, downRevisions: $0.1, dependencies: $0.2, branchLabels: $0.3) })
    }

    func ids(_ g: RevisionGraph, _ nodes: [Int]) -> [String] { nodes.map { g.revisions[$0].id } }

    func history(_ g: RevisionGraph, lower: String = "base", upper: String = "heads") throws -> [String] {
        ids(g, try g.iterateRevisions(upper: upper, lower: lower, inclusive: true, assertRelativeLength: false))
    }

    func testDiamond() throws {
        let g = try graph([
            ("a", [], [], []), ("b", ["a"], [], []), ("c", ["a"], [], []), ("d", ["b", "c"], [], []), ("e", ["d"], [], []),
        ])
        XCTAssertEqual(ids(g, g.heads), ["e"])
        XCTAssertEqual(ids(g, g.bases), ["a"])
        XCTAssertEqual(try history(g), ["e", "d", "b", "c", "a"])
        XCTAssertTrue(g.isBranchPoint(0))
        XCTAssertTrue(g.isMergePoint(3))
    }

    func testBranchLabelsSpreadToDescendantsAndDownToTheBranchPoint() throws {
        let g = try graph([
            ("a", [], [], []), ("b", ["a"], [], ["feat"]), ("c", ["b"], [], []),
            ("x", [], [], ["other"]), ("y", ["x"], [], []),
        ])
        XCTAssertEqual(g.branchLabels, [["feat"], ["feat"], ["feat"], ["other"], ["other"]])
        XCTAssertEqual(ids(g, g.heads), ["c", "y"])
        XCTAssertEqual(ids(g, g.bases), ["a", "x"])
        XCTAssertEqual(try history(g), ["c", "b", "a", "y", "x"])
        XCTAssertEqual(try history(g, lower: "feat@base", upper: "feat@head"), ["c", "b", "a"])
        XCTAssertEqual(try history(g, upper: "other@head"), ["y", "x"])
        XCTAssertEqual(try history(g, lower: "feat@-1"), ["c", "b"])
    }

    func testLabelStopsAtBranchPoint() throws {
        let g = try graph([
            ("a", [], [], []), ("b", ["a"], [], []), ("c", ["b"], [], ["lbl"]), ("d", ["b"], [], []), ("e", ["c"], [], []),
        ])
        XCTAssertEqual(g.branchLabels, [[], [], ["lbl"], [], ["lbl"]])
        XCTAssertEqual(try history(g), ["d", "e", "c", "b", "a"])
    }

    func testDependsOnMakesEffectiveHeads() throws {
        let g = try graph([
            ("a", [], [], []), ("b", ["a"], [], []), ("x", [], [], ["lib"]), ("y", ["x"], ["b"], []), ("z", ["y"], [], []),
        ])
        XCTAssertEqual(ids(g, g.heads), ["b", "z"])
        XCTAssertEqual(ids(g, g.realHeads), ["z"])
        XCTAssertEqual(try history(g), ["z", "y", "x", "b", "a"])
        XCTAssertEqual(g.branchLabels[2...4].map { $0 }, [["lib"], ["lib"], ["lib"]])
        XCTAssertEqual(g.shortEntry(1, includeBranches: true, treeIndicators: false), "b (effective head)")
        XCTAssertEqual(
            g.shortEntry(3, includeBranches: true, includeDoc: true, includeParents: true), "x (b) -> y (lib), ")
    }

    func testSpecs() throws {
        let g = try graph([
            ("a1a1a1", [], [], []), ("b2b2b2", ["a1a1a1"], [], []), ("c3c3c3", ["a1a1a1"], [], []),
            ("c3c4c4", ["c3c3c3"], [], []),
        ])
        func resolve(_ spec: String) throws -> [String] { ids(g, try g.targets(for: spec).compactMap(\.node)) }
        XCTAssertEqual(try resolve("c3c3"), ["c3c3c3"])
        XCTAssertEqual(try resolve("heads"), ["b2b2b2", "c3c4c4"])
        XCTAssertEqual(try resolve("c3c3c3@head"), ["c3c4c4"])
        XCTAssertEqual(try resolve("-1"), ["a1a1a1", "c3c3c3"])
        XCTAssertEqual(try resolve("b2b2b2@-1"), [])
        XCTAssertThrowsError(try resolve("c3c")) { error in
            XCTAssertEqual((error as? ResolutionFailure)?.detail, "Multiple revisions start with 'c3c': 'c3c3c3', 'c3c4c4'...")
        }
        XCTAssertThrowsError(try resolve("head")) { error in
            XCTAssertEqual(
                (error as? RevisionError)?.message, "Multiple heads are present for given argument 'head'; b2b2b2, c3c4c4")
        }
        XCTAssertEqual(try history(g, lower: "c3c3c3"), ["c3c4c4", "c3c3c3"])
        XCTAssertEqual(try history(g, upper: "c3c3c3+1"), ["c3c4c4", "c3c3c3", "a1a1a1"])
        XCTAssertThrowsError(try history(g, lower: "b2b2b2", upper: "c3c4c4")) { error in
            XCTAssertTrue(error is RangeNotAncestor)
        }
        XCTAssertThrowsError(try history(g, lower: "-1")) { error in
            XCTAssertEqual(
                (error as? RevisionError)?.message,
                "Requested revision c3c3c3 overlaps with other requested revisions a1a1a1")
        }
    }

    func testRelativeSpecParsing() {
        XCTAssertEqual(RelativeSpec("head-1"), RelativeSpec(label: nil, symbol: "head", steps: -1, text: "-1"))
        XCTAssertEqual(RelativeSpec("feat@+2"), RelativeSpec(label: "feat", symbol: nil, steps: 2, text: "+2"))
        XCTAssertEqual(RelativeSpec("a@b@c+1"), RelativeSpec(label: "a@b", symbol: "c", steps: 1, text: "+1"))
        XCTAssertNil(RelativeSpec("1975ea83b712"))
        XCTAssertNil(RelativeSpec("feat@head"))
    }

    func testErrorsUseAlembicWording() {
        func failure(_ spec: [(String, [String], [String], [String])]) -> String? {
            do {
                _ = try graph(spec)
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(failure([("a", ["b"], [], []), ("b", ["a"], [], [])]), "Cycle is detected in revisions (a, b)")
        XCTAssertEqual(failure([("a", [], [], []), ("b", ["b"], [], [])]), "Self-loop is detected in revisions (b)")
        XCTAssertEqual(
            failure([("a", [], [], []), ("b", ["a"], ["b"], [])]), "Dependency self-loop is detected in revisions (b)")
        XCTAssertEqual(
            failure([("a", [], [], []), ("b", ["a"], ["c"], []), ("c", ["b"], [], [])]),
            "Dependency cycle is detected in revisions (a, b, c)")
        XCTAssertEqual(
            failure([("a", [], [], ["x"]), ("b", ["a"], [], ["x"])]), "Branch name 'x' in revision b already used by revision a")
        XCTAssertEqual(
            failure([("a-b", [], [], [])]), "Character(s) '-' not allowed in revision identifier 'a-b'")
        XCTAssertEqual(
            failure([("a", [], [], []), ("b", ["zz"], [], [])]), "Revision zz referenced from b () is not present")
        // A loop with a head above and a base below: Alembic's own check misses it.
        XCTAssertEqual(
            failure([("a", [], [], []), ("b", ["a", "d"], [], []), ("c", ["b"], [], []), ("d", ["c"], [], []), ("e", ["c"], [], [])]),
            "Cycle is detected in revisions (b, c, d)")
    }

    func testDuplicateIdKeepsLaterFileInEarlierPlace() throws {
        let g = try RevisionGraph(revisions: [
            Revision(id: "a", path: "1.py"), Revision(id: "b", downRevisions: ["a"], path: "2.py"),
            Revision(id: "a", path: "3.py"),
        ])
        XCTAssertEqual(g.revisions.map(\.path), ["3.py", "2.py"])
    }
}

extension RelativeSpec {
    init(label: String?, symbol: String?, steps: Int, text: String) {
        self.init("x+1")!
        branchLabel = label
        self.symbol = symbol
        self.steps = steps
        relativeText = text
    }
}
