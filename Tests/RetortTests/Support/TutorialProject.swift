import Foundation
import XCTest

/// A project made the way Alembic's tutorial makes one (Tests/Oracle/make_tutorial.py),
/// run by Retort with the project's own Python and by that Python's Alembic.
struct TutorialProject {
    /// The application environment `scripts/app-venvs.sh` makes (Alembic, SQLAlchemy,
    /// python-dotenv, aiosqlite, Flask-Migrate, PyMySQL), or a skip.
    static func python() throws -> String { try application("tutorial") }

    /// The Python of the application environment `name` (scripts/app-venvs.sh), or a skip.
    static func application(_ name: String) throws -> String {
        let python = Harness.defaultCache.appendingPathComponent("apps/\(name)/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            let reason = "no environment for \(name) at \(python): run scripts/app-venvs.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return python
    }

    let directory: URL
    let python: String
    let variant: String

    /// Makes the project of `variant` in a fresh directory; `dotenvURL` goes into its `.env`.
    static func make(_ test: XCTestCase, variant: String, dotenvURL: String? = nil) throws -> TutorialProject {
        let python = try python()
        let directory = try Harness.temporaryDirectory(test, "tutorial-\(variant)")
        let script = Harness.oracleScripts.appendingPathComponent("make_tutorial.py").path
        let made = try Harness.run(python, [script, directory.path, variant] + (dotenvURL.map { [$0] } ?? []))
        guard made.exit == 0 else { throw HarnessError.message("make_tutorial.py \(variant) failed: \(made.stderr)") }
        return TutorialProject(directory: directory, python: python, variant: variant)
    }

    /// Runs Retort in the project with `environment` added (the project's Python as
    /// `$RETORT_PYTHON` unless `environment` says otherwise).
    func retort(_ args: [String], _ environment: [String: String] = [:]) throws -> RunResult {
        var extra = ["RETORT_PYTHON": python]
        for (key, value) in environment { extra[key] = value }
        return try Harness.run(try Harness.retortBinary().path, args, cwd: directory, extraEnvironment: extra, timeout: 120)
    }

    /// Runs the project's own Alembic (`python -m alembic`).
    func alembic(_ args: [String], _ environment: [String: String] = [:]) throws -> RunResult {
        try Harness.run(python, ["-m", "alembic"] + args, cwd: directory, extraEnvironment: environment, timeout: 120)
    }

    /// The database's schema, rows and version rows, reflected by SQLAlchemy's inspector.
    func schema(_ url: String, versionTable: String = "alembic_version", schemas: [String] = []) throws -> String {
        let script = Harness.oracleScripts.appendingPathComponent("inspect_schema.py").path
        var args = [script, url, "--rows", "--version-table", versionTable]
        for schema in schemas { args += ["--schema", schema] }
        let result = try Harness.run(python, args, cwd: directory)
        guard result.exit == 0 else { throw HarnessError.message("inspect_schema.py failed: \(result.stderr)") }
        return result.stdout
    }
}
