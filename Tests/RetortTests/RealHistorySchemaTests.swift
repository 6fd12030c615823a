import Foundation
import XCTest

/// `retort schema REV` against the real thing on real histories: each revision of the
/// prefix Retort can interpret (from the base, in history order, up to the first function
/// it cannot write for the dialect) is upgraded by Alembic into a fresh database, reflected
/// by SQLAlchemy's inspector, and compared with the replay table by table (as
/// SchemaCommandTests compares the sample project).
///
/// The same databases are no drift to `retort drift`. This found three false drifts on
/// phoenix: PostgreSQL's FLOAT kept as DOUBLE PRECISION, CHECKs given back in PostgreSQL's
/// deparsed form, and SQLite's expression indexes not read at all.
///
/// Only histories whose prefix Alembic can run from an empty database here are compared:
/// phoenix's scripts use Alembic and SQLAlchemy alone (the oracle's venv runs them). The
/// others' first scripts import their applications (dagster, jupyterhub, zenml) or
/// sqlmodel, whose SQLAlchemy pin conflicts with the oracle's; mlflow's first revision
/// alters tables its application creates before stamping, so not even its own venv can
/// upgrade an empty database to it.
final class RealHistorySchemaTests: XCTestCase {
    static let envPy = """
        from alembic import context
        from sqlalchemy import create_engine

        url = context.get_x_argument(as_dictionary=True)["url"]
        with create_engine(url).connect() as connection:
            context.configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()

        """

    func testPhoenixOnBothDialects() throws {
        let python = try Harness.oracle().python
        try check("phoenix", python: python, kinds: [.sqlite, .postgresql], floor: 2)
    }

    func check(_ name: String, python: String, kinds: [LiveDatabase.Kind], floor: Int, line: UInt = #line) throws {
        let oracle = try Harness.oracle()
        let versions = try Harness.histories().appendingPathComponent(name)
        let project = try Harness.temporaryDirectory(self, "schema-\(name)")
        let scripts = project.appendingPathComponent("migrations")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: scripts.appendingPathComponent("versions"), withDestinationURL: versions)
        try Self.envPy.write(to: scripts.appendingPathComponent("env.py"), atomically: true, encoding: .utf8)
        let ini = project.appendingPathComponent("alembic.ini")
        try "[alembic]\nscript_location = %(here)s/migrations\npath_separator = os\n".write(
            to: ini, atomically: true, encoding: .utf8)
        let map = try oracle.revisionMap([versions.path])
        // History order from the base: a revision after all it stands on.
        let order = Array(map.revisions.map(\.revision).reversed())
        for kind in kinds {
            let dialect = kind == .sqlite ? "sqlite" : "postgresql"
            var prefix: [String] = []
            for revision in order {
                let sql = try Harness.retort(["-c", ini.path, "--dialect", dialect, "sql", revision], cwd: project)
                guard sql.exit == 0 else { break }
                prefix.append(revision)
            }
            print("\(name) \(dialect): \(prefix.count) revisions Retort interprets from the base")
            XCTAssertGreaterThanOrEqual(prefix.count, floor, "\(name) \(dialect)", line: line)
            for (index, revision) in prefix.enumerated() {
                let database = try LiveDatabase.make(kind, self, in: project, name: "\(name)\(index)")
                let upgraded = try Harness.run(
                    python, ["-m", "alembic", "-c", ini.path, "-x", "url=\(database.url)", "upgrade", revision], cwd: project,
                    extraEnvironment: ["PYTHONPATH": Harness.histories().appendingPathComponent("\(name)-source").path])
                XCTAssertEqual(upgraded.exit, 0, "\(name) \(revision): \(upgraded.stderr)", line: line)
                let reflected = try Harness.run(
                    oracle.python, [Harness.oracleScripts.appendingPathComponent("inspect_schema.py").path, database.url])
                XCTAssertEqual(reflected.exit, 0, reflected.stderr, line: line)
                let ours = try Harness.retort(["-c", ini.path, "--dialect", dialect, "schema", revision, "--json"], cwd: project)
                XCTAssertEqual(ours.exit, 0, ours.stderr, line: line)
                // The same database against the history: what Alembic left is no drift.
                let drift = try Harness.retort(["-c", ini.path, "--url", database.url, "drift"], cwd: project)
                XCTAssertEqual(drift.exit, 0, "\(name) \(dialect) \(revision): \(drift.stdout)\(drift.stderr)", line: line)
                var history = try SchemaCommandTests.historyShape(ours.stdout)
                if kind == .sqlite {
                    // SQLAlchemy's SQLite inspector skips expression indexes (with a warning):
                    // only indexes on columns are compared there.
                    history = history.mapValues { lines in
                        lines.filter { !($0.hasPrefix("index ") && ($0.contains(" + ") || $0.contains(" - "))) }
                    }
                }
                let alembic = try SchemaCommandTests.reflectedShape(reflected.stdout)
                XCTAssertEqual(history.keys.sorted(), alembic.keys.sorted(), "\(name) \(dialect) \(revision): tables", line: line)
                for (table, lines) in history where alembic[table] != nil && alembic[table] != lines {
                    XCTFail(
                        "\(name) \(dialect) \(revision) table \(table):\nretort schema: \(lines.joined(separator: "\n  "))\n"
                            + "reflected:     \((alembic[table] ?? []).joined(separator: "\n  "))", line: line)
                }
                if kind == .postgresql {
                    XCTAssertEqual(
                        try SchemaCommandTests.historyTypes(ours.stdout), try SchemaCommandTests.reflectedTypes(reflected.stdout),
                        "\(name) \(revision): enum types", line: line)
                }
            }
        }
    }
}
