import Foundation
import MigrationCore
import XCTest

/// How much of the real histories the native engine interprets: per history, the share
/// of revision functions (those the scripts define) Retort follows to the end for
/// PostgreSQL, and the commonest reasons it stops, printed for `Benchmarks/README.md`.
/// A floor per history keeps the rate from falling back.
final class InterpretationCoverageTests: XCTestCase {
    /// Interpreted functions per history with its application's source on the path, as
    /// recorded (a lower count fails).
    static let floors: [String: Int] = [
        "airflow": 205, "superset": 395, "mlflow": 102, "zenml": 491, "langflow": 168, "prefect-pg": 217,
        "prefect-sqlite": 209, "dagster": 66, "phoenix": 65, "jupyterhub": 23,
    ]

    struct Coverage {
        var functions = 0
        var interpreted = 0
        var reasons: [String: Int] = [:]
        var obstacles: [String: Int] = [:]
        /// Each refused function as `file direction: reason`, for the detail report.
        var refusals: [String] = []
        /// Refused `upgrade()` functions: a whole `upgrade base:heads --sql` renders
        /// natively (exit 0) only when there are none.
        var refusedUpgrades = 0

        var rate: Double { functions == 0 ? 0 : Double(interpreted) / Double(functions) }
    }

    /// Every function of the scripts in `directory`, for PostgreSQL, with the project's
    /// modules read from `source` (none when nil).
    static func coverage(_ directory: URL, source: String?) throws -> Coverage {
        ProjectModules.shared.configure(searchPath: source.map { [$0] } ?? [])
        defer { ProjectModules.shared.configure(searchPath: []) }
        let paths = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".py") && $0 != "__init__.py" }.sorted()
            .map { directory.appendingPathComponent($0).path }
        var coverage = Coverage()
        // As `upgrade --sql` reads them: a function that needs the schema before it (a
        // table copy, an Inspector question) is read again against the replayed history.
        let graph = try RevisionGraph(revisions: RevisionLoader.load(paths: paths).revisions)
        let timeline = SchemaTimeline(graph: graph, dialect: .postgresql)
        for (node, revision) in graph.revisions.enumerated() {
            let bodies = RevisionBody.renderBoth(revision, dialect: .postgresql).map { body in
                body.needsSchema && !body.isInterpretable ? timeline.body(node, body.direction) : body
            }
            for body in bodies where body.exists {
                coverage.functions += 1
                if body.isInterpretable {
                    coverage.interpreted += 1
                } else if let first = body.unsupported.first {
                    if body.direction == .upgrade { coverage.refusedUpgrades += 1 }
                    coverage.reasons[Self.kind(first.reason), default: 0] += 1
                    coverage.obstacles[Self.obstacle(first.reason), default: 0] += 1
                    coverage.refusals.append(
                        "\((revision.path as NSString).lastPathComponent) \(body.direction): \(first.reason)")
                }
            }
        }
        return coverage
    }

    /// What kind of obstacle a refusal is: most are functions that Alembic's own offline
    /// mode cannot write either (it cannot inspect its mock connection or give rows).
    static func obstacle(_ reason: String) -> String {
        let kinds: [(String, [String])] = [
            ("asks the database's schema after a revision that cannot be followed (Alembic offline: cannot inspect)",
             ["not known for sure", "an operation before it cannot be read"]),
            ("reads rows or ORM objects (Alembic offline: no rows either)",
             ["the result of the query", "query_result", "an ORM construct", "classes, such as ORM", "known only when the migration runs"]),
            ("raises in Python", ["raises an exception", "Alembic raises"]),
            ("application state or a library Retort does not read (configuration, services, ORM set-up)",
             ["is not known: Retort stops reading", "which Retort does not read", "is not one Retort reads"]),
        ]
        for (kind, marks) in kinds where marks.contains(where: { reason.contains($0) }) { return kind }
        return "other (constructs Retort does not follow yet)"
    }

    /// A reason without the names in it, so that alike reasons count together.
    static func kind(_ reason: String) -> String {
        var text = ""
        var quoted = false
        for character in reason {
            if character == "`" || character == "'" {
                quoted.toggle()
                text.append("…")
                continue
            }
            if !quoted { text.append(character.isNumber ? "N" : character) }
        }
        return text.replacingOccurrences(of: "……", with: "…")
    }

    func testRealHistories() throws {
        let root = try Harness.histories().path
        var report = ["history         functions  interpreted   rate   (application source on the path)"]
        var total = Coverage()
        XCTAssertEqual(Set(Self.floors.keys), Set(Harness.realHistoryNames), "a floor for every history")
        for name in Harness.realHistoryNames {
            let directory = URL(fileURLWithPath: root).appendingPathComponent(name)
            let source = URL(fileURLWithPath: root).appendingPathComponent(name + "-source").path
            // scripts/real-histories.sh makes both; a missing one must not pass as a lower rate.
            guard FileManager.default.fileExists(atPath: directory.path), FileManager.default.fileExists(atPath: source)
            else {
                XCTFail("\(directory.path) or \(source) is missing: run scripts/real-histories.sh")
                continue
            }
            let without = try Self.coverage(directory, source: nil)
            let coverage = try Self.coverage(directory, source: source)
            report.append(
                name.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: "%10d %12d %6.1f%%", coverage.functions, coverage.interpreted, coverage.rate * 100)
                    + String(format: "   (without its source: %.1f%%)", without.rate * 100)
                    + (coverage.refusedUpgrades == 0
                        ? "; upgrade base:heads --sql: all native"
                        : "; upgrade base:heads --sql: \(coverage.refusedUpgrades) upgrades refused"))
            // RETORT_COVERAGE_DETAIL=<name> lists that history's refusals one by one.
            if ProcessInfo.processInfo.environment["RETORT_COVERAGE_DETAIL"] == name {
                report.append(contentsOf: coverage.refusals.map { "  " + $0 })
            }
            XCTAssertGreaterThanOrEqual(coverage.interpreted, Self.floors[name] ?? 0, name)
            total.functions += coverage.functions
            total.interpreted += coverage.interpreted
            for (reason, count) in coverage.reasons { total.reasons[reason, default: 0] += count }
            for (kind, count) in coverage.obstacles { total.obstacles[kind, default: 0] += count }
        }
        report.append(
            "all            " + String(format: "%10d %12d %6.1f%%", total.functions, total.interpreted, total.rate * 100))
        report.append("what the refused functions need:")
        for (kind, count) in total.obstacles.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            report.append(String(format: "%5d  ", count) + kind)
        }
        report.append("commonest reasons a function is not interpreted:")
        for (reason, count) in total.reasons.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) })
            .prefix(25)
        {
            report.append(String(format: "%5d  ", count) + reason)
        }
        print(report.joined(separator: "\n"))
    }
}
