import Foundation
import XCTest

/// retort against Alembic on projects made by Tests/Oracle/make_project.py.
final class GeneratedProjectTests: XCTestCase {
    func checkShape(_ shape: String, count: Int, seed: Int = 1,
                    file: StaticString = #filePath, line: UInt = #line) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, shape)
        try oracle.makeProject(dir, shape: shape, count: count, seed: seed)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let versions = dir.appendingPathComponent("migrations/versions").path
        let map = try oracle.revisionMap([versions])
        XCTAssertEqual(map.revisions.count, count, "make_project.py made \(map.revisions.count) revisions")
        try Compare.check(oracle: oracle, prefix: ["-c", ini], commands: Compare.commands(for: map),
                          file: file, line: line)
        try Compare.checkHistoryJSON(expected: map, prefix: ["-c", ini], file: file, line: line)
    }

    func testLinear() throws { try checkShape("linear", count: 12) }
    func testBranches() throws { try checkShape("branches", count: 24) }
    func testMerges() throws { try checkShape("merges", count: 24) }
    func testLabels() throws { try checkShape("labels", count: 24) }
    func testDependsOn() throws { try checkShape("depends", count: 14) }
    func testTwoBases() throws { try checkShape("twobases", count: 14) }
    func testMixed() throws { try checkShape("mixed", count: 60) }
    func testMixedOtherSeed() throws { try checkShape("mixed", count: 90, seed: 7) }

    /// The batch oracle (one Python process) must print what the `alembic` executable does.
    func testBatchOracleMatchesAlembicExecutable() throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "oracle")
        try oracle.makeProject(dir, shape: "mixed", count: 30)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let commands: [[String]] = [["history", "-v"], ["heads"], ["branches", "-v"],
                                    ["history", "-r", "zzzzzz:"], ["show", "head"]]
        let batch = try oracle.batch(commands.map { ["-c", ini] + $0 })
        for (command, b) in zip(commands, batch) {
            let real = try oracle.alembic(["-c", ini] + command)
            XCTAssertEqual(b.exit, real.exit, "exit of alembic \(command)")
            XCTAssertEqual(b.stdout, real.stdout, "stdout of alembic \(command)")
        }
    }

    /// revision_map.py (ast, no import) must agree with `alembic history` (import).
    func testRevisionMapMatchesAlembicHistory() throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "revmap")
        try oracle.makeProject(dir, shape: "mixed", count: 40, seed: 3)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        let history = try oracle.alembic(["-c", ini, "history"])
        XCTAssertEqual(history.exit, 0)
        let ids = history.stdout.split(separator: "\n").map { line -> String in
            let afterArrow = line.components(separatedBy: " -> ")[1]
            return String(afterArrow.prefix(while: { $0 != " " && $0 != "," }))
        }
        XCTAssertEqual(ids, map.revisions.map(\.revision))
    }
}
