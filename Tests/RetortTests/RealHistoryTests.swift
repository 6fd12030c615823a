import Foundation
import XCTest

/// retort against Alembic on real histories shipped in PyPI wheels (airflow, superset,
/// mlflow; scripts/real-histories.sh extracts them). Their scripts import their
/// applications, so Alembic reads them through Tests/Oracle's ast reader instead.
final class RealHistoryTests: XCTestCase {
    func checkHistory(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.histories().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: dir.path) else {
            let reason = "\(dir.path) missing; run scripts/real-histories.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        // No subdirectories in these versions directories, so no --recursive.
        let map = try oracle.revisionMap([dir.path])
        XCTAssertGreaterThan(map.revisions.count, 50)

        // `retort --version-location DIR history --json`, with no alembic.ini around.
        let empty = try Harness.temporaryDirectory(self, "\(name)-cwd")
        try Compare.checkHistoryJSON(expected: map, prefix: ["--version-location", dir.path],
                                     cwd: empty, file: file, line: line)

        // Alembic's text output, with an ini that points version_locations at DIR.
        let project = try Harness.temporaryDirectory(self, "\(name)-project")
        let scripts = project.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try Data().write(to: scripts.appendingPathComponent("script.py.mako"))
        let ini = project.appendingPathComponent("alembic.ini")
        try """
            [alembic]
            script_location = %(here)s/migrations
            version_locations = \(dir.path)
            path_separator = os

            """.write(to: ini, atomically: true, encoding: .utf8)
        var commands: [[String]] = [["history"], ["history", "-v"], ["heads"], ["heads", "-v"],
                                    ["branches"], ["branches", "-v"]]
        let revs = map.revisions
        let mid = revs[revs.count / 2].revision
        commands += [["history", "-r", "\(mid):"], ["history", "-r", ":\(mid)"],
                     ["show", revs[0].revision], ["show", revs[revs.count - 1].revision],
                     ["show", mid]]
        if let m = revs.first(where: \.is_merge_point) { commands.append(["show", m.revision]) }
        try Compare.check(oracle: oracle, prefix: ["-c", ini.path], commands: commands, ast: true,
                          file: file, line: line)
    }

    func testAirflow() throws { try checkHistory("airflow") }
    func testSuperset() throws { try checkHistory("superset") }
    func testMlflow() throws { try checkHistory("mlflow") }
}
