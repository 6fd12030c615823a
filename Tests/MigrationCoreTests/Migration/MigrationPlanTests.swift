import XCTest
@testable import MigrationCore

/// Plans from several current rows, which `--sql` cannot start from (it has one start at
/// most) but a live database can. Expected values were recorded from Alembic 1.20.1's
/// `_upgrade_revs` / `_downgrade_revs` / `_stamp_revs` and `HeadMaintainer.update_to_step`
/// on the same graphs, with the oracle's ordered merges (Tests/Oracle/alembic_batch.py).
final class MigrationPlanTests: XCTestCase {
    /// a <- b, c, d; m merges b and c; e follows b. Listed in Alembic's load order (the
    /// files are named after the ids), which decides the order of independent steps.
    let diamond: [(String, [String], [String])] = [
        ("a", [], []), ("b", ["a"], []), ("c", ["a"], []), ("d", ["a"], []), ("e", ["b"], []), ("m", ["b", "c"], []),
    ]
    /// Two lines; y (on x's line) depends on b (on a's line).
    let dependent: [(String, [String], [String])] = [("a", [], []), ("b", ["a"], []), ("x", [], []), ("y", ["x"], ["b"])]

    func graph(_ spec: [(String, [String], [String])]) throws -> RevisionGraph {
        try RevisionGraph(revisions: spec.map { Revision(id: $0.0, downRevisions: $0.1, dependencies: $0.2) })
    }

    /// Each step as `short log: changes`, then the rows left.
    func describe(_ plan: MigrationPlan) -> [String] {
        plan.steps.map { "\($0.shortLog): " + $0.versionChanges.map(\.description).joined(separator: ", ") }
            + ["rows: " + plan.finalHeads.sorted().joined(separator: ", ")]
    }

    func testMergeWithAnotherHeadDeletesOneParentRowAndMovesTheOther() throws {
        let g = try graph(diamond)
        XCTAssertEqual(
            describe(try .upgrade(g, to: "m", from: ["b", "c", "d"])),
            ["upgrade b, c -> m: DELETE b, UPDATE c -> m", "rows: d, m"])
        XCTAssertEqual(
            describe(try .upgrade(g, to: "heads", from: ["b", "c"])),
            ["upgrade b, c -> m: DELETE b, UPDATE c -> m", "upgrade b -> e: INSERT e", "upgrade a -> d: INSERT d",
             "rows: d, e, m"])
    }

    func testUnmergeInsertsAllParentsButTheLast() throws {
        let g = try graph(diamond)
        XCTAssertEqual(
            describe(try .downgrade(g, to: "b", from: ["m", "d"])),
            ["downgrade m -> b, c: INSERT b, UPDATE m -> c", "rows: b, c, d"])
        XCTAssertEqual(
            describe(try .downgrade(g, to: "a", from: ["m", "d"])),
            ["downgrade d -> a: DELETE d", "downgrade m -> b, c: INSERT b, UPDATE m -> c", "downgrade b -> a: DELETE b",
             "downgrade c -> a: UPDATE c -> a", "rows: a"])
    }

    func testDependencyRowsMergeAndUnmerge() throws {
        let g = try graph(dependent)
        XCTAssertEqual(
            describe(try .upgrade(g, to: "y", from: ["x", "b"])), ["upgrade x -> y: DELETE x, UPDATE b -> y", "rows: y"])
        XCTAssertEqual(
            describe(try .upgrade(g, to: "y", from: ["x"])),
            ["upgrade  -> a: INSERT a", "upgrade a -> b: UPDATE a -> b", "upgrade x -> y: DELETE x, UPDATE b -> y",
             "rows: y"])
        XCTAssertEqual(
            describe(try .downgrade(g, to: "a", from: ["y"])),
            ["downgrade y -> x: INSERT x, UPDATE y -> b", "downgrade b -> a: UPDATE b -> a", "rows: a, x"])
    }

    func testStamps() throws {
        let g = try graph(diamond)
        XCTAssertEqual(
            describe(try .stamp(g, to: ["m"], from: ["b", "d"])), ["stamp_revision b -> m: UPDATE b -> m", "rows: d, m"])
        XCTAssertEqual(
            describe(try .stamp(g, to: ["base"], from: ["b", "d"])),
            ["stamp_revision b -> : DELETE b", "stamp_revision d -> : DELETE d", "rows: "])
        XCTAssertEqual(describe(try .stamp(g, to: ["c"], from: ["b"])), ["stamp_revision  -> c: INSERT c", "rows: b, c"])
        XCTAssertEqual(describe(try .stamp(g, to: ["b"], from: ["m"])), ["stamp_revision m -> b: UPDATE m -> b", "rows: b"])
        XCTAssertEqual(describe(try .stamp(g, to: ["d"], from: ["d"])), ["rows: d"])
    }

    func testPurgePlansFromNoRows() throws {
        let g = try graph(diamond)
        let plan = try MigrationPlan.stamp(g, to: ["m"], from: ["b", "d"], purge: true)
        XCTAssertEqual(describe(plan), ["stamp_revision  -> m: INSERT m", "rows: m"])
        XCTAssertEqual(plan.startingHeads, ["b", "d"])
        XCTAssertTrue(plan.purge)
        XCTAssertThrowsError(try OfflineScript.render(plan, .init(dialect: .sqlite), bodies: EmptyBodyProvider())) {
            XCTAssertEqual(($0 as? CommandFailure)?.message, "Can't use --purge with --sql mode")
        }
    }

    func testEachStepKnowsTheRowsBeforeIt() throws {
        let g = try graph(diamond)
        let plan = try MigrationPlan.upgrade(g, to: "m", from: [])
        XCTAssertEqual(
            describe(plan),
            ["upgrade  -> a: INSERT a", "upgrade a -> c: UPDATE a -> c", "upgrade a -> b: INSERT b",
             "upgrade b, c -> m: DELETE b, UPDATE c -> m", "rows: m"])
        XCTAssertEqual(plan.steps.map(\.headsBefore), [[], ["a"], ["c"], ["c", "b"]])
    }

    func testErrorsUseAlembicsWording() throws {
        let g = try graph(diamond)
        func message(_ make: () throws -> MigrationPlan) -> String? {
            do {
                _ = try make()
                return nil
            } catch {
                return (error as? CommandFailure)?.message ?? "\(error)"
            }
        }
        XCTAssertEqual(
            message { try .upgrade(g, to: "head", from: []) },
            "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, "
                + "'<branchname>@head' to narrow to a specific head, or 'heads' for all heads")
        XCTAssertEqual(message { try .upgrade(g, to: "zzzz", from: []) }, "Can't locate revision identified by 'zzzz'")
        XCTAssertEqual(
            message { try .downgrade(g, to: "e", from: ["d"]) },
            "Destination e is not a valid downgrade target from current head(s)")
        XCTAssertEqual(
            message { try .stamp(g, to: ["head"], from: []) },
            "Multiple heads are present; please specify a single target revision")
    }

    /// x2 depends on a1 and on a2, a descendant of a1: Alembic's merge then deletes a row for
    /// a1 that was never there and stops on a KeyError. Retort says which step and row.
    func testImpossibleRowChangeNamesTheStep() throws {
        let g = try graph([("a1", [], []), ("a2", ["a1"], []), ("x1", [], []), ("x2", ["x1"], ["a1", "a2"])])
        XCTAssertThrowsError(try MigrationPlan.upgrade(g, to: "x2", from: ["x1", "a2"])) {
            XCTAssertEqual(
                ($0 as? MigrationPlanError)?.message,
                "upgrade x1 -> x2: Can't delete version 'a1': the version table holds a2")
        }
    }
}
