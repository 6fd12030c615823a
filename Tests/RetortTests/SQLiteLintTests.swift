import Foundation
import MigrationCore
import XCTest

/// `lint --dialect sqlite`: SQLite's ALTER TABLE pitfalls, each rule hit by one branch of
/// Tests/Fixtures/lint-sqlite and missed by the others; and each statement a rule says
/// SQLite refuses is refused by SQLite itself, on the table with a row in it, while the
/// branches the rules leave alone run.
final class SQLiteLintTests: XCTestCase {
    let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/lint-sqlite")

    /// What the rules find, by revision.
    let expected = [
        "a_alter": "sqlite-alter-column", "a_batch": "sqlite-table-rebuild", "a_now": "sqlite-non-constant-default",
        "a_required": "sqlite-adding-required-field", "a_unique": "sqlite-adding-unique-or-primary-key-column",
    ]

    func testEachRuleHitsItsBranchOnly() throws {
        let run = try Harness.retort(["--dialect", "sqlite", "lint", "--json"], cwd: fixture)
        XCTAssertEqual(run.exit, 7, run.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = (document?["findings"] as? [[String: Any]]) ?? []
        XCTAssertEqual(
            findings.map { "\($0["revision"] ?? "") \($0["rule"] ?? "")" }.sorted(),
            expected.map { "\($0.key) \($0.value)" }.sorted())
        // squawk's PostgreSQL rules are still the default, and --pg-version is theirs alone.
        let postgres = try Harness.retort(["lint", "--json"], cwd: fixture)
        XCTAssertFalse(postgres.stdout.contains("sqlite-"), postgres.stdout)
        let mixed = try Harness.retort(["--dialect", "sqlite", "lint", "--pg-version", "13"], cwd: fixture)
        XCTAssertEqual(mixed.exit, 1)
        XCTAssertEqual(mixed.stderr, "FAILED: --pg-version is for PostgreSQL's rules, not --dialect sqlite\n")
    }

    func testWhatTheRulesFlagSQLiteRefusesOnATableWithRows() throws {
        let directory = try Harness.temporaryDirectory(self, "lint-sqlite")
        let branches = ["a_required", "a_default", "a_now", "a_const", "a_unique", "a_alter", "a_batch"]
        for branch in branches {
            let url = "sqlite:///" + directory.appendingPathComponent("\(branch).db").path
            let base = try Harness.retort(["--url", url, "upgrade", "s1", "--yes"], cwd: fixture)
            XCTAssertEqual(base.exit, 0, base.stderr)
            let connection = try DatabaseURL(url).connect(ConnectOptions())
            try connection.execute("INSERT INTO t (id, name) VALUES (1, 'a')")
            connection.close()
            let step = try Harness.retort(["--url", url, "upgrade", branch, "--yes"], cwd: fixture)
            // SQLite's own words for each refusal; the table copy runs (its rule is about the
            // lock it holds), and so do the branches no rule flags.
            let refusals = [
                "a_required": "Cannot add a NOT NULL column with default value NULL",
                "a_now": "Cannot add a column with non-constant default", "a_unique": "Cannot add a UNIQUE column",
                "a_alter": "near \"ALTER\": syntax error",
            ]
            if let words = refusals[branch] {
                XCTAssertEqual(step.exit, 4, "\(branch): \(step.stderr)")
                XCTAssertTrue(step.stderr.contains(words), "\(branch): \(step.stderr)")
            } else {
                XCTAssertEqual(step.exit, 0, "\(branch): \(step.stderr)")
            }
        }
    }
}
