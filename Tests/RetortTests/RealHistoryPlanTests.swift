import Foundation
import MigrationCore
import XCTest

/// Plans on real histories (airflow, superset, mlflow) against Alembic's offline mode.
///
/// Their revision bodies call their applications, so neither tool can render them here:
/// Alembic reads the scripts through the oracle's ast reader, which gives every revision an
/// `upgrade()` and `downgrade()` that do nothing, and Retort's plan is written with a body
/// provider that does the same. What is compared is everything else of the script: the
/// steps, their order and descriptions, and every version-table statement.
final class RealHistoryPlanTests: XCTestCase {
    /// Treats every body as empty, like the oracle's stand-in functions.
    struct NoBodies: RevisionBodyProvider {
        func statements(for step: MigrationStep, dialect: Dialect) throws -> [String] { [] }
    }

    static let envPy = """
        from alembic import context

        x = context.get_x_argument(as_dictionary=True)
        context.configure(url=x.get("url", "sqlite://"), literal_binds=True, dialect_opts={"paramstyle": "named"})
        with context.begin_transaction():
            context.run_migrations()

        """

    func checkHistory(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let oracle = try Harness.oracle()
        let versions = try Harness.histories().appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: versions.path) else {
            let reason = "\(versions.path) missing; run scripts/real-histories.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        let project = try Harness.temporaryDirectory(self, "\(name)-plans")
        let scripts = project.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try Self.envPy.write(to: scripts.appendingPathComponent("env.py"), atomically: true, encoding: .utf8)
        let ini = project.appendingPathComponent("alembic.ini")
        try """
            [alembic]
            script_location = %(here)s/migrations
            version_locations = \(versions.path)
            path_separator = os

            """.write(to: ini, atomically: true, encoding: .utf8)

        var options = ProjectOptions()
        options.configFiles = [ini.path]
        let loaded = try LoadedProject.load(options)
        XCTAssertFalse(loaded.hasErrors, "\(loaded.problems)", file: file, line: line)
        let graph = try loaded.graph()

        let map = try oracle.revisionMap([versions.path])
        let revs = map.revisions
        let head = revs[0].revision
        let mid = revs[revs.count / 2].revision
        let heads = revs.filter(\.is_head).map(\.revision)
        var commands: [[String]] = [
            ["upgrade", "base:heads"], ["upgrade", "base:\(mid)"], ["upgrade", "\(mid):heads"], ["upgrade", "\(mid):+3"],
            ["downgrade", "\(head):\(mid)"], ["downgrade", "\(head):-3"], ["downgrade", "\(mid):base"],
            ["stamp", "heads"], ["stamp", "\(mid):heads"], ["stamp", "\(head):\(mid)"],
        ]
        for h in heads.prefix(3) { commands += [["upgrade", "base:\(h)"], ["downgrade", "\(h):base"]] }
        for merge in revs.filter(\.is_merge_point).prefix(3) {
            commands += [["downgrade", "\(merge.revision):\(merge.down_revisions[0])"],
                         ["upgrade", "\(merge.down_revisions[0]):\(merge.revision)"]]
        }

        for dialect in [Dialect.sqlite, .postgresql] {
            let expected = try oracle.batch(
                commands.map { ["-c", ini.path, "-x", "url=\(dialect.rawValue)://"] + $0 + ["--sql"] },
                ast: true, orderedMerges: true)
            for (command, alembic) in zip(commands, expected) {
                let retort = run(graph, command, dialect)
                OfflineCompare.assertSame(retort: retort, alembic: alembic,
                                          label: "\(name) \(dialect): `\(command.joined(separator: " ")) --sql`",
                                          file: file, line: line)
            }
        }
    }

    /// The command as the CLI runs it, with `NoBodies` in place of the CLI's provider.
    func run(_ graph: RevisionGraph, _ command: [String], _ dialect: Dialect) -> RunResult {
        var out = ""
        let options = OfflineScript.Options(dialect: dialect)
        do {
            if command[0] == "upgrade" {
                try MigrationCommand.upgrade(
                    graph, revision: command[1], sql: true, options: options, bodies: NoBodies(), to: &out)
            } else if command[0] == "downgrade" {
                try MigrationCommand.downgrade(
                    graph, revision: command[1], sql: true, options: options, bodies: NoBodies(), to: &out)
            } else {
                try MigrationCommand.stamp(
                    graph, revisions: Array(command.dropFirst()), sql: true, purge: false, options: options, to: &out)
            }
        } catch let failure as CommandFailure {
            return RunResult(stdout: "", stderr: "FAILED: \(failure.message)\n", exit: failure.status.rawValue)
        } catch {
            return RunResult(stdout: "", stderr: "unexpected error: \(error)\n", exit: 99)
        }
        return RunResult(stdout: out, stderr: "", exit: 0)
    }

    func testAirflow() throws { try checkHistory("airflow") }
    func testSuperset() throws { try checkHistory("superset") }
    func testMlflow() throws { try checkHistory("mlflow") }
}
