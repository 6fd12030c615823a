import Foundation
import XCTest

/// `retort lint` against squawk (squawk-cli, pinned in scripts/oracle-venv.sh): on the
/// SQL `retort sql REV` prints for each function, squawk and Retort flag the same rules
/// the same number of times, function by function, for a fixture that hits and avoids
/// each rule (Tests/Fixtures/lint), a generated project and the real histories.
final class LintCommandTests: XCTestCase {
    let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/lint")

    /// The rules Retort implements, by squawk's names.
    static let rules: Set<String> = [
        "require-concurrent-index-creation", "require-concurrent-index-deletion", "adding-not-nullable-field",
        "adding-required-field", "adding-field-with-default", "adding-foreign-key-constraint", "constraint-missing-not-valid",
        "disallowed-unique-constraint", "changing-column-type", "ban-drop-column", "ban-drop-table", "renaming-column",
        "renaming-table", "prefer-bigint-over-int", "prefer-identity", "prefer-text-field", "prefer-timestamp-tz",
        "require-lock-timeout", "require-statement-timeout",
    ]

    func testFixtureMatchesSquawk() throws {
        try compareWithSquawk(project: fixture, downgrades: true)
        try compareWithSquawk(project: fixture, downgrades: true, pgVersion: "10")
    }

    /// Each rule is hit by the fixture, and each has a revision that writes the same
    /// change safely (which the squawk comparison shows is not flagged either).
    func testEveryRuleIsHitAndAcceptedFindingsDisappear() throws {
        let run = try Harness.retort(["lint", "--json"], cwd: fixture)
        XCTAssertEqual(run.exit, 7, run.stderr)
        XCTAssertEqual(run.stderr, "FAILED: 34 findings\n")
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = (document?["findings"] as? [[String: Any]]) ?? []
        XCTAssertEqual(Set(findings.compactMap { $0["rule"] as? String }), Self.rules)
        let first = try XCTUnwrap(findings.first)
        XCTAssertEqual(Set(first.keys), ["revision", "direction", "rule", "path", "line", "statement", "message"])
        XCTAssertEqual(first["revision"] as? String, "l1")
        XCTAssertEqual(first["direction"] as? String, "upgrade")
        XCTAssertEqual(first["line"] as? Int, 14)
        XCTAssertTrue((first["path"] as? String)?.hasSuffix("versions/l1_tables.py") == true)
        XCTAssertTrue((first["statement"] as? String)?.hasPrefix("CREATE TABLE accounts (\n    id SERIAL NOT NULL") == true, "\(first)")
        // l6: two accepted on the operation's line, one on the line above; an allow for
        // another rule accepts nothing.
        let accepted = (document?["accepted"] as? [[String: Any]]) ?? []
        XCTAssertEqual(
            accepted.map { "\($0["revision"]!) \($0["line"]!) \($0["rule"]!)" },
            ["l6 14 ban-drop-column", "l6 15 adding-required-field", "l6 15 prefer-bigint-over-int"])
        XCTAssertEqual(
            findings.filter { $0["revision"] as? String == "l6" }.map { "\($0["line"]!) \($0["rule"]!)" },
            ["14 require-lock-timeout", "14 require-statement-timeout", "16 require-concurrent-index-creation"])

        let text = try Harness.retort(["lint", "l5:l6"], cwd: fixture)
        XCTAssertEqual(text.exit, 7)
        let versions = fixture.appendingPathComponent("migrations/versions").path
        XCTAssertEqual(
            text.stdout,
            """
            l5 upgrade \(versions)/l5_changes.py:15: changing-column-type: A new column type can rewrite the table under a lock that blocks reads and writes.
                ALTER TABLE accounts ALTER COLUMN name TYPE VARCHAR(100)
            l5 upgrade \(versions)/l5_changes.py:15: prefer-text-field: Widening a varchar(n) later locks the table; text with a CHECK on its length can change without one.
                ALTER TABLE accounts ALTER COLUMN name TYPE VARCHAR(100)
            l5 upgrade \(versions)/l5_changes.py:16: renaming-column: Code still running against the old schema uses the old column name.
                ALTER TABLE accounts RENAME created TO created_at
            l5 upgrade \(versions)/l5_changes.py:17: renaming-table: Code still running against the old schema uses the old table name.
                ALTER TABLE accounts RENAME TO users
            l5 upgrade \(versions)/l5_changes.py:18: ban-drop-column: Code still running against the old schema may read or write the dropped column.
                ALTER TABLE events DROP COLUMN score
            l5 upgrade \(versions)/l5_changes.py:20: ban-drop-table: Code still running against the old schema may use the dropped table.
                DROP TABLE scratch
            l6 upgrade \(versions)/l6_accepted.py:14: require-lock-timeout: Without SET lock_timeout first, a statement waiting for its lock holds up every query queued behind it.
                ALTER TABLE events DROP COLUMN tags
            l6 upgrade \(versions)/l6_accepted.py:14: require-statement-timeout: Without SET statement_timeout first, a slow statement can hold its locks for as long as it runs.
                ALTER TABLE events DROP COLUMN tags
            l6 upgrade \(versions)/l6_accepted.py:16: require-concurrent-index-creation: CREATE INDEX without CONCURRENTLY stops every write to the table until the index is built.
                CREATE INDEX ix_users_age ON users (age)
            9 findings in 2 revisions (3 accepted by # retort: allow)

            """)
        // Before PostgreSQL 11 every default rewrites the table: the constant one too. As
        // in squawk, `11` is below `11.0`.
        let old = try Harness.retort(["lint", "l3:l3", "--pg-version", "11"], cwd: fixture)
        XCTAssertEqual(old.stdout.components(separatedBy: ": adding-field-with-default: ").count - 1, 4, old.stdout)
        let new = try Harness.retort(["lint", "l3:l3", "--pg-version", "11.0"], cwd: fixture)
        XCTAssertEqual(new.stdout.components(separatedBy: ": adding-field-with-default: ").count - 1, 2, new.stdout)
        let bad = try Harness.retort(["lint", "--pg-version", "twelve"], cwd: fixture)
        XCTAssertEqual(bad.exit, 1)
    }

    /// The SQL linted is what Alembic writes for the fixture (NOT VALID, CONCURRENTLY in
    /// autocommit blocks, a generated column without `persisted`), both ways.
    func testFixtureSQLIsAlembics() throws {
        let oracle = try Harness.oracle()
        for range in [["upgrade", "base:heads"], ["downgrade", "heads:base"]] {
            let alembic = try oracle.alembic(range + ["--sql"], cwd: fixture)
            XCTAssertEqual(alembic.exit, 0, alembic.stderr)
            let ours = try Harness.retort(range + ["--sql"], cwd: fixture)
            XCTAssertEqual(ours.exit, 0, ours.stderr)
            XCTAssertEqual(ours.stdout, alembic.stdout, range.joined(separator: " "))
        }
    }

    /// A generated project with branches and merges, upgrades and downgrades.
    func testGeneratedProjectMatchesSquawk() throws {
        let oracle = try Harness.oracle()
        let project = try Harness.temporaryDirectory(self, "lint-generated")
        try oracle.makeProject(project, shape: "mixed", count: 40, seed: 5)
        try compareWithSquawk(project: project, downgrades: true)
    }

    /// The real histories' functions Retort can write: up to `perHistory` of each.
    func testRealHistoriesMatchSquawk() throws {
        let root = try Harness.histories()
        for name in ["superset", "mlflow", "airflow", "prefect-pg"] {
            let project = try Harness.temporaryDirectory(self, "lint-\(name)")
            try FileManager.default.createDirectory(
                at: project.appendingPathComponent("migrations"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: project.appendingPathComponent("migrations/versions"), withDestinationURL: root.appendingPathComponent(name))
            try "[alembic]\nscript_location = %(here)s/migrations\n".write(
                to: project.appendingPathComponent("alembic.ini"), atomically: true, encoding: .utf8)
            try compareWithSquawk(project: project, downgrades: false, limit: 150, label: name)
        }
    }

    /// `retort lint --json` against squawk over `retort sql REV` for each function lint read whole.
    func compareWithSquawk(
        project: URL, downgrades: Bool, pgVersion: String? = nil, limit: Int = .max, label: String = "",
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let oracle = try Harness.oracle()
        let squawk = URL(fileURLWithPath: oracle.python).deletingLastPathComponent().appendingPathComponent("squawk").path
        guard FileManager.default.isExecutableFile(atPath: squawk) else {
            print("SKIP: \(squawk) is missing; run scripts/oracle-venv.sh")
            throw XCTSkip("squawk-cli is not installed")
        }
        let version = pgVersion.map { ["--pg-version", $0] } ?? []
        let lint = try Harness.retort(["lint", "--json"] + (downgrades ? ["--downgrades"] : []) + version, cwd: project)
        XCTAssertTrue([0, 3, 7].contains(lint.exit), lint.stderr, file: file, line: line)
        let document = try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any] ?? [:]
        let notLinted = Set(((document["not_linted"] as? [[String: Any]]) ?? []).map { "\($0["revision"]!) \($0["direction"]!)" })
        var ours: [String: Int] = [:]
        for finding in ((document["findings"] as? [[String: Any]]) ?? []) + ((document["accepted"] as? [[String: Any]]) ?? []) {
            ours["\(finding["revision"]!) \(finding["direction"]!) \(finding["rule"]!)", default: 0] += 1
        }
        let history = try Harness.retort(["history", "--json"], cwd: project)
        let revisions = ((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["revisions"]
            as? [[String: Any]] ?? []).compactMap { $0["revision"] as? String }
        let scripts = try Harness.temporaryDirectory(self, "lint-scripts")
        var files: [String: String] = [:]
        var functions: [String] = []
        for revision in revisions.reversed() {
            for direction in downgrades ? ["upgrade", "downgrade"] : ["upgrade"] where !notLinted.contains("\(revision) \(direction)") {
                guard functions.count < limit else { break }
                let sql = try Harness.retort(
                    ["--dialect", "postgresql", "sql", revision, "--json"] + (direction == "downgrade" ? ["--downgrade"] : []),
                    cwd: project)
                XCTAssertEqual(sql.exit, 0, "\(label) \(revision) \(direction): \(sql.stderr)", file: file, line: line)
                let statements = (try JSONSerialization.jsonObject(with: Data(sql.stdout.utf8)) as? [String: Any])?["statements"]
                    as? [String] ?? []
                let key = "\(revision) \(direction)"
                functions.append(key)
                guard !statements.isEmpty else { continue }
                let path = scripts.appendingPathComponent("\(functions.count).sql").path
                try statements.map { $0 + ";\n\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
                files[path] = key
            }
        }
        let linted = Set(functions)
        ours = ours.filter { linted.contains(String($0.key.split(separator: " ").prefix(2).joined(separator: " "))) }
        var theirs: [String: Int] = [:]
        if !files.isEmpty {
            let run = try Harness.run(
                squawk, ["--reporter", "json", "--assume-in-transaction"] + version + files.keys.sorted(), timeout: 120)
            let hits = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
            XCTAssertFalse(run.stdout.isEmpty, run.stderr, file: file, line: line)
            for hit in hits {
                guard let rule = hit["rule_name"] as? String, Self.rules.contains(rule), let path = hit["file"] as? String,
                    let key = files[path]
                else { continue }
                theirs["\(key) \(rule)", default: 0] += 1
            }
        }
        print("\(label): \(functions.count) functions, \(ours.values.reduce(0, +)) findings (squawk \(theirs.values.reduce(0, +)))")
        XCTAssertGreaterThan(functions.count, 0, file: file, line: line)
        for key in Set(ours.keys).union(theirs.keys).sorted() where ours[key] != theirs[key] {
            XCTFail("\(label) \(key): retort lint \(ours[key] ?? 0), squawk \(theirs[key] ?? 0)", file: file, line: line)
        }
    }
}
