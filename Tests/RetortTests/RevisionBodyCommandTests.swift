import Foundation
import XCTest

/// `retort sql` and `retort ops` on the sample project and the opaque fixtures: whole
/// outputs, exit statuses, and Alembic's own offline SQL for the same function.
final class RevisionBodyCommandTests: XCTestCase {
    let ini = Harness.sampleProject.appendingPathComponent("alembic.ini").path
    let opaque = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque/alembic.ini").path

    /// Alembic's statements for one function, from the oracle script.
    func alembicStatements(_ ini: String, _ revision: String, dialect: String, direction: String) throws -> [String] {
        let oracle = try Harness.oracle()
        let result = try Harness.run(
            oracle.python,
            [
                Harness.oracleScripts.appendingPathComponent("offline_sql.py").path, "--dialect", dialect, "--direction",
                direction, "--revision", revision, ini,
            ])
        XCTAssertEqual(result.exit, 0, result.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let results = document?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.count, 1)
        return results.first?["statements"] as? [String] ?? []
    }

    func testSQLIsAlembicsOfflineSQLForBothDialects() throws {
        for dialect in ["sqlite", "postgresql"] {
            for direction in ["upgrade", "downgrade"] {
                let expected = try alembicStatements(ini, "7c2d5e8f1a64", dialect: dialect, direction: direction)
                var args = ["-c", ini, "sql", "7c2d5e8f1a64", "--dialect", dialect]
                if direction == "downgrade" { args.append("--downgrade") }
                let run = try Harness.retort(args)
                XCTAssertEqual(run.exit, 0, run.stderr)
                XCTAssertEqual(run.stdout, expected.map { $0 + ";\n\n" }.joined(), "\(dialect) \(direction)")
            }
        }
    }

    func testDialectComesFromTheConfiguredURL() throws {
        let run = try Harness.retort(["-c", ini, "sql", "3d6c8b1e5f27"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        XCTAssertEqual(run.stdout, "ALTER TABLE users ADD COLUMN last_login DATETIME;\n\n")
        let unknown = try Harness.retort(["-c", ini, "sql", "3d6c8b1e5f27", "--url", "mssql://u@h/db"])
        XCTAssertEqual(unknown.exit, 1)
        XCTAssertEqual(
            unknown.stderr,
            "FAILED: --url mssql://u@h/db: Retort works with sqlite, postgresql and (through the project's Alembic) mysql; "
                + "the URL's dialect is mssql\n")
        // MySQL's SQL is the project's Alembic's to write: without a Python, a refusal naming --python.
        let mysql = try Harness.run(
            try Harness.retortBinary().path, ["-c", ini, "sql", "3d6c8b1e5f27", "--url", "mysql://u@h/db"],
            extraEnvironment: ["RETORT_PYTHON": "/nonexistent/python"])
        XCTAssertEqual(mysql.exit, 3, mysql.stderr)
        XCTAssertTrue(mysql.stderr.contains(":1: Retort does not write MySQL SQL itself; the project's Alembic does\n"), mysql.stderr)
        XCTAssertTrue(mysql.stderr.contains("pass --python PATH"), mysql.stderr)
    }

    func testOpsTextAndJSON() throws {
        let run = try Harness.retort(["-c", ini, "ops", "7c2d5e8f1a64", "--dialect", "postgresql"])
        XCTAssertEqual(
            run.stdout,
            """
            create table orders (id INTEGER, user_id INTEGER, placed_at TIMESTAMP WITHOUT TIME ZONE)
            create table order_lines (order_id INTEGER, product_id INTEGER, quantity INTEGER)

            """)
        let json = try Harness.retort(["-c", ini, "ops", "7c2d5e8f1a64", "--downgrade", "--json"])
        XCTAssertEqual(
            json.stdout,
            """
            {
              "revision": "7c2d5e8f1a64",
              "direction": "downgrade",
              "dialect": "sqlite",
              "operations": [
                "drop table order_lines",
                "drop table orders"
              ],
              "interpretable": true,
              "unsupported": [],
              "warnings": []
            }

            """)
    }

    func testAQueryResultThatSteersTheMigrationExits3WithTheReason() throws {
        let run = try Harness.retort(["-c", opaque, "sql", "c0ffee000002", "--dialect", "postgresql"])
        XCTAssertEqual(run.exit, 3)
        XCTAssertEqual(run.stdout, "SELECT count(*) FROM users WHERE email IS NULL;\n\n")
        let path = Harness.packageRoot.appendingPathComponent(
            "Tests/Fixtures/ops-opaque/migrations/versions/c0ffee000002_query_result_steers_migration.py").path
        let expected =
            "FAILED: upgrade() of c0ffee000002 cannot be fully interpreted; the output above is only what comes before:\n"
            + "  \(path):28: the result of the query at line 28 (known only when the migration runs); the `if` at line 29 depends on it\n"
        XCTAssertTrue(run.stderr.hasPrefix(expected), run.stderr)
        // Then what would make it render: no Python with this project's Alembic is found here.
        XCTAssertTrue(run.stderr.dropFirst(expected.count).hasPrefix("no Python with Alembic was found"), run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix("; pass --python PATH (the project's virtual environment) to run it through the project's Alembic\n"), run.stderr)
        let json = try Harness.retort(["-c", opaque, "sql", "c0ffee000004", "--dialect", "sqlite", "--json"])
        XCTAssertEqual(json.exit, 3)
        XCTAssertTrue(json.stdout.contains("\"interpretable\": false"), json.stdout)
        XCTAssertTrue(json.stdout.contains("is imported from shopapp.models, which Retort does not read"), json.stdout)
    }
}
