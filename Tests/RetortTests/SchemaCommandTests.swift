import Foundation
import XCTest

/// `retort schema REV` against the real thing: for every revision of the sample project
/// (`DemoProject`, three branches) and for `heads`, the schema the history
/// describes must be what Alembic leaves in a fresh database after `alembic upgrade REV`,
/// reflected by SQLAlchemy's inspector (Tests/Oracle/inspect_schema.py), table by table:
/// columns (name, type as the dialect writes it, nullability, default), primary key, foreign keys,
/// indexes (name, columns, unique) and unique constraints (by their columns). The same
/// databases are no drift to `retort drift`.
final class SchemaCommandTests: XCTestCase {
    /// One table as lines that compare equal whichever side they come from.
    typealias Shape = [String: [String]]

    func testSampleProjectOnSQLite() throws { try checkSample(.sqlite) }

    func testSampleProjectOnPostgreSQL() throws { try checkSample(.postgresql) }

    /// A column altered, dropped and added (SQLite: through a batch copy), an index, a unique constraint.
    func testAlteredTableOnBothDialects() throws {
        try checkSample(.sqlite, fixture: "schema-diff", url: "sqlite:///%(here)s/x.db")
        try checkSample(.postgresql, fixture: "schema-diff", url: "sqlite:///%(here)s/x.db")
    }

    /// PostgreSQL's enum types made with a table, by ENUM.create(), by raw CREATE, ALTER
    /// and DROP TYPE, and left by drop_table: `schema --json` lists what Alembic leaves.
    func testEnumTypesOnPostgreSQL() throws {
        try checkSample(.postgresql, fixture: "schema-enums", url: "sqlite:///%(here)s/x.db")
    }

    /// A generated project with branches, merges and labels: tables, indexes and added columns.
    func testGeneratedProjectOnBothDialects() throws {
        let oracle = try Harness.oracle()
        let project = try Harness.temporaryDirectory(self, "schema-generated")
        try oracle.makeProject(project, shape: "mixed", count: 40, seed: 3)
        let map = try oracle.revisionMap([project.appendingPathComponent("migrations/versions").path])
        let ini = project.appendingPathComponent("alembic.ini")
        // Every fifth revision, every head, and all heads together.
        let revisions = map.revisions.enumerated().filter { $0.offset % 5 == 0 || $0.element.is_head }.map(\.element.revision)
        for kind in [LiveDatabase.Kind.sqlite, .postgresql] {
            if kind == .postgresql, Harness.environment["RETORT_TEST_PG_URL"] == nil {
                print("SKIP: RETORT_TEST_PG_URL is not set: the PostgreSQL half is left out")
                continue
            }
            try check(project: project, ini: ini, revisions: revisions + ["heads"], kind) { revision, url in
                try oracle.alembic(["-c", ini.path, "-x", "url=\(url)", "upgrade", revision], cwd: project)
            }
        }
    }

    /// The body cache changes no byte: `schema`, `diff` and `lint` print the same read
    /// from the scripts (first run, and RETORT_NO_CACHE) as from the cache (second run),
    /// and the first run did keep the bodies.
    func testOutputIsTheSameFromTheBodyCache() throws {
        let cache = try Harness.temporaryDirectory(self, "body-cache")
        let commands = [
            ["--dialect", "sqlite", "schema", "--json"], ["--dialect", "postgresql", "schema"],
            ["--dialect", "postgresql", "diff", "base", "heads", "--json"], ["lint", "--downgrades", "--json"],
            ["--dialect", "sqlite", "lint"],
        ]
        for fixture in ["schema-diff", "schema-enums", "lint", "ops-opaque"] {
            let directory = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/\(fixture)")
            for arguments in commands {
                func run(_ environment: [String: String]) throws -> String {
                    let result = try Harness.run(
                        try Harness.retortBinary().path, arguments, cwd: directory, extraEnvironment: environment)
                    return "exit \(result.exit)\n\(result.stdout)\(result.stderr)"
                }
                let kept = ["RETORT_CACHE_DIR": cache.path]
                let first = try run(kept)
                let second = try run(kept)
                let uncached = try run(["RETORT_NO_CACHE": "1"])
                let what = "\(fixture): retort \(arguments.joined(separator: " "))"
                XCTAssertEqual(second, first, what)
                XCTAssertEqual(uncached, first, what)
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        XCTAssertTrue(files.contains { $0.hasPrefix("bodies-offline-sqlite-") }, "\(files)")
        XCTAssertTrue(files.contains { $0.hasPrefix("bodies-offline-postgresql-") }, "\(files)")
    }

    /// A table after a revision the replay cannot follow is named with the reason, and its
    /// last known shape is written as a comment, never as DDL that would run.
    func testUncertainTablesAreCommentsWithTheirReason() throws {
        let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque")
        let versions = fixture.appendingPathComponent("migrations/versions").path
        let run = try Harness.retort(["--dialect", "sqlite", "schema"], cwd: fixture)
        XCTAssertEqual(run.exit, 0, run.stderr)
        XCTAssertEqual(
            run.stdout,
            """
            CREATE TABLE notes (
                id INTEGER NOT NULL, \n    created_by VARCHAR(50) DEFAULT 'system' NOT NULL, \n    created_at DATETIME DEFAULT CURRENT_TIMESTAMP, \n    PRIMARY KEY (id)
            );

            -- users is uncertain: revision c0ffee000006 before it cannot be interpreted (\(versions)/c0ffee000006_batch_without_copy_from.py:28: the shape of table users is not known: revision c0ffee000004 before it cannot be interpreted (\(versions)/c0ffee000004_import_the_application.py:28: `USER_STATUSES` is imported from shopapp.models, which Retort does not read; op.add_column at line 30 needs it))
            -- CREATE TABLE users (
            --     id INTEGER NOT NULL, \n--     email VARCHAR(255), \n--     name VARCHAR(200), \n--     PRIMARY KEY (id)
            -- );


            """)
        let json = try Self.object(try Harness.retort(["--dialect", "sqlite", "schema", "--json"], cwd: fixture).stdout)
        let tables = (json["tables"] as? [[String: Any]]) ?? []
        XCTAssertEqual(tables.map { $0["name"] as? String }, ["notes", "users"])
        XCTAssertTrue(tables[0]["uncertain"] is NSNull)
        XCTAssertTrue((tables[1]["uncertain"] as? String)?.hasPrefix("revision c0ffee000006 before it cannot be interpreted") == true)

        let base = try Harness.retort(["--dialect", "sqlite", "schema", "base"], cwd: fixture)
        XCTAssertEqual(base.exit, 0, base.stderr)
        XCTAssertEqual(base.stdout, "")
        let unknown = try Harness.retort(["--dialect", "sqlite", "schema", "nope"], cwd: fixture)
        XCTAssertEqual(unknown.exit, 2)
        XCTAssertEqual(unknown.stderr, "FAILED: Can't locate revision identified by 'nope'\n")
    }

    /// `diff A B` names each object that differs, with the revision whose upgrade made
    /// the change, or whose downgrade undoes it going back.
    func testDiffNamesEachChangeAndItsRevision() throws {
        let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/schema-diff")
        let forward = try Harness.retort(["diff", "d1", "d3"], cwd: fixture)
        XCTAssertEqual(forward.exit, 0, forward.stderr)
        XCTAssertEqual(
            forward.stdout,
            """
            column accounts.email: added (email VARCHAR(200)), by d3
            column accounts.legacy: dropped (legacy TEXT), by d3
            column accounts.name: altered: name VARCHAR(50) NOT NULL -> name VARCHAR(100) NOT NULL, by d2
            index accounts.ix_accounts_name: added (index ix_accounts_name (name)), by d2
            unique accounts.(email): added (unique (email)), by d3

            """)
        let back = try Harness.retort(["diff", "d3", "d1"], cwd: fixture)
        XCTAssertEqual(
            back.stdout,
            """
            column accounts.email: dropped (email VARCHAR(200)), undoing d3
            column accounts.legacy: added (legacy TEXT), undoing d3
            column accounts.name: altered: name VARCHAR(100) NOT NULL -> name VARCHAR(50) NOT NULL, undoing d2
            index accounts.ix_accounts_name: dropped (index ix_accounts_name (name)), undoing d2
            unique accounts.(email): dropped (unique (email)), undoing d3

            """)
        let created = try Harness.retort(["diff", "base", "d2", "--dialect", "postgresql"], cwd: fixture)
        XCTAssertEqual(created.stdout, "table accounts: added, by d1\n")
        XCTAssertEqual(try Harness.retort(["diff", "d2", "d2"], cwd: fixture).stdout, "no differences\n")
        let json = try Self.object(try Harness.retort(["diff", "d1", "d2", "--json"], cwd: fixture).stdout)
        let changes = (json["changes"] as? [[String: Any]]) ?? []
        XCTAssertEqual(changes.map { $0["object"] as? String }, ["column", "index"])
        XCTAssertEqual(changes.first?["before"] as? String, "name VARCHAR(50) NOT NULL")
        XCTAssertEqual(changes.first?["after"] as? String, "name VARCHAR(100) NOT NULL")
        XCTAssertEqual(changes.first?["revision"] as? String, "d2")
    }

    /// `schema REV --engine alembic` (the history run by the project's Alembic into a
    /// scratch database, read back) agrees with the replay, object by object, at every
    /// revision of the sample project (SQLite, and PostgreSQL through --url's server) and
    /// of the enum fixture (PostgreSQL).
    func testTheAlembicEngineAgreesWithTheReplay() throws {
        let oracle = try Harness.oracle()
        let map = try oracle.revisionMap([Harness.sampleProject.appendingPathComponent("migrations/versions").path])
        let revisions = map.revisions.map(\.revision) + ["heads", "base"]
        try compareEngines(Harness.sampleProject, revisions: revisions, python: oracle.python, server: nil)
        let server = try LiveDatabase.make(.postgresql, self, in: try Harness.temporaryDirectory(self, "engines"), name: "server").url
        try compareEngines(Harness.sampleProject, revisions: ["e2b4f6a8c0d1", "heads"], python: oracle.python, server: server)
        let enums = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/schema-enums")
        try compareEngines(enums, revisions: ["e1", "e2", "e3", "e4"], python: oracle.python, server: server)
    }

    func compareEngines(_ project: URL, revisions: [String], python: String, server: String?, line: UInt = #line) throws {
        let dialect = server == nil ? "sqlite" : "postgresql"
        for revision in revisions {
            let replay = try Harness.retort(["--dialect", dialect, "schema", revision, "--json"], cwd: project)
            XCTAssertEqual(replay.exit, 0, replay.stderr, line: line)
            let alembic = try Harness.retort(
                ["--engine", "alembic", "--python", python] + (server.map { ["--url", $0] } ?? []) + ["schema", revision, "--json"],
                cwd: project)
            XCTAssertEqual(alembic.exit, 0, alembic.stderr, line: line)
            XCTAssertEqual(alembic.stdout, replay.stdout, "\(project.lastPathComponent) \(revision) on \(dialect)", line: line)
        }
    }

    /// Every revision of a fixture (nil: the sample project) whose alembic.ini gives `url`
    /// as sqlalchemy.url, and `heads`.
    func checkSample(
        _ kind: LiveDatabase.Kind, fixture: String? = nil, url placeholder: String = "sqlite:///%(here)s/sample.db",
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "schema-\(kind)")
        let project = directory.appendingPathComponent("project")
        let source = fixture.map { Harness.packageRoot.appendingPathComponent("Tests/Fixtures/\($0)") } ?? Harness.sampleProject
        try FileManager.default.copyItem(at: source, to: project)
        let map = try oracle.revisionMap([project.appendingPathComponent("migrations/versions").path])
        let ini = project.appendingPathComponent("alembic.ini")
        let original = try String(contentsOf: ini, encoding: .utf8)
        try check(project: project, ini: ini, revisions: map.revisions.map(\.revision) + ["heads"], kind, file: file, line: line) {
            revision, url in
            try original.replacingOccurrences(of: placeholder, with: url.replacingOccurrences(of: "%", with: "%%"))
                .write(to: ini, atomically: true, encoding: .utf8)
            return try oracle.alembic(["-c", ini.path, "upgrade", revision], cwd: project)
        }
    }

    /// For each revision: a fresh database upgraded by Alembic (`upgrade(revision, url)`),
    /// reflected, against `retort schema revision --json`.
    func check(
        project: URL, ini: URL, revisions: [String], _ kind: LiveDatabase.Kind, file: StaticString = #filePath, line: UInt = #line,
        upgrade: (String, String) throws -> RunResult
    ) throws {
        let oracle = try Harness.oracle()
        let dialect = kind == .sqlite ? "sqlite" : "postgresql"
        for (index, revision) in revisions.enumerated() {
            let database = try LiveDatabase.make(kind, self, in: project, name: "schema\(index)")
            let upgraded = try upgrade(revision, database.url)
            XCTAssertEqual(upgraded.exit, 0, upgraded.stderr, file: file, line: line)
            let reflected = try Harness.run(
                oracle.python, [Harness.oracleScripts.appendingPathComponent("inspect_schema.py").path, database.url])
            XCTAssertEqual(reflected.exit, 0, reflected.stderr, file: file, line: line)
            let ours = try Harness.retort(["-c", ini.path, "--dialect", dialect, "schema", revision, "--json"], cwd: project)
            XCTAssertEqual(ours.exit, 0, ours.stderr, file: file, line: line)
            // The same database against the history: what Alembic left is no drift.
            let drift = try Harness.retort(["-c", ini.path, "--url", database.url, "drift"], cwd: project)
            XCTAssertEqual(drift.exit, 0, "\(kind) \(revision): drift on a database Alembic upgraded:\n\(drift.stdout)\(drift.stderr)", file: file, line: line)
            let history = try Self.historyShape(ours.stdout)
            let alembic = try Self.reflectedShape(reflected.stdout)
            if revision == "heads" {
                // Something to compare at the end: a table, or a type the last revision left.
                let types = kind == .postgresql ? try Self.historyTypes(ours.stdout).count : 0
                XCTAssertGreaterThanOrEqual(history.count + types, 1, "\(kind): tables at heads", file: file, line: line)
            }
            XCTAssertEqual(history.keys.sorted(), alembic.keys.sorted(), "\(kind) \(revision): tables", file: file, line: line)
            if kind == .postgresql {
                XCTAssertEqual(
                    try Self.historyTypes(ours.stdout), try Self.reflectedTypes(reflected.stdout), "\(kind) \(revision): enum types",
                    file: file, line: line)
            }
            for (table, lines) in history where alembic[table] != nil && alembic[table] != lines {
                XCTFail(
                    "\(kind) \(revision) table \(table):\nretort schema: \(lines.joined(separator: "\n  "))\n"
                        + "reflected:     \(alembic[table]!.joined(separator: "\n  "))", file: file, line: line)
            }
        }
    }

    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw HarnessError.message("not a JSON object: \(text.prefix(200))")
        }
        return object
    }

    static func strings(_ value: Any?) -> [String] { (value as? [Any] ?? []).map { "\($0)" } }

    static func columnLine(_ column: [String: Any]) -> String {
        "column \(column["name"] ?? "") \(column["type"] ?? "") \((column["nullable"] as? Bool) == true ? "NULL" : "NOT NULL")"
            + (normalizedDefault(column["default"] as? String).map { " DEFAULT \($0)" } ?? "")
    }

    /// A server default as both sides can be compared: the database keeps `'1'` for `1`,
    /// `'x'::character varying` for `'x'`, and SERIAL's `nextval(...)` is the type's own.
    static func normalizedDefault(_ text: String?) -> String? {
        guard var text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, !text.hasPrefix("nextval(") else { return nil }
        while let range = text.range(of: #"::[a-z ]+(\([0-9, ]+\))?(\[\])?$"#, options: [.regularExpression, .caseInsensitive]) {
            text.removeSubrange(range)
        }
        while text.hasPrefix("("), text.hasSuffix(")") { text = String(text.dropFirst().dropLast()) }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") { text = String(text.dropFirst().dropLast()) }
        return text
    }

    /// `retort schema --json`: its tables, less the version table, which is not part of the history.
    static func historyShape(_ text: String) throws -> [String: [String]] {
        var shapes: [String: [String]] = [:]
        for table in (try object(text)["tables"] as? [[String: Any]]) ?? [] {
            let name = table["name"] as? String ?? ""
            var lines = ((table["columns"] as? [[String: Any]]) ?? []).map(Self.columnLine)
            lines.append("primary key (\(strings(table["primary_key"]).joined(separator: ", ")))")
            for fk in (table["foreign_keys"] as? [[String: Any]]) ?? [] {
                lines.append(
                    "foreign key (\(strings(fk["columns"]).joined(separator: ", "))) \(fk["referred_table"] ?? "") "
                        + "(\(strings(fk["referred_columns"]).joined(separator: ", ")))")
            }
            for index in (table["indexes"] as? [[String: Any]]) ?? [] {
                lines.append(
                    "index \(index["name"] ?? "") (\(strings(index["columns"]).joined(separator: ", ")))"
                        + ((index["unique"] as? Bool) == true ? " unique" : ""))
            }
            for unique in strings(table["unique"]) { lines.append("unique (\(unique))") }
            shapes[name] = lines.sorted()
        }
        return shapes
    }

    /// `retort schema --json`'s enum types, as `name: 'a', 'b'` lines.
    static func historyTypes(_ text: String) throws -> [String] {
        ((try object(text)["types"] as? [[String: Any]]) ?? []).map { type in
            "\(type["name"] ?? ""): " + strings(type["labels"]).map { "'\($0)'" }.joined(separator: ", ")
        }
    }

    /// inspect_schema.py's enum types of the default schema, in the same lines.
    static func reflectedTypes(_ text: String) throws -> [String] {
        let enums = (try object(text)["enums"] as? [String: Any])?["(default)"] as? [[String: Any]] ?? []
        return enums.map { type in "\(type["name"] ?? ""): " + strings(type["labels"]).map { "'\($0)'" }.joined(separator: ", ") }
    }

    /// inspect_schema.py's document: the default schema's tables, less alembic_version; an
    /// index that only backs a unique constraint (PostgreSQL reports both) counts once, as the constraint.
    static func reflectedShape(_ text: String) throws -> [String: [String]] {
        var shapes: [String: [String]] = [:]
        let tables = (try object(text)["(default)"] as? [String: [String: Any]]) ?? [:]
        for (name, table) in tables where name != "alembic_version" {
            var lines = ((table["columns"] as? [[String: Any]]) ?? []).map(Self.columnLine)
            lines.append("primary key (\(strings(table["primary_key"]).joined(separator: ", ")))")
            for text in strings(table["foreign_keys"]) {
                let fk = try object(text)
                lines.append(
                    "foreign key (\(strings(fk["constrained_columns"]).joined(separator: ", "))) \(fk["referred_table"] ?? "") "
                        + "(\(strings(fk["referred_columns"]).joined(separator: ", ")))")
            }
            let uniques = try strings(table["unique"]).map { try object($0) }
            let uniqueNames = Set(uniques.compactMap { $0["name"] as? String })
            for text in strings(table["indexes"]) {
                let index = try object(text)
                if let indexName = index["name"] as? String, uniqueNames.contains(indexName) { continue }
                lines.append(
                    "index \(index["name"] ?? "") (\(strings(index["columns"]).joined(separator: ", ")))"
                        + ((index["unique"] as? Bool) == true ? " unique" : ""))
            }
            for unique in uniques { lines.append("unique (\(strings(unique["columns"]).joined(separator: ", ")))") }
            shapes[name] = lines.sorted()
        }
        return shapes
    }
}
