import Foundation
import XCTest

/// Retort and Alembic on the same live databases, taking turns: generated projects with
/// branches, merges, labels and depends_on (real bodies: every revision creates its own
/// table, some an index and a column), run through the same commands (every spec form:
/// relative steps, label@head, label@-1, branch points, stamps with and without
/// --purge). Four databases per project and dialect:
/// - Alembic only (the reference),
/// - Retort only,
/// - Retort first, then Alembic, then Retort, ... (Alembic continues what Retort did),
/// - Alembic first, then Retort, ... (the other way round).
/// After every command each database must have the reference's schema and version rows
/// (Tests/Oracle/sqlite_schema.py, pg_schema.py), a command must fail on every database
/// when it fails on the reference, and at the end `alembic current` and `retort current`
/// must print the same on all of them.
final class LiveInteropTests: XCTestCase {
    enum Tool { case alembic, retort }

    struct Lane {
        var name: String
        var database: LiveDatabase
        /// Which tool runs command `i`.
        var tool: (Int) -> Tool
    }

    func check(
        shape: String, count: Int, kind: LiveDatabase.Kind, commands: (RevisionMapDocument) -> [[String]],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "live-\(shape)")
        try oracle.makeProject(dir, shape: shape, count: count)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        let lanes = [
            Lane(name: "alembic only", database: try .make(kind, self, in: dir, name: "alembic"), tool: { _ in .alembic }),
            Lane(name: "retort only", database: try .make(kind, self, in: dir, name: "retort"), tool: { _ in .retort }),
            Lane(
                name: "retort first", database: try .make(kind, self, in: dir, name: "rfirst"),
                tool: { $0 % 2 == 0 ? .retort : .alembic }),
            Lane(
                name: "alembic first", database: try .make(kind, self, in: dir, name: "afirst"),
                tool: { $0 % 2 == 0 ? .alembic : .retort }),
        ]
        for (index, command) in commands(map).enumerated() {
            let label = "\(shape) \(kind) step \(index + 1) `\(command.joined(separator: " "))`"
            var referenceFailed = false
            var reference = ""
            for (number, lane) in lanes.enumerated() {
                let run = try self.run(lane.tool(index), command, ini: ini, database: lane.database, oracle: oracle, cwd: dir)
                let failed = run.exit != 0
                if number == 0 {
                    referenceFailed = failed
                    reference = try lane.database.schema(oracle)
                    continue
                }
                XCTAssertEqual(
                    failed, referenceFailed,
                    "\(label), \(lane.name) (\(lane.tool(index))): exit \(run.exit): \(run.stdout.suffix(400)) \(run.stderr.suffix(600))",
                    file: file, line: line)
                let schema = try lane.database.schema(oracle)
                XCTAssertEqual(
                    schema, reference, "\(label), \(lane.name): " + Compare.firstDifference(schema, reference),
                    file: file, line: line)
            }
        }
        // Both tools read every database the same.
        let expected = try self.run(.alembic, ["current"], ini: ini, database: lanes[0].database, oracle: oracle, cwd: dir)
        for lane in lanes {
            for tool in [Tool.alembic, .retort] {
                let current = try self.run(tool, ["current"], ini: ini, database: lane.database, oracle: oracle, cwd: dir)
                XCTAssertEqual(current.exit, 0, "\(shape) \(lane.name): \(tool) current: \(current.stderr)", file: file, line: line)
                XCTAssertEqual(
                    Self.lines(current.stdout), Self.lines(expected.stdout), "\(shape) \(lane.name): \(tool) current",
                    file: file, line: line)
            }
        }
    }

    private func run(
        _ tool: Tool, _ command: [String], ini: String, database: LiveDatabase, oracle: Oracle, cwd: URL
    ) throws -> RunResult {
        switch tool {
        case .alembic:
            return try oracle.alembic(["-c", ini, "-x", "url=\(database.url)"] + command, cwd: cwd)
        case .retort:
            let changes = command.first != "current"
            return try Harness.run(
                try Harness.retortBinary().path, ["-c", ini, "--url", database.url] + command + (changes ? ["--yes"] : []),
                cwd: cwd, timeout: 120)
        }
    }

    /// Alembic prints `current` in set order.
    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    // MARK: Commands per shape

    /// Branch points, merges (one three-way), relative steps, stamps.
    static func mergeCommands(_ map: RevisionMapDocument) -> [[String]] {
        let branchPoints = map.revisions.filter(\.is_branch_point).map(\.revision)
        let oldest = branchPoints.last!
        let newest = branchPoints.first!
        let child = map.revisions.last { $0.down_revisions.contains(oldest) }!.revision
        return [
            ["upgrade", "+2"], ["upgrade", oldest], ["upgrade", child], ["upgrade", "heads"], ["downgrade", "-1"],
            ["downgrade", newest], ["stamp", "base"], ["stamp", newest], ["downgrade", "-1"], ["upgrade", "+1"],
            ["upgrade", "head"], ["stamp", "--purge", "heads"], ["downgrade", "base"],
        ]
    }

    /// Two labelled bases with depends_on across them.
    static func dependsCommands(_ map: RevisionMapDocument) -> [[String]] {
        [
            ["upgrade", "schema@+2"], ["upgrade", "data@head"], ["downgrade", "data@-1"], ["upgrade", "heads"],
            ["downgrade", "schema@base"], ["upgrade", "data@+1"], ["upgrade", "heads"], ["stamp", "schema@base"],
            ["stamp", "heads"], ["downgrade", "base"],
        ]
    }

    /// Labelled branches (one root with two labels), several heads.
    static func labelCommands(_ map: RevisionMapDocument) -> [[String]] {
        let oldest = map.revisions.filter(\.is_branch_point).map(\.revision).last!
        return [
            ["upgrade", "feature_a@head"], ["upgrade", "experimental@head"], ["downgrade", "feature_b@-1"],
            ["upgrade", "heads"], ["downgrade", oldest], ["upgrade", "+1"], ["upgrade", "feature_b@+1"],
            ["upgrade", "heads"], ["stamp", "--purge", "heads"], ["downgrade", "feature_a@base"], ["downgrade", "base"],
        ]
    }

    // MARK: Tests

    func testMergesSQLite() throws {
        try check(shape: "merges", count: 14, kind: .sqlite, commands: Self.mergeCommands)
    }

    func testMergesPostgreSQL() throws {
        try check(shape: "merges", count: 14, kind: .postgresql, commands: Self.mergeCommands)
    }

    func testDependsSQLite() throws {
        try check(shape: "depends", count: 14, kind: .sqlite, commands: Self.dependsCommands)
    }

    func testDependsPostgreSQL() throws {
        try check(shape: "depends", count: 14, kind: .postgresql, commands: Self.dependsCommands)
    }

    func testLabelsSQLite() throws {
        try check(shape: "labels", count: 14, kind: .sqlite, commands: Self.labelCommands)
    }

    func testLabelsPostgreSQL() throws {
        try check(shape: "labels", count: 14, kind: .postgresql, commands: Self.labelCommands)
    }
}
