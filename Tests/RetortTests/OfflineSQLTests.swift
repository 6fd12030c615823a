import Foundation
import XCTest

/// `upgrade`, `downgrade` and `stamp` with `--sql` against Alembic's offline mode, byte for
/// byte, on projects made by make_project.py, in both dialects: every shape with empty
/// revision bodies (the plan and version rows), and some with real bodies (their SQL too).
final class OfflineSQLTests: XCTestCase {
    static let dialects = ["sqlite", "postgresql"]

    func checkShape(_ shape: String, count: Int, seed: Int = 1, emptyBodies: Bool = true,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "sql-\(shape)")
        try oracle.makeProject(dir, shape: shape, count: count, seed: seed, emptyBodies: emptyBodies)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        let cases = OfflineCase.cases(for: map)
        for dialect in Self.dialects {
            let expected = try oracle.batch(cases.map { $0.alembic(ini: ini, dialect: dialect) }, orderedMerges: true)
            for (offline, alembic) in zip(cases, expected) {
                let retort = try Harness.retort(offline.retort(ini: ini, dialect: dialect))
                OfflineCompare.assertSame(
                    retort: retort, alembic: alembic, label: "\(shape) \(dialect): `\(offline)`", file: file, line: line)
            }
        }
    }

    func testLinear() throws { try checkShape("linear", count: 12) }
    func testBranches() throws { try checkShape("branches", count: 24) }
    func testMerges() throws { try checkShape("merges", count: 24) }
    func testLabels() throws { try checkShape("labels", count: 24) }
    func testDependsOn() throws { try checkShape("depends", count: 14) }
    func testTwoBases() throws { try checkShape("twobases", count: 14) }
    func testMixed() throws { try checkShape("mixed", count: 60) }
    func testMixedOtherSeed() throws { try checkShape("mixed", count: 90, seed: 7) }
    func testMixedWithBodies() throws { try checkShape("mixed", count: 60, emptyBodies: false) }
    func testDependsOnWithBodies() throws { try checkShape("depends", count: 14, emptyBodies: false) }
    func testMergesWithBodies() throws { try checkShape("merges", count: 24, emptyBodies: false) }

    /// The oracle's `--ordered-merges` only fixes the order Alembic takes from a Python
    /// set: the real `alembic` executable writes the same unmerge for some hash seed.
    func testOrderedMergesIsOneOfAlembicsOrders() throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "sql-seeds")
        try oracle.makeProject(dir, shape: "merges", count: 12, emptyBodies: true)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        let merge = try XCTUnwrap(map.revisions.first { $0.is_merge_point && $0.down_revisions.count == 2 })
        let command = ["-c", ini, "-x", "url=postgresql://", "downgrade", "\(merge.revision):\(merge.down_revisions[0])",
                       "--sql"]
        let retort = try Harness.retort(["-c", ini, "--dialect", "postgresql"] + Array(command.dropFirst(4)))
        XCTAssertEqual(retort.exit, 0, retort.stderr)
        XCTAssertTrue(retort.stdout.contains("UPDATE alembic_version SET version_num='\(merge.down_revisions[1])'"),
                      "the last parent takes the merge's row: \(retort.stdout)")
        let patched = try oracle.batch([command], orderedMerges: true)[0]
        XCTAssertEqual(retort.stdout, patched.stdout)
        var outputs = Set<String>()
        for seed in 0..<20 {
            let real = try oracle.alembic(command, seed: seed)
            XCTAssertEqual(real.exit, 0, real.stderr)
            outputs.insert(real.stdout)
            if real.stdout == retort.stdout { break }
        }
        XCTAssertTrue(outputs.contains(retort.stdout), "no hash seed gives retort's order; alembic wrote \(outputs)")
    }
}
