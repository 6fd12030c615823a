import Foundation
import MigrationCore
import XCTest

/// `retort drift`: a database Alembic upgraded reports nothing (exit 0); each change made
/// outside the history (an extra column, a missing index, a changed type, an extra or a
/// missing table) is reported object by object, on SQLite and PostgreSQL (exit 6).
final class DriftCommandTests: XCTestCase {
    let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/schema-diff")

    func testDriftOnSQLite() throws { try checkDrift(.sqlite) }

    func testDriftOnPostgreSQL() throws { try checkDrift(.postgresql) }

    func checkDrift(_ kind: LiveDatabase.Kind) throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-\(kind)")
        let project = directory.appendingPathComponent("project")
        try FileManager.default.copyItem(at: fixture, to: project)
        let ini = project.appendingPathComponent("alembic.ini")
        let original = try String(contentsOf: ini, encoding: .utf8)
        /// A fresh database at d3 (accounts: id, name VARCHAR(100), email, index ix_accounts_name, unique (email)).
        func upgraded(_ name: String) throws -> LiveDatabase {
            let database = try LiveDatabase.make(kind, self, in: directory, name: name)
            try original.replacingOccurrences(
                of: "sqlite:///%(here)s/x.db", with: database.url.replacingOccurrences(of: "%", with: "%%")
            ).write(to: ini, atomically: true, encoding: .utf8)
            let run = try oracle.alembic(["-c", ini.path, "upgrade", "d3"], cwd: project)
            XCTAssertEqual(run.exit, 0, run.stderr)
            return database
        }
        func drift(_ database: LiveDatabase, _ extra: [String] = []) throws -> RunResult {
            try Harness.retort(["-c", ini.path, "--url", database.url, "drift"] + extra, cwd: project)
        }
        func execute(_ database: LiveDatabase, _ statements: [String]) throws {
            let connection = try DatabaseURL(database.url).connect(ConnectOptions())
            defer { connection.close() }
            for statement in statements { try connection.execute(statement) }
        }
        let clean = try upgraded("clean")
        let none = try drift(clean)
        XCTAssertEqual(none.exit, 0, none.stderr)
        XCTAssertEqual(none.stdout, "No drift: every table of \(try DatabaseURL(clean.url).masked) (1) is as the history made it at d3\n")

        let changed = try upgraded("changed")
        let changeType =
            kind == .sqlite
            ? [
                "CREATE TABLE accounts_new (id INTEGER NOT NULL, name TEXT NOT NULL, email VARCHAR(200), PRIMARY KEY (id), "
                    + "CONSTRAINT uq_accounts_email UNIQUE (email))",
                "INSERT INTO accounts_new SELECT id, name, email FROM accounts", "DROP TABLE accounts",
                "ALTER TABLE accounts_new RENAME TO accounts",
            ]
            : ["DROP INDEX ix_accounts_name", "ALTER TABLE accounts ALTER COLUMN name TYPE TEXT"]
        try execute(
            changed,
            changeType + ["ALTER TABLE accounts ADD COLUMN nickname VARCHAR(20)", "CREATE TABLE audit (id INTEGER PRIMARY KEY)"])
        let found = try drift(changed)
        XCTAssertEqual(found.exit, 6, found.stderr)
        XCTAssertEqual(found.stderr, "FAILED: 4 differences between the database and the history\n")
        XCTAssertEqual(
            found.stdout,
            """
            Drift: 2 tables of \(try DatabaseURL(changed.url).masked) differ from the history at d3 (4 differences):
              accounts:
                column nickname VARCHAR(20): in the database, not in the history
                column name: TEXT NOT NULL in the database, VARCHAR(100) NOT NULL in the history
                index ix_accounts_name (name): in the history, not in the database
              audit: in the database, never made by the history

            """)
        let json = try JSONSerialization.jsonObject(with: Data(try drift(changed, ["--json"]).stdout.utf8)) as? [String: Any]
        let differences = (json?["differences"] as? [[String: Any]]) ?? []
        XCTAssertEqual(
            differences.map { "\($0["table"]!) \($0["object"]!) \($0["name"]!) \($0["state"]!)" },
            ["accounts column nickname extra", "accounts column name altered", "accounts index ix_accounts_name missing",
             "audit table audit extra"])
        XCTAssertEqual(differences[1]["database"] as? String, "TEXT NOT NULL")
        XCTAssertEqual(differences[1]["history"] as? String, "VARCHAR(100) NOT NULL")
        XCTAssertEqual(json?["revisions"] as? [String], ["d3"])

        // A table the history made, dropped by hand.
        let dropped = try upgraded("dropped")
        try execute(dropped, ["DROP TABLE accounts"])
        let missing = try drift(dropped)
        XCTAssertEqual(missing.exit, 6, missing.stderr)
        XCTAssertTrue(missing.stdout.contains("  accounts: made by the history, not in the database\n"), missing.stdout)
    }

    /// PostgreSQL's enum types: none differs on a database Alembic upgraded; a label added
    /// and a type made by hand are each reported.
    func testEnumTypesOnPostgreSQL() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "drift-enums")
        let project = directory.appendingPathComponent("project")
        try FileManager.default.copyItem(at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/schema-enums"), to: project)
        let database = try LiveDatabase.make(.postgresql, self, in: directory, name: "enums")
        let ini = project.appendingPathComponent("alembic.ini")
        try String(contentsOf: ini, encoding: .utf8).replacingOccurrences(
            of: "sqlite:///%(here)s/x.db", with: database.url.replacingOccurrences(of: "%", with: "%%")
        ).write(to: ini, atomically: true, encoding: .utf8)
        let upgraded = try oracle.alembic(["-c", ini.path, "upgrade", "e3"], cwd: project)
        XCTAssertEqual(upgraded.exit, 0, upgraded.stderr)
        let url = try DatabaseURL(database.url)
        let clean = try Harness.retort(["-c", ini.path, "--url", database.url, "drift"], cwd: project)
        XCTAssertEqual(
            clean.stdout, "No drift: every table of \(url.masked) (1) is as the history made it at e3, and so are its 3 enum types\n",
            clean.stderr)
        let connection = try url.connect(ConnectOptions())
        try connection.execute("ALTER TYPE priority ADD VALUE 'urgent'")
        try connection.execute("CREATE TYPE colour AS ENUM ('red')")
        connection.close()
        let found = try Harness.retort(["-c", ini.path, "--url", database.url, "drift"], cwd: project)
        XCTAssertEqual(found.exit, 6, found.stderr)
        XCTAssertEqual(
            found.stdout,
            """
            Drift: 2 enum types of \(url.masked) differ from the history at e3 (2 differences):
              type colour: in the database, never made by the history
              type priority: labels ('low', 'high', 'urgent') in the database, ('low', 'high') in the history

            """)
    }

    /// The tables the history cannot vouch for are not compared, and say why: a drift
    /// check that could not look everywhere does not pass (exit 3).
    func testTablesTheHistoryCannotVouchForAreNotCompared() throws {
        let project = try Harness.temporaryDirectory(self, "drift-opaque")
        let fixture = project.appendingPathComponent("opaque")
        try FileManager.default.copyItem(at: Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque"), to: fixture)
        let db = project.appendingPathComponent("o.db").path
        // The database is stamped, not upgraded: its tables are made here by hand.
        let connection = try DatabaseURL("sqlite:///" + db).connect(ConnectOptions())
        try connection.execute("CREATE TABLE notes (id INTEGER NOT NULL, created_by VARCHAR(50) DEFAULT 'system' NOT NULL, "
            + "created_at DATETIME DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id))")
        try connection.execute("CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))")
        connection.close()
        let heads = try Harness.retort(["heads"], cwd: fixture).stdout.split(separator: " ").first.map(String.init) ?? ""
        let stamp = try Harness.retort(["--url", "sqlite:///" + db, "stamp", heads, "--yes"], cwd: fixture)
        XCTAssertEqual(stamp.exit, 0, stamp.stderr)
        let run = try Harness.retort(["--url", "sqlite:///" + db, "drift"], cwd: fixture)
        XCTAssertEqual(run.exit, 3, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("No drift: every table of sqlite:///\(db) (1) is as the history made it at "), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nNot compared: users: revision c0ffee000006 before it cannot be interpreted"), run.stdout)
        XCTAssertEqual(run.stderr, "FAILED: 1 table not compared: the history cannot vouch for its shape\n")
    }
}
