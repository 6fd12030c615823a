import Foundation
import MigrationCore
import XCTest

/// `retort current` and `retort history -i` against Alembic, on SQLite and PostgreSQL
/// databases that Alembic itself stamped (`alembic stamp --purge ...`), for generated
/// projects with merges, several heads, branch labels and depends_on.
final class CurrentAgainstAlembicTests: XCTestCase {
    /// One state of the version table: what `alembic stamp --purge` is given (nil: the
    /// table was never made), and whether Alembic's `--check-heads` is expected to call a
    /// database behind that is on all heads (see `CurrentCommand.isOnAllHeads`).
    struct State {
        var label: String
        var stamp: [String]?
        var alembicCheckHeadsIsWrong = false
    }

    /// Where the database is, as each tool is told.
    struct Target {
        var url: String?
        var versionTable: String?
        var versionTableSchema: String?

        var alembicOptions: [String] {
            (url.map { ["-x", "url=\($0)"] } ?? []) + (versionTable.map { ["-x", "version_table=\($0)"] } ?? [])
                + (versionTableSchema.map { ["-x", "version_table_schema=\($0)"] } ?? [])
        }
        var retortOptions: [String] { url.map { ["--url", $0] } ?? [] }
        var retortTableOptions: [String] {
            (versionTable.map { ["--version-table", $0] } ?? [])
                + (versionTableSchema.map { ["--version-table-schema", $0] } ?? [])
        }
    }

    static let reads: [[String]] = [
        ["current"], ["current", "-v"], ["current", "--check-heads"], ["history", "-i"], ["history", "-i", "-v"],
        ["history", "-r", "current:"], ["history", "-i", "-r", ":current"], ["history", "-v", "-r", "base:current"],
        ["history", "-r", "current:current"], ["show", "current"],
    ]

    /// Makes a project, then for each state stamps it with Alembic and compares every read.
    func check(
        shape: String, count: Int, target: Target, states: (RevisionMapDocument) -> [State],
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, shape)
        try oracle.makeProject(dir, shape: shape, count: count)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        for state in states(map) {
            let alembicBase = ["-c", ini] + target.alembicOptions
            var batch = Self.reads.map { alembicBase + $0 }
            if let stamp = state.stamp { batch.insert(alembicBase + ["stamp", "--purge"] + stamp, at: 0) }
            var results = try oracle.batch(batch)
            if state.stamp != nil {
                let stamped = results.removeFirst()
                XCTAssertEqual(stamped.exit, 0, "alembic stamp \(state.label): \(stamped.stdout)", file: file, line: line)
            }
            for (read, alembic) in zip(Self.reads, results) {
                let retort = try Harness.retort(
                    ["-c", ini] + target.retortOptions + read + target.retortTableOptions, cwd: dir)
                let label = "\(shape) \(state.label): \(read.joined(separator: " "))"
                if read == ["current", "--check-heads"] && state.alembicCheckHeadsIsWrong {
                    XCTAssertEqual(alembic.stdout, "FAILED: Database is not on all head revisions\n", label, file: file, line: line)
                    XCTAssertEqual(retort.exit, 0, "\(label): \(retort.stderr)", file: file, line: line)
                    XCTAssertEqual(Self.lines(retort.stdout), Self.lines(results[0].stdout), label, file: file, line: line)
                    continue
                }
                Self.assertSame(retort: retort, alembic: alembic, read: read, label: label, file: file, line: line)
            }
        }
    }

    /// Alembic prints the current revisions in Python's set order, which changes from run
    /// to run: lines (or `-v` entries) are compared as sets, after the header.
    static func assertSame(
        retort: RunResult, alembic: RunResult, read: [String], label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        if alembic.exit != 0 {
            // Alembic prints its error on standard output, Retort on standard error.
            let said = alembic.stdout.split(separator: "\n").filter { $0.hasPrefix("FAILED: ") }
            XCTAssertEqual(said.count, 1, "\(label): \(alembic.stdout)", file: file, line: line)
            XCTAssertEqual(
                retort.exit, read.contains("--check-heads") ? 4 : 2, "\(label): \(retort.stderr)", file: file, line: line)
            XCTAssertEqual(retort.stderr, said.joined() + "\n", label, file: file, line: line)
            return
        }
        XCTAssertEqual(retort.exit, 0, "\(label): \(retort.stderr)", file: file, line: line)
        if read[0] == "history" {
            XCTAssertEqual(
                Compare.canonical(retort.stdout), Compare.canonical(alembic.stdout),
                "\(label): " + Compare.firstDifference(retort.stdout, alembic.stdout), file: file, line: line)
        } else if read.contains("-v") || read[0] == "show" {
            XCTAssertEqual(entries(retort.stdout), entries(alembic.stdout), label, file: file, line: line)
        } else {
            XCTAssertEqual(lines(retort.stdout), lines(alembic.stdout), label, file: file, line: line)
        }
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).sorted() }

    /// The header line, then the `Rev: ` entries in sorted order, each with Alembic's
    /// other set-ordered lists (`Branches into:`) canonical, and the text's length, so
    /// that the blank lines between entries count too.
    static func entries(_ text: String) -> [String] {
        var header: [String] = []
        var blocks: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("Rev: ") {
                blocks.append(line)
            } else if blocks.isEmpty {
                header.append(line)
            } else {
                blocks[blocks.count - 1] += "\n" + line
            }
        }
        let trimmed = blocks.map { Compare.canonical(String($0.reversed().drop { $0 == "\n" }.reversed())) }
        return ["\(text.utf8.count) bytes"] + header + trimmed.sorted()
    }

    // MARK: States from a project's revision map

    static func mergeStates(_ map: RevisionMapDocument) -> [State] {
        let merge = map.revisions.first { $0.is_merge_point }!
        let branchPoint = map.revisions.first { $0.is_branch_point }!
        return [
            State(label: "no table", stamp: nil),
            State(label: "empty table", stamp: ["base"]),
            State(label: "branch point", stamp: [branchPoint.revision]),
            State(label: "merge parents", stamp: merge.down_revisions),
            State(label: "merge point", stamp: [merge.revision]),
            State(label: "heads", stamp: ["heads"]),
        ]
    }

    static func dependsStates(_ map: RevisionMapDocument) -> [State] {
        let dependent = map.revisions.last { !$0.depends_on.isEmpty }!
        return [
            // Upgraded to both heads, the table holds only the one that depends on the other.
            State(label: "heads", stamp: ["heads"], alembicCheckHeadsIsWrong: true),
            State(label: "dependent only", stamp: [dependent.revision]),
            State(label: "dependent's parents", stamp: dependent.down_revisions),
        ]
    }

    static func labelStates(_ map: RevisionMapDocument) -> [State] {
        let labelled = map.revisions.first { !$0.branch_labels.isEmpty && $0.is_head }
            ?? map.revisions.first { !$0.branch_labels.isEmpty }!
        return [
            State(label: "one label", stamp: ["\(labelled.branch_labels[0])@head"]),
            State(label: "heads", stamp: ["heads"]),
        ]
    }

    // MARK: SQLite

    func testMergesSQLite() throws {
        try check(shape: "merges", count: 14, target: Target(), states: Self.mergeStates)
    }

    func testDependsOnSQLite() throws {
        try check(shape: "depends", count: 12, target: Target(), states: Self.dependsStates)
    }

    func testLabelsSQLiteCustomTable() throws {
        try check(shape: "labels", count: 16, target: Target(versionTable: "retort_versions"), states: Self.labelStates)
    }

    // MARK: PostgreSQL

    /// A fresh database on the test server, its URL with a password (the test server trusts
    /// every login, so it is not checked) and query parameters, all in the masked header.
    func postgresURL() throws -> String {
        guard let text = ProcessInfo.processInfo.environment["RETORT_TEST_PG_URL"], !text.isEmpty else {
            let reason = "RETORT_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        let server = try DatabaseURL(text)
        let admin = try server.connect()
        let name = "retort_current_" + UUID().uuidString.prefix(8).lowercased()
        try admin.execute("CREATE DATABASE \(name)")
        admin.close()
        addTeardownBlock {
            if let admin = try? server.connect() {
                _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                admin.close()
            }
        }
        let host = server.host ?? "127.0.0.1"
        let port = server.port ?? 5432
        return "postgresql+psycopg2://\(server.username ?? "postgres"):se%40cret@\(host):\(port)/\(name)"
            + "?application_name=retort-test&connect_timeout=5"
    }

    func testMergesPostgreSQL() throws {
        try check(shape: "merges", count: 14, target: Target(url: try postgresURL()), states: Self.mergeStates)
    }

    func testDependsOnPostgreSQL() throws {
        try check(shape: "depends", count: 12, target: Target(url: try postgresURL()), states: Self.dependsStates)
    }

    /// A version table with an upper-case name (quoted) in its own schema.
    func testLabelsPostgreSQLSchemaTable() throws {
        let url = try postgresURL()
        let db = try DatabaseURL(url).connect()
        try db.execute("CREATE SCHEMA audit")
        db.close()
        try check(
            shape: "labels", count: 16, target: Target(url: url, versionTable: "Versions", versionTableSchema: "audit"),
            states: Self.labelStates)
    }

    // MARK: Rows no script has, and databases that are not there

    /// Alembic fails `current` with "Can't locate revision", after the `-v` header; its
    /// `history -i` ignores the row. Retort prints the same and exits 2 naming the row.
    func checkUnknownRow(url: String?) throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "unknown")
        try oracle.makeProject(dir, shape: "linear", count: 5)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let target = Target(url: url)
        XCTAssertEqual(try oracle.alembic(["-c", ini] + target.alembicOptions + ["stamp", "head"]).exit, 0)
        let database = try DatabaseURL(url ?? "sqlite:///\(dir.path)/test.db").connect()
        try VersionTable().apply(.insert("deadbeef0000"), on: database)
        database.close()
        let reads: [[String]] = [["current", "-v"], ["history", "-i"]]
        let alembic = try oracle.batch(reads.map { ["-c", ini] + target.alembicOptions + $0 })
        let failure = "FAILED: Can't locate revision identified by 'deadbeef0000': the version table 'alembic_version' "
            + "holds it, but no revision script has this id\n"
        // current -v: the header, then the failure.
        let current = try Harness.retort(["-c", ini] + target.retortOptions + reads[0])
        XCTAssertEqual(alembic[0].exit, 255)
        XCTAssertEqual(
            alembic[0].stdout, current.stdout + "FAILED: Can't locate revision identified by 'deadbeef0000'\n")
        XCTAssertEqual(current.exit, 2)
        // -v also names the configuration file first, as for every command.
        XCTAssertEqual(current.stderr.components(separatedBy: "\n").suffix(2).joined(separator: "\n"), failure)
        // history -i: the same list, then the failure.
        let history = try Harness.retort(["-c", ini] + target.retortOptions + reads[1])
        XCTAssertEqual(alembic[1].exit, 0)
        XCTAssertEqual(history.stdout, alembic[1].stdout)
        XCTAssertTrue(history.stdout.contains(" (head) (current), "))
        XCTAssertEqual(history.exit, 2)
        XCTAssertEqual(history.stderr, failure)
    }

    func testUnknownRowSQLite() throws { try checkUnknownRow(url: nil) }

    func testUnknownRowPostgreSQL() throws { try checkUnknownRow(url: try postgresURL()) }

    /// A SQLite file that does not exist: nothing is current, as for Alembic, and Retort
    /// does not create the file (Alembic does).
    func testMissingSQLiteFile() throws {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "missing")
        try oracle.makeProject(dir, shape: "linear", count: 3)
        let retort = try Harness.retort(["--url", "sqlite:///nope.db", "current"], cwd: dir)
        XCTAssertEqual(retort.exit, 0, retort.stderr)
        XCTAssertEqual(retort.stdout, "")
        XCTAssertEqual(
            retort.stderr,
            "note: the SQLite database \(dir.path)/nope.db does not exist (yet), so no revision is current\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("nope.db").path))
        let alembic = try oracle.alembic(["-x", "url=sqlite:///nope.db", "current"], cwd: dir)
        XCTAssertEqual(alembic.exit, 0)
        XCTAssertEqual(alembic.stdout, "")
    }

    /// Databases that cannot be reached: one line on standard error, exit 4, no password,
    /// and no hang; a URL that cannot be used at all is a usage error.
    func testUnreachableDatabases() throws {
        let dir = try Harness.temporaryDirectory(self, "unreachable")
        let project = Harness.sampleProject.appendingPathComponent("alembic.ini").path
        let junk = dir.appendingPathComponent("junk.db").path
        XCTAssertTrue(FileManager.default.createFile(atPath: junk, contents: Data(repeating: 0x41, count: 4096)))
        let cases: [(url: String, exit: Int32, message: String)] = [
            ("sqlite:///\(junk)", 4,
             "FAILED: cannot read the version table 'alembic_version' of sqlite:///\(junk): file is not a database"),
            ("sqlite:///\(dir.path)/no/such/dir/app.db", 4,
             "FAILED: cannot open the SQLite database \(dir.path)/no/such/dir/app.db: "
                + "the directory \(dir.path)/no/such/dir does not exist"),
            // Port 1 on the loopback: nothing listens there.
            ("postgresql://app:s3cret@127.0.0.1:1/app", 4,
             "FAILED: cannot connect to postgresql://app:***@127.0.0.1:1/app: connection to server at \"127.0.0.1\", "
                + "port 1 failed: Connection refused; Is the server running on that host and accepting TCP/IP connections?"),
            ("mssql://app:s3cret@localhost/app", 1,
             "FAILED: --url: unsupported database 'mssql' in the URL: Retort works with sqlite, postgresql and "
                + "(through the project's Alembic) mysql"),
        ]
        for (url, exit, message) in cases {
            for read in [["current"], ["history", "-i"]] {
                let started = Date()
                let r = try Harness.retort(["-c", project, "--url", url] + read)
                XCTAssertEqual(r.exit, exit, url)
                XCTAssertEqual(r.stdout, "", url)
                XCTAssertEqual(r.stderr, message + "\n", url)
                XCTAssertLessThan(Date().timeIntervalSince(started), 10, url)
            }
        }
    }

    /// MySQL without a Python to reach it through: exit 4, naming --python, no password.
    func testMySQLWithoutPython() throws {
        let project = Harness.sampleProject.appendingPathComponent("alembic.ini").path
        for read in [["current"], ["history", "-i"]] {
            let r = try Harness.run(
                try Harness.retortBinary().path, ["-c", project, "--url", "mysql://app:s3cret@localhost/app"] + read,
                extraEnvironment: ["RETORT_PYTHON": "/nonexistent/python"])
            XCTAssertEqual(r.exit, 4, r.stderr)
            XCTAssertEqual(
                r.stderr,
                "FAILED: Retort reaches MySQL (mysql://app:***@localhost/app) only through the project's Python and its "
                    + "database driver: no Python with Alembic was found (/nonexistent/python: no executable file there); "
                    + "pass --python PATH (the project's virtual environment)\n")
        }
    }

    /// No `--url` and no `sqlalchemy.url`: the error says how to give one.
    func testNoURL() throws {
        let dir = try Harness.temporaryDirectory(self, "nourl")
        let versions = dir.appendingPathComponent("versions")
        try FileManager.default.createDirectory(at: versions, withIntermediateDirectories: true)
        let r = try Harness.retort(["--version-location", versions.path, "current"], cwd: dir)
        XCTAssertEqual(r.exit, 1)
        XCTAssertEqual(
            r.stderr,
            "FAILED: no database URL: pass --url (e.g. --url sqlite:///app.db or --url postgresql://user@localhost/app) "
                + "or set sqlalchemy.url in alembic.ini\n")
    }

    /// `--json`: the rows, the current revisions and whether all heads are applied.
    func testJSON() throws {
        let dir = try Harness.temporaryDirectory(self, "json")
        let url = "sqlite:///\(dir.path)/sample.db"
        let database = try DatabaseURL(url).connect()
        let table = VersionTable()
        try table.create(on: database)
        try table.apply(.insert("3d6c8b1e5f27"), on: database)
        database.close()
        let ini = Harness.sampleProject.appendingPathComponent("alembic.ini").path
        let r = try Harness.retort(["-c", ini, "--url", url, "current", "--json"])
        XCTAssertEqual(r.exit, 0, r.stderr)
        struct Document: Decodable {
            struct Item: Decodable { var revision: String }
            var url: String
            var version_table: String
            var rows: [String]
            var current: [Item]
            var is_on_all_heads: Bool
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8))
        XCTAssertEqual(document.url, url)
        XCTAssertEqual(document.version_table, "alembic_version")
        XCTAssertEqual(document.rows, ["3d6c8b1e5f27"])
        XCTAssertEqual(document.current.map(\.revision), ["3d6c8b1e5f27"])
        XCTAssertFalse(document.is_on_all_heads)
        let history = try Harness.retort(["-c", ini, "--url", url, "history", "-i", "--json"])
        struct History: Decodable {
            struct Item: Decodable { var revision: String; var is_current: Bool }
            var revisions: [Item]
        }
        let items = try JSONDecoder().decode(History.self, from: Data(history.stdout.utf8)).revisions
        XCTAssertEqual(items.filter(\.is_current).map(\.revision), ["3d6c8b1e5f27"])
        XCTAssertEqual(items.count, 11)
    }
}
