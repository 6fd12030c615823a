import Foundation
import XCTest

/// retort against Alembic on the bundled sample project (`DemoProject`, as `retort demo` writes it).
final class SampleProjectTests: XCTestCase {
    var ini: String { Harness.sampleProject.appendingPathComponent("alembic.ini").path }

    func testSampleProjectMatchesAlembic() throws {
        let oracle = try Harness.oracle()
        let map = try oracle.revisionMap(
            [Harness.sampleProject.appendingPathComponent("migrations/versions").path])
        XCTAssertEqual(map.revisions.count, 11)
        var commands = Compare.commands(for: map)
        commands += [
            ["history", "-r", "reporting@base:reporting@head"], ["history", "-r", "blog@base:"],
            ["history", "-r", "e2b4f6a8c0d1:"], ["history", "-r", "7c2d5e8f1a64:e2b4f6a8c0d1"],
            ["history", "-r", "58d0c3e7a9f1:3d6c8b1e5f27"], ["history", "-r", "e:"],
            ["history", "-r", "a9:"], ["history", "-v", "-r", ":reporting@head"],
            ["show", "e2b4f6a8c0d1"], ["show", "7c2d5e8f1a64"], ["show", "6a4f2c8e0b95"],
            ["show", "blog@head"], ["show", "reporting@head"], ["show", "e2b4"],
        ]
        try Compare.check(oracle: oracle, prefix: ["-c", ini], commands: commands)
        try Compare.checkHistoryJSON(expected: map, prefix: ["-c", ini])
    }

    /// The default config: `retort history` in the project directory finds ./alembic.ini.
    func testDefaultConfigInWorkingDirectory() throws {
        let oracle = try Harness.oracle()
        let alembic = try oracle.alembic(["history"], cwd: Harness.sampleProject)
        XCTAssertEqual(alembic.exit, 0, alembic.stdout + alembic.stderr)
        let retort = try Harness.retort(["history"], cwd: Harness.sampleProject)
        Compare.assertMatches(retort: retort, alembic: alembic, command: ["retort", "history"])
    }

    /// The README shows this output; keep it in step with the sample project.
    func testReadmeShowsCurrentHistory() throws {
        let oracle = try Harness.oracle()
        let alembic = try oracle.alembic(["-c", ini, "history"])
        let readme = try String(contentsOf: Harness.packageRoot.appendingPathComponent("README.md"),
                                encoding: .utf8)
        XCTAssertTrue(readme.contains(alembic.stdout),
                      "README.md must contain the sample project's `history` output:\n\(alembic.stdout)")
    }

    func testMissingConfigFails() throws {
        let dir = try Harness.temporaryDirectory(self, "noconfig")
        let missing = dir.appendingPathComponent("nope.ini").path
        let r = try Harness.retort(["-c", missing, "history"], cwd: dir)
        XCTAssertEqual(r.exit, 2, "missing config file: \(r.stderr)")
    }
}
