import Foundation
import XCTest

/// `--sql` on a project whose env.py takes its URL and metadata from the application
/// (Tests/Fixtures/offline-app): Retort runs env.py offline under the project's Python,
/// as `alembic upgrade --sql` does, and its script must be Alembic's byte for byte.
///
/// The fixture holds what the native engine alone gets wrong: the URL (PostgreSQL) is not
/// the configuration's `sqlalchemy.url` (SQLite); target_metadata's naming convention
/// names the constraints the revisions leave unnamed; a helper asks `alembic.context` for
/// the dialect and prints a warning for offline scripts; one statement holds a `;` and a
/// blank line of its own.
final class BridgeOfflineTests: XCTestCase {
    func project() throws -> URL {
        let directory = try Harness.temporaryDirectory(self, "offline-app")
        let project = directory.appendingPathComponent("project")
        try FileManager.default.copyItem(
            at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/offline-app"), to: project)
        return project
    }

    func compare(_ args: [String], environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line)
        throws -> RunResult
    {
        let python = try TutorialProject.python()
        let project = try project()
        let ours = try Harness.run(
            try Harness.retortBinary().path, args, cwd: project,
            extraEnvironment: environment.merging(["RETORT_PYTHON": python]) { a, _ in a })
        let theirs = try Harness.run(python, ["-m", "alembic"] + args, cwd: project, extraEnvironment: environment)
        XCTAssertEqual(theirs.exit, 0, theirs.stderr, file: file, line: line)
        XCTAssertEqual(ours.exit, 0, ours.stderr, file: file, line: line)
        XCTAssertEqual(
            ours.stdout, theirs.stdout, "\(args.joined(separator: " ")): " + Compare.firstDifference(ours.stdout, theirs.stdout),
            file: file, line: line)
        return ours
    }

    func testUpgradeScriptIsAlembics() throws {
        let run = try compare(["upgrade", "base:heads", "--sql"])
        XCTAssertTrue(run.stdout.contains("CONSTRAINT uq_users_email UNIQUE (email)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("-- WARNING: users.seen is not backfilled in offline mode\nCREATE FUNCTION"), run.stdout)
        XCTAssertTrue(
            run.stderr.contains(
                "note: the SQL of every revision function is written by the project's Alembic: target_metadata's naming "
                    + "convention (fk, ix, pk, uq) names constraints, which Retort does not apply"), run.stderr)
    }

    func testDowngradeScriptIsAlembics() throws {
        _ = try compare(["downgrade", "0002:base", "--sql"])
    }

    /// `--engine alembic --sql` without a Python that has Alembic is refused (exit 3, no
    /// SQL), never answered with Retort's own SQL instead.
    func testEngineAlembicWithoutAPythonWritesNothing() throws {
        let run = try Harness.run(
            try Harness.retortBinary().path, ["--engine", "alembic", "--python", "/nonexistent/python", "upgrade", "heads", "--sql"],
            cwd: Harness.sampleProject)
        XCTAssertEqual(run.exit, 3, run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(
            run.stderr.hasPrefix(
                "FAILED: every function's SQL must come from the project's Alembic (--engine alembic), and there is none: "
                    + "no Python with Alembic was found (/nonexistent/python: "), run.stderr)
    }

    /// env.py's URL follows the application's settings (here a variable): SQLite now.
    func testTheApplicationsURLDecidesTheDialect() throws {
        let run = try compare(["upgrade", "base:heads", "--sql"], environment: ["APP_DATABASE": "sqlite:///app.db"])
        XCTAssertFalse(run.stdout.contains("BEGIN;"), run.stdout)
        XCTAssertFalse(run.stdout.contains("CREATE FUNCTION"), run.stdout)
    }
}
