import Foundation
import XCTest

/// What `upgrade`, `downgrade` and `stamp` refuse, with their exact messages and exit
/// statuses: Alembic's wording wherever Alembic gives one (it prints `FAILED: ...` and
/// exits 255; Retort exits 1 for a usage error, 2 for a revision or project error and 3
/// for a revision body it cannot render yet).
final class OfflineSQLErrorTests: XCTestCase {
    struct Project {
        var ini: String
        var map: RevisionMapDocument
        var versions: URL
    }

    func project(_ shape: String, count: Int, emptyBodies: Bool = true) throws -> (Oracle, Project) {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "sql-errors-\(shape)")
        try oracle.makeProject(dir, shape: shape, count: count, emptyBodies: emptyBodies)
        let versions = dir.appendingPathComponent("migrations/versions")
        let map = try oracle.revisionMap([versions.path])
        return (oracle, Project(ini: dir.appendingPathComponent("alembic.ini").path, map: map, versions: versions))
    }

    /// Runs `args` through Alembic and Retort; Alembic must fail, and Retort must fail
    /// with `status` and `FAILED: <Alembic's message>`.
    func expectAlembicsError(_ oracle: Oracle, _ project: Project, _ args: [String], status: Int32,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let alembic = try oracle.batch([["-c", project.ini] + args])[0]
        let failed = try XCTUnwrap(OfflineCompare.failedLine(alembic), "alembic \(args): \(alembic.stdout)",
                                   file: file, line: line)
        try expect(["-c", project.ini] + args, status: status, stderr: failed + "\n", file: file, line: line)
    }

    func expect(_ args: [String], status: Int32, stderr: String,
                file: StaticString = #filePath, line: UInt = #line) throws {
        let retort = try Harness.retort(args)
        XCTAssertEqual(retort.exit, status, "exit status of retort \(args)", file: file, line: line)
        XCTAssertEqual(retort.stderr, stderr, "stderr of retort \(args)", file: file, line: line)
        XCTAssertEqual(retort.stdout, "", "stdout of retort \(args)", file: file, line: line)
    }

    func testRevisionErrorsUseAlembicsWording() throws {
        let (oracle, project) = try project("labels", count: 12)
        let head = project.map.revisions[0].revision
        let base = project.map.revisions[project.map.revisions.count - 1].revision
        try expectAlembicsError(oracle, project, ["upgrade", "head", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["upgrade", "base:head", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["upgrade", "heads:heads", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["upgrade", "base:zzzzzz", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["upgrade", "zzzzzz:heads", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["upgrade", "base:-1", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["downgrade", "\(base):\(head)", "--sql"], status: 2)
        try expectAlembicsError(oracle, project, ["stamp", "head", "--sql"], status: 2)
    }

    func testUsageErrorsUseAlembicsWording() throws {
        let (oracle, project) = try project("labels", count: 12)
        let head = project.map.revisions[0].revision
        let base = project.map.revisions[project.map.revisions.count - 1].revision
        try expectAlembicsError(oracle, project, ["downgrade", "base", "--sql"], status: 1)
        try expectAlembicsError(oracle, project, ["upgrade", "base:heads"], status: 1)
        try expectAlembicsError(oracle, project, ["downgrade", "\(head):base"], status: 1)
        try expectAlembicsError(oracle, project, ["stamp", "heads", "--sql", "--purge"], status: 1)
        try expectAlembicsError(
            oracle, project, ["stamp", "\(base):\(head)", "\(head):\(base)", "--sql"], status: 1)
    }

    /// Forms on which Alembic stops with a Python traceback get a plain message instead.
    func testFormsAlembicCrashesOnGetAPlainError() throws {
        let (oracle, project) = try project("labels", count: 12)
        let cases: [([String], String)] = [
            (["upgrade", "base:heads:x", "--sql"], "Range 'base:heads:x' must be <fromrev>:<torev>, with one colon"),
            (["upgrade", ":heads", "--sql"], "Range ':heads' needs a starting revision before ':' (base for none)"),
            (["upgrade", "base:", "--sql"], "Range 'base:' needs a target revision after ':'"),
            (["upgrade", "feature_a@base:heads", "--sql"],
             "Starting revision 'feature_a@base' names no revision; write base to start from an empty table"),
        ]
        for (args, message) in cases {
            let alembic = try oracle.batch([["-c", project.ini] + args])[0]
            XCTAssertEqual(alembic.exit, 1, "alembic \(args) ends in a traceback: \(alembic.stderr.suffix(300))")
            XCTAssertTrue(alembic.stderr.contains("Traceback"), "alembic \(args)")
            let status: Int32 = args[1].hasPrefix("feature_a") ? 2 : 1
            try expect(["-c", project.ini] + args, status: status, stderr: "FAILED: \(message)\n")
        }
    }

    /// Without --sql a range is refused before any database is opened, with Alembic's words.
    func testRangesNeedSQL() throws {
        let (oracle, project) = try project("linear", count: 3)
        for args in [["upgrade", "base:heads"], ["downgrade", "heads:base"], ["stamp", "base:heads"]] {
            try expectAlembicsError(oracle, project, args, status: args[0] == "stamp" ? 2 : 1)
        }
    }

    /// A function Retort cannot interpret stops the run before any output, naming every
    /// such function of the plan: the script must never leave a revision's work out.
    func testUninterpretableBodiesStopTheRunAndAreAllNamed() throws {
        let ini = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque/alembic.ini").path
        let run = try Harness.retort(["-c", ini, "--dialect", "postgresql", "upgrade", "heads", "--sql"])
        XCTAssertEqual(run.exit, 3)
        XCTAssertEqual(run.stdout, "")
        let lines = run.stderr.components(separatedBy: "\n")
        XCTAssertEqual(lines.first, "FAILED: 3 revision functions of the plan cannot be interpreted for postgresql, so no SQL is written:")
        let named = lines.dropFirst().filter { $0.hasPrefix("  ") }
        // c0ffee000007 asks get_table_names(): what the three refused ones may change is
        // bounded by their code (users only), so the history answers it.
        XCTAssertEqual(
            named.compactMap { $0.split(separator: " ").first.map(String.init) },
            ["c0ffee000002", "c0ffee000003", "c0ffee000004"])
        // What would make them render: the project's Python (none here has this project's Alembic set-up).
        XCTAssertTrue(lines.contains { $0.contains("pass --python PATH") }, run.stderr)
        // A stamp runs no body, so it works on any project.
        let stamp = try Harness.retort(["-c", ini, "--dialect", "postgresql", "stamp", "heads", "--sql"])
        XCTAssertEqual(stamp.exit, 0, stamp.stderr)
    }

    func testDialectComesFromTheOptionsOrTheURL() throws {
        let (oracle, project) = try project("linear", count: 3)
        let postgres = try oracle.batch([["-c", project.ini, "-x", "url=postgresql://", "upgrade", "base:heads", "--sql"]])[0]
        XCTAssertEqual(postgres.exit, 0, postgres.stderr)
        for options in [["--dialect", "postgresql"], ["--url", "postgresql+psycopg2://scott:tiger@localhost/test"],
                        ["--url", "postgresql://", "--dialect", "postgresql"]] {
            let r = try Harness.retort(["-c", project.ini] + options + ["upgrade", "base:heads", "--sql"])
            XCTAssertEqual(r.exit, 0, "\(options): \(r.stderr)")
            XCTAssertEqual(r.stdout, postgres.stdout, "\(options)")
        }
        let cases: [([String], String)] = [
            (["--url", "mssql+pyodbc://u@h/db"],
             "--url mssql+pyodbc://u@h/db: Retort works with sqlite, postgresql and (through the project's Alembic) mysql; "
                + "the URL's dialect is mssql"),
            (["--url", "postgresql+nosuchdriver://"],
             "--url postgresql+nosuchdriver://: Can't load plugin: sqlalchemy.dialects:postgresql.nosuchdriver"),
            (["--url", "not a url"], "--url not a url: Could not parse SQLAlchemy URL from given URL string"),
            (["--dialect", "oracle"], "--dialect must be sqlite, postgresql or mysql, not 'oracle'"),
            (["--dialect", "postgresql", "--url", "sqlite://"],
             "--dialect postgresql contradicts --url, whose dialect is sqlite"),
        ]
        for (options, message) in cases {
            try expect(["-c", project.ini] + options + ["upgrade", "base:heads", "--sql"], status: 1,
                       stderr: "FAILED: \(message)\n")
        }
        // Without a URL anywhere, the dialect must be named.
        try expect(["--version-location", project.versions.path, "upgrade", "base:heads", "--sql"], status: 1,
                   stderr: "FAILED: --sql needs a dialect: pass --dialect sqlite|postgresql or --url, "
                       + "or set sqlalchemy.url\n")
        let bare = try Harness.retort(["--version-location", project.versions.path, "--dialect", "sqlite",
                                       "upgrade", "base:heads", "--sql"])
        XCTAssertEqual(bare.exit, 0, bare.stderr)
    }

    /// SQLAlchemy refuses a primary key name longer than PostgreSQL's 63 characters; the
    /// table is only created from base, so a range that starts elsewhere still works.
    func testVersionTableNameTooLongForPostgreSQL() throws {
        let (oracle, project) = try project("linear", count: 3)
        let name = String(repeating: "v", count: 60)
        let alembic = try oracle.batch([["-c", project.ini, "-x", "url=postgresql://", "-x", "version_table=\(name)",
                                         "upgrade", "base:heads", "--sql"]])[0]
        let message = "Identifier '\(name)_pkc' exceeds maximum length of 63 characters"
        XCTAssertTrue(alembic.stderr.contains(message), alembic.stderr.suffix(300).description)
        try expect(["-c", project.ini, "--dialect", "postgresql", "upgrade", "base:heads", "--sql",
                    "--version-table", name], status: 1, stderr: "FAILED: \(message)\n")
        let base = project.map.revisions[project.map.revisions.count - 1].revision
        let fromBase = OfflineCase("upgrade \(base):heads --sql", versionTable: name)
        let expected = try oracle.batch([fromBase.alembic(ini: project.ini, dialect: "postgresql")])[0]
        let retort = try Harness.retort(fromBase.retort(ini: project.ini, dialect: "postgresql"))
        OfflineCompare.assertSame(retort: retort, alembic: expected, label: "\(fromBase)")
        XCTAssertEqual(expected.exit, 0)
    }
}
