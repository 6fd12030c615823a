import Foundation
import MigrationCore
import XCTest

/// Retort's SQL against Alembic's offline (`--sql`) output, function by function: every
/// upgrade() and downgrade() of the fixtures and the real histories, for SQLite and
/// PostgreSQL. Retort renders in-process (MigrationCore), the oracle once per project.
///
/// Set RETORT_SQL_REPORT=/some/prefix to get every remaining difference in full in
/// `/some/prefix-<project>.txt`.
final class RevisionSQLTests: XCTestCase {
    /// The issue's target: of the non-empty functions Alembic renders, the share Retort
    /// must match exactly, per dialect, over the three real histories together.
    static let targetRate = 0.95

    /// Matched non-empty functions per history × dialect × direction, as achieved when
    /// this was recorded (alembic 1.20.1, SQLAlchemy 2.1.9, airflow-core 3.3.2, superset
    /// 6.1.0, mlflow 3.18.0): every function Alembic renders, so each equals the number
    /// Alembic renders with statements. A lower count fails: a regression. The oracle's
    /// pinned versions keep the denominators fixed.
    static let floors: [String: Int] = [
        "airflow sqlite upgrade": 39, "airflow sqlite downgrade": 24,
        "airflow postgresql upgrade": 64, "airflow postgresql downgrade": 57,
        "superset sqlite upgrade": 79, "superset sqlite downgrade": 69,
        "superset postgresql upgrade": 106, "superset postgresql downgrade": 102,
        "mlflow sqlite upgrade": 28, "mlflow sqlite downgrade": 16,
        "mlflow postgresql upgrade": 40, "mlflow postgresql downgrade": 27,
    ]

    /// Functions that match only after whitespace is collapsed, at most (recorded: none;
    /// `retort sql` prints Alembic's text byte for byte).
    static let layoutDifferenceCeiling = 0

    func compare(_ projects: [(name: String, paths: [String])], environment: [String: String] = [:]) throws
        -> OfflineSQLComparison
    {
        let oracle = try Harness.oracle()
        var comparison = OfflineSQLComparison()
        for project in projects {
            let results = try oracle.offlineSQL(project.paths, environment: environment)
            XCTAssertFalse(results.isEmpty, "the oracle found no functions in \(project.name)")
            comparison.add(project: project.name, results: results)
        }
        print(comparison.report())
        if let prefix = Harness.environment["RETORT_SQL_REPORT"], !prefix.isEmpty {
            let name = projects.map(\.name).joined(separator: "-")
            try comparison.detailedReport().write(toFile: "\(prefix)-\(name).txt", atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(comparison.badReasons, [], "every unsupported reason names its file and line")
        return comparison
    }

    func fixture(_ name: String) -> String {
        Harness.packageRoot.appendingPathComponent("Tests/Fixtures/\(name)/alembic.ini").path
    }

    /// Every function Alembic renders for the ops fixture (each operation, type and
    /// construct the renderer supports) matches, byte for byte.
    func testOpsFixtureMatchesAlembic() throws {
        let comparison = try compare([("ops", [fixture("ops")])])
        assertAllMatch(comparison)
    }

    /// Revisions that import the project's own helpers, constants and column types
    /// (Tests/Fixtures/ops-project-code/shop): Retort reads shop/ as Alembic imports it,
    /// and every function matches, in-process and through the command line.
    func testProjectCodeFixtureMatchesAlembic() throws {
        let root = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-project-code").path
        ProjectModules.shared.configure(searchPath: [root])
        defer { ProjectModules.shared.configure(searchPath: []) }
        let comparison = try compare([("ops-project-code", [fixture("ops-project-code")])])
        assertAllMatch(comparison)
        XCTAssertEqual(comparison.tallies.values.map(\.rendered).reduce(0, +), 16, "every function renders")

        let oracle = try Harness.oracle()
        for dialect in ["sqlite", "postgresql"] {
            for range in [["upgrade", "base:head"], ["downgrade", "head:base"]] {
                let theirs = try oracle.batch([["-c", fixture("ops-project-code"), "-x", "dialect=\(dialect)"] + range + ["--sql"]])[0]
                let ours = try Harness.retort(["-c", fixture("ops-project-code"), "--dialect", dialect] + range + ["--sql"])
                XCTAssertEqual(ours.exit, 0, ours.stderr)
                XCTAssertEqual(ours.stdout, theirs.stdout, "\(dialect) \(range)")
            }
        }
    }

    /// The fixture whose SQLite SQL only Alembic's renderer accepts (ALTER COLUMN, COMMENT
    /// ON, ADD COLUMN IF NOT EXISTS, `:name` traps in strings) matches too.
    func testRenderOnlyFixtureMatchesAlembic() throws {
        let comparison = try compare([("ops-render-only", [fixture("ops-render-only")])])
        assertAllMatch(comparison)
    }

    /// The constructs fixture (enum classes, multi-row VALUES, CASE/NOT/IN/LIKE, bind
    /// parameters, standard-library literals, try/except, table copies, SELECT) matches,
    /// byte for byte.
    func testConstructsFixtureMatchesAlembic() throws {
        let comparison = try compare([("ops-constructs", [fixture("ops-constructs")])])
        assertAllMatch(comparison)
    }

    /// Column types of sqlmodel and sqlalchemy_utils, which Retort models without the
    /// libraries, and a script's own type classes (`__visit_name__` with `@compiles`,
    /// `UserDefinedType` with `get_col_spec`), JSON elements:
    /// every function matches Alembic with both libraries installed (the oracle venv's).
    func testLibraryTypesFixtureMatchesAlembic() throws {
        let comparison = try compare([("ops-library-types", [fixture("ops-library-types")])])
        assertAllMatch(comparison)
        XCTAssertEqual(comparison.tallies.values.map(\.rendered).reduce(0, +), 20, "every function renders")
    }

    /// Functions Alembic cannot render (a query result used, an ORM session, app imports,
    /// inspection, batch without copy_from on SQLite): Retort refuses them or renders
    /// something that begins with what Alembic wrote before failing; those Alembic
    /// renders match, the one that imports a helper module of the project included (Retort
    /// reads the module from the project's path, as Alembic imports it).
    func testOpaqueFixture() throws {
        ProjectModules.shared.configure(
            searchPath: [Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque").path])
        defer { ProjectModules.shared.configure(searchPath: []) }
        let comparison = try compare([("ops-opaque", [fixture("ops-opaque")])])
        XCTAssertEqual(comparison.implausible.map { "\($0.key) \($0.revision)" }, [])
        XCTAssertEqual(comparison.differences.map(\.cause), [], "every function Alembic renders matches")
        let unrenderable = comparison.tallies.values.reduce(0) { $0 + $1.unrenderable }
        let refused = comparison.tallies.values.reduce(0) { $0 + $1.refused }
        XCTAssertEqual(refused, unrenderable, "every function Alembic cannot render is refused")
    }

    /// The real histories: at least 95% of the non-empty functions Alembic renders match,
    /// per dialect over the three histories, and no count falls below its recorded floor.
    func testRealHistoriesMatchAlembic() throws {
        let root = try Harness.histories()
        let names = ["airflow", "superset", "mlflow"]
        var projects: [(name: String, paths: [String])] = []
        for name in names {
            let dir = root.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: dir.path) else {
                let reason = "\(dir.path) missing; run scripts/real-histories.sh"
                print("SKIP: \(reason)")
                throw XCTSkip(reason)
            }
            projects.append((name, [dir.path]))
        }
        let comparison = try compare(projects)
        XCTAssertEqual(
            comparison.implausible.map { "\($0.key) \($0.revision): \($0.detail)" }, [],
            "where Alembic fails, Retort refuses or renders what Alembic began with")
        for dialect in ["sqlite", "postgresql"] {
            let tallies = comparison.tallies.filter { $0.key.dialect == dialect }.map(\.value)
            let rendered = tallies.reduce(0) { $0 + $1.rendered }
            let matched = tallies.reduce(0) { $0 + $1.matched }
            XCTAssertGreaterThan(rendered, 0)
            let rate = Double(matched) / Double(max(rendered, 1))
            print("\(dialect): \(matched)/\(rendered) non-empty functions match (\(String(format: "%.1f", 100 * rate))%)")
            XCTAssertGreaterThanOrEqual(rate, Self.targetRate, "\(dialect): \(matched) of \(rendered) match")
        }
        XCTAssertLessThanOrEqual(
            comparison.layoutDifferences.count, Self.layoutDifferenceCeiling,
            comparison.layoutDifferences.map { "\($0.key) \($0.revision):\n\($0.detail)" }.joined(separator: "\n"))
        XCTAssertEqual(Set(comparison.tallies.keys.map(\.description)), Set(Self.floors.keys), "a floor for every history × dialect × direction")
        for (key, tally) in comparison.tallies {
            let floor = Self.floors[key.description] ?? 0
            XCTAssertGreaterThanOrEqual(tally.matched, floor, "\(key): fewer functions match than recorded")
            XCTAssertEqual(tally.emptyMatched, tally.empty, "\(key): functions Alembic renders as nothing")
        }
    }

    /// The histories added for issue 13 (zenml, langflow, prefect's two, dagster, phoenix,
    /// jupyterhub), read by both tools with their applications' source on the path (see
    /// `withApplicationSource`). Over them, per dialect, at least `addedTargetRate` of the
    /// non-empty functions Alembic renders match; no count falls below its floor; every
    /// history prints its own rate. (Per history, phoenix falls short of 99% by the one
    /// function `addedShortfall` names, on each dialect.)
    func testAddedRealHistoriesMatchAlembic() throws {
        let names = Harness.realHistoryNames.filter { !["airflow", "superset", "mlflow"].contains($0) }
        let (projects, copy) = try withApplicationSource(names)
        ProjectModules.shared.configure(searchPath: [copy.path])
        defer { ProjectModules.shared.configure(searchPath: []) }
        let comparison = try compare(projects, environment: ["PYTHONPATH": copy.path])
        XCTAssertEqual(
            comparison.implausible.map { "\($0.key) \($0.revision): \($0.detail)" }, [],
            "where Alembic fails, Retort refuses or renders what Alembic began with")
        for name in names {
            for dialect in ["sqlite", "postgresql"] {
                let tallies = comparison.tallies.filter { $0.key.project == name && $0.key.dialect == dialect }.map(\.value)
                let rendered = tallies.reduce(0) { $0 + $1.rendered }
                let matched = tallies.reduce(0) { $0 + $1.matched }
                print("\(name) \(dialect): \(matched)/\(rendered) non-empty functions match"
                    + (rendered == 0 ? " (Alembic cannot import the revisions here)" : String(format: " (%.1f%%)", 100 * Double(matched) / Double(rendered))))
            }
        }
        for dialect in ["sqlite", "postgresql"] {
            let tallies = comparison.tallies.filter { $0.key.dialect == dialect }.map(\.value)
            let rendered = tallies.reduce(0) { $0 + $1.rendered }
            let matched = tallies.reduce(0) { $0 + $1.matched }
            let rate = Double(matched) / Double(max(rendered, 1))
            print("added histories, \(dialect): \(matched)/\(rendered) (\(String(format: "%.1f", 100 * rate))%)")
            XCTAssertGreaterThanOrEqual(rate, Self.addedTargetRate, "\(dialect): \(matched) of \(rendered) match")
        }
        let misses = Set(comparison.differences.map { "\($0.key.project) \($0.revision)" })
        XCTAssertEqual(misses.subtracting(Self.addedShortfall.keys), [], "functions that differ and are not known to")
        XCTAssertEqual(Set(Self.addedShortfall.keys).subtracting(misses), [], "listed as differing but match now: shorten the list")
        XCTAssertEqual(comparison.layoutDifferences.count, 0)
        XCTAssertEqual(Set(comparison.tallies.keys.map(\.description)), Set(Self.addedFloors.keys), "a floor for every key")
        for (key, tally) in comparison.tallies {
            XCTAssertGreaterThanOrEqual(tally.matched, Self.addedFloors[key.description] ?? 0, "\(key): fewer functions match than recorded")
        }
    }

    /// Of the added histories' functions Alembic renders, the share that must match per
    /// dialect (the issue's 99%; recorded: SQLite 335/336, PostgreSQL 625/627, 99.7%).
    static let addedTargetRate = 0.99

    /// The functions of the added histories that do not match, and why (each a refusal,
    /// none a wrong statement).
    static let addedShortfall: [String: String] = [
        "phoenix 3be8647b87d8": "an UPDATE of an ORM model (class Span) is not interpreted",
        "zenml 502b4fa5fa88": "a loop over an application enum whose members' properties (is_finished) decide the SQL",
        // Alembic renders nothing only because its import of langflow.services.auth.mcp_encryption
        // fails in the test's emptied copy (its dependencies are not installed) and the
        // script's `except ImportError` skips the body; installed, Alembic fails at
        // sa.inspect(MockConnection), where Retort refuses.
        "langflow 0882f9657f22": "an artefact of the test's copy of the application",
    ]

    /// Matched non-empty functions of the added histories, as recorded (the same pins).
    static let addedFloors: [String: Int] = [
        "dagster postgresql upgrade": 0, "dagster postgresql downgrade": 0, "dagster sqlite upgrade": 0,
        "dagster sqlite downgrade": 0,
        "jupyterhub postgresql upgrade": 4, "jupyterhub postgresql downgrade": 7, "jupyterhub sqlite upgrade": 4,
        "jupyterhub sqlite downgrade": 7,
        "langflow postgresql upgrade": 5, "langflow postgresql downgrade": 9, "langflow sqlite upgrade": 2,
        "langflow sqlite downgrade": 2,
        "phoenix postgresql upgrade": 32, "phoenix postgresql downgrade": 33, "phoenix sqlite upgrade": 20,
        "phoenix sqlite downgrade": 21,
        "prefect-pg postgresql upgrade": 63, "prefect-pg postgresql downgrade": 90, "prefect-pg sqlite upgrade": 52,
        "prefect-pg sqlite downgrade": 64,
        "prefect-sqlite postgresql upgrade": 60, "prefect-sqlite postgresql downgrade": 90,
        "prefect-sqlite sqlite upgrade": 44, "prefect-sqlite sqlite downgrade": 40,
        "zenml postgresql upgrade": 106, "zenml postgresql downgrade": 126, "zenml sqlite upgrade": 52,
        "zenml sqlite downgrade": 27,
    ]

    /// The real histories with their applications' own Python on the path, for Alembic
    /// (PYTHONPATH) and for Retort alike: every function Retort interprets renders as
    /// Alembic renders it. The packages' `__init__.py` files are emptied in the copy both
    /// read, so that Alembic can import a helper module without the application's
    /// dependencies (importing `airflow` itself needs half of PyPI).
    func testRealHistoriesWithTheirSourceMatchAlembic() throws {
        let (projects, copy) = try withApplicationSource(["airflow", "superset", "mlflow"])
        ProjectModules.shared.configure(searchPath: [copy.path])
        defer { ProjectModules.shared.configure(searchPath: []) }
        let comparison = try compare(projects, environment: ["PYTHONPATH": copy.path])
        XCTAssertEqual(comparison.implausible.map { "\($0.key) \($0.revision): \($0.detail)" }, [])
        let wrong = comparison.differences.filter { !$0.cause.hasPrefix("unsupported: ") }
        XCTAssertEqual(
            wrong.map { "\($0.key) \($0.revision) \($0.cause)\n\($0.detail)" }, [],
            "wherever Retort interprets a function, its SQL is Alembic's")
        // Recorded: 673 (airflow's PostgreSQL functions rise from 121 to 140 with its source).
        let matched = comparison.tallies.values.reduce(0) { $0 + $1.matched }
        XCTAssertGreaterThanOrEqual(matched, 673, "fewer functions match than recorded")
    }

    /// The histories `names` and one copy of their applications' Python, where each
    /// package's `__init__.py` is emptied so that Alembic can import a helper module without
    /// the application's dependencies (importing `airflow` itself needs half of PyPI).
    func withApplicationSource(_ names: [String]) throws -> (projects: [(name: String, paths: [String])], source: URL) {
        let root = try Harness.histories()
        let copy = try Harness.temporaryDirectory(self, "application-source")
        var projects: [(name: String, paths: [String])] = []
        let files = FileManager.default
        for name in names {
            let source = root.appendingPathComponent(name + "-source")
            guard files.fileExists(atPath: source.path) else {
                XCTFail("\(source.path) is missing: run scripts/real-histories.sh")
                continue
            }
            let enumerator = files.enumerator(atPath: source.path)
            while let relative = enumerator?.nextObject() as? String {
                guard relative.hasSuffix(".py") else { continue }
                let target = copy.appendingPathComponent(relative)
                guard !files.fileExists(atPath: target.path) else { continue }  // prefect's two histories share one
                try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if relative.hasSuffix("__init__.py") {
                    try Data().write(to: target)
                } else {
                    try files.copyItem(at: source.appendingPathComponent(relative), to: target)
                }
            }
            projects.append((name, [root.appendingPathComponent(name).path]))
        }
        return (projects, copy)
    }

    func assertAllMatch(_ comparison: OfflineSQLComparison, file: StaticString = #filePath, line: UInt = #line) {
        for (key, tally) in comparison.tallies.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(tally.matched, tally.rendered, "\(key): non-empty functions", file: file, line: line)
            XCTAssertEqual(tally.emptyMatched, tally.empty, "\(key): empty functions", file: file, line: line)
        }
        for difference in comparison.differences + comparison.layoutDifferences {
            XCTFail("\(difference.key) \(difference.revision): \(difference.cause)\n    \(difference.detail)", file: file, line: line)
        }
    }
}
