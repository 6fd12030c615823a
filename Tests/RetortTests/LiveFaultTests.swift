import Foundation
import MigrationCore
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Live runs that go wrong, on real SQLite files and the test PostgreSQL server: a
/// migration failing halfway, two runs at once, a run killed with SIGKILL, a lock held
/// too long, version rows that are wrong, uninterpretable revisions, and confirmation.
final class LiveFaultTests: XCTestCase {
    /// A generated linear project (real bodies) and its revisions from base to head.
    struct Project {
        var dir: URL
        var ini: String
        var chain: [String]

        func path(_ revision: String) throws -> String {
            let versions = dir.appendingPathComponent("migrations/versions")
            let name = try XCTUnwrap(
                try FileManager.default.contentsOfDirectory(atPath: versions.path).first { $0.hasPrefix(revision) })
            return versions.appendingPathComponent(name).path
        }

        /// Appends `line` to `revision`'s upgrade(); returns its line number.
        @discardableResult
        func addToUpgrade(_ revision: String, _ line: String) throws -> Int {
            let file = try path(revision)
            var text = try String(contentsOfFile: file, encoding: .utf8)
            let marker = "\n\n\ndef downgrade()"
            let range = try XCTUnwrap(text.range(of: marker))
            text.replaceSubrange(range, with: "\n    " + line + marker)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            return try XCTUnwrap(lines.firstIndex(of: "    " + line)) + 1
        }

        /// Replaces `revision`'s upgrade() and downgrade() bodies; returns the line of the
        /// upgrade's first.
        @discardableResult
        func replaceBodies(_ revision: String, upgrade: [String], downgrade: [String]) throws -> Int {
            let file = try path(revision)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let head = try XCTUnwrap(text.range(of: "def upgrade() -> None:"))
            let body = { (lines: [String]) in lines.map { "    " + $0 }.joined(separator: "\n") }
            let new = String(text[..<head.lowerBound]) + "def upgrade() -> None:\n" + body(upgrade)
                + "\n\n\ndef downgrade() -> None:\n" + body(downgrade) + "\n"
            try new.write(toFile: file, atomically: true, encoding: .utf8)
            return try XCTUnwrap(new.components(separatedBy: "\n").firstIndex(of: "def upgrade() -> None:")) + 2
        }
    }

    private func project(count: Int) throws -> (Oracle, Project) {
        let oracle = try Harness.oracle()
        let dir = try Harness.temporaryDirectory(self, "fault")
        try oracle.makeProject(dir, shape: "linear", count: count)
        let map = try oracle.revisionMap([dir.appendingPathComponent("migrations/versions").path])
        return (oracle, Project(dir: dir, ini: dir.appendingPathComponent("alembic.ini").path, chain: map.revisions.map(\.revision).reversed()))
    }

    private func retort(_ project: Project, _ database: LiveDatabase, _ args: [String], stdin: Data? = nil) throws -> RunResult {
        try Harness.run(
            try Harness.retortBinary().path, ["-c", project.ini, "--url", database.url] + args, stdin: stdin,
            cwd: project.dir, timeout: 120)
    }

    // MARK: A migration that fails halfway

    private func checkFailingMigration(_ kind: LiveDatabase.Kind) throws {
        let (oracle, project) = try project(count: 4)
        let failing = project.chain[2]
        let line = try project.addToUpgrade(failing, "op.execute(\"INSERT INTO no_such_table VALUES (1)\")")
        let database = try LiveDatabase.make(kind, self, in: project.dir, name: "fail")
        let run = try retort(project, database, ["upgrade", "head", "--yes"])
        XCTAssertEqual(run.exit, 4, run.stderr)
        let stderr = run.stderr.trimmingCharacters(in: .newlines)
        XCTAssertFalse(stderr.contains("\n"), "one line: \(stderr)")
        XCTAssertTrue(
            stderr.hasPrefix("FAILED: upgrade \(project.chain[1]) -> \(failing) failed at \(try project.path(failing)):\(line): "),
            stderr)
        XCTAssertTrue(stderr.contains(kind == .sqlite ? "no such table: no_such_table" : "relation \"no_such_table\" does not exist"), stderr)
        XCTAssertTrue(stderr.contains(" in: INSERT INTO no_such_table VALUES (1); "), stderr)
        XCTAssertTrue(
            stderr.hasSuffix(
                "rolled back: nothing of \(failing) remains; 2 earlier migrations of this run stay applied; "
                    + "alembic_version holds \(project.chain[1])"), stderr)
        XCTAssertEqual(try database.tables(), project.chain.prefix(2).map { "t_\($0)" }.sorted())
        XCTAssertEqual(try database.rows(), [project.chain[1]])

        // The same in one transaction: nothing of the run remains, not even the version table.
        let whole = try LiveDatabase.make(kind, self, in: project.dir, name: "whole")
        let all = try retort(project, whole, ["upgrade", "head", "--yes", "--transaction", "all"])
        XCTAssertEqual(all.exit, 4, all.stderr)
        XCTAssertTrue(all.stderr.contains("the 2 migrations before it in the same transaction were rolled back too"), all.stderr)
        XCTAssertEqual(try whole.tables(), [])
        XCTAssertNil(try whole.rows())

        // Alembic, for comparison: on SQLite pysqlite commits DDL as it goes, so the
        // failed migration's table stays behind; on PostgreSQL its one transaction undoes
        // the migrations before the failed one too.
        let reference = try LiveDatabase.make(kind, self, in: project.dir, name: "alembic")
        let alembic = try oracle.alembic(["-c", project.ini, "-x", "url=\(reference.url)", "upgrade", "head"], cwd: project.dir)
        XCTAssertNotEqual(alembic.exit, 0)
        XCTAssertEqual(try reference.tables(), kind == .sqlite ? project.chain.prefix(3).map { "t_\($0)" }.sorted() : [])
    }

    func testFailingMigrationSQLite() throws { try checkFailingMigration(.sqlite) }

    func testFailingMigrationPostgreSQL() throws { try checkFailingMigration(.postgresql) }

    // MARK: Two runs at once

    private func checkTwoRunsAtOnce(_ kind: LiveDatabase.Kind) throws {
        let count = 12
        let (_, project) = try project(count: count)
        // A first migration slow enough that the second run starts while it runs.
        let slow =
            kind == .sqlite
            ? "op.execute(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c\")"
            : "op.execute(\"SELECT pg_sleep(1.5)\")"
        try project.addToUpgrade(project.chain[0], slow)
        let database = try LiveDatabase.make(kind, self, in: project.dir, name: "twice")
        let binary = try Harness.retortBinary().path
        let results = ParallelRuns(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.store(
                Result {
                    try Harness.run(
                        binary, ["-c", project.ini, "--url", database.url, "upgrade", "head", "--yes"], cwd: project.dir,
                        timeout: 120)
                }, at: i)
        }
        let runs = try results.all()
        for run in runs { XCTAssertEqual(run.exit, 0, run.stdout + run.stderr) }
        // Each step ran exactly once, in one run or the other.
        let ran = runs.flatMap { run in
            run.stdout.split(separator: "\n").filter { $0.hasPrefix("Running upgrade") }.map {
                String($0.split(separator: ",")[0].split(separator: " ").last!)
            }
        }
        XCTAssertEqual(ran.sorted(), project.chain.sorted(), runs.map(\.stdout).joined(separator: "\n----\n"))
        XCTAssertEqual(try database.rows(), [project.chain.last!])
        XCTAssertEqual(try database.tables().count, count)
        // The runs overlapped: one waited (PostgreSQL's lock) or found the steps done
        // when SQLite let it write (BEGIN IMMEDIATE waits without a word).
        let evidence = kind == .postgresql ? "Waiting for another migration run to finish" : "another run applied them meanwhile"
        XCTAssertTrue(runs.contains { $0.stdout.contains(evidence) }, runs.map(\.stdout).joined(separator: "\n----\n"))
    }

    func testTwoRunsAtOnceSQLite() throws { try checkTwoRunsAtOnce(.sqlite) }

    func testTwoRunsAtOncePostgreSQL() throws { try checkTwoRunsAtOnce(.postgresql) }

    // MARK: Locks held by someone else

    func testPostgreSQLLockTimeoutNamesTheHolder() throws {
        let (_, project) = try project(count: 2)
        let database = try LiveDatabase.make(.postgresql, self, in: project.dir, name: "locked")
        var options = ConnectOptions()
        options.applicationName = "holder-test"
        let holder = try PostgresConnection(try DatabaseURL(database.url), options)
        defer { holder.close() }
        XCTAssertTrue(try holder.tryAdvisoryLock(AdvisoryLockKey.key(schema: "public", table: "alembic_version")))
        let started = Date()
        // A password in the URL (the test server trusts everyone) must never be printed.
        var withPassword = database
        withPassword.url = database.url.replacingOccurrences(of: "postgres@", with: "postgres:s3cret@")
        let run = try retort(project, withPassword, ["upgrade", "head", "--yes", "--lock-timeout", "1"])
        XCTAssertFalse((run.stdout + run.stderr).contains("s3cret"), run.stdout + run.stderr)
        XCTAssertEqual(run.exit, 4, run.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(run.stdout.contains("Waiting for another migration run to finish (at most 1 s)..."), run.stdout)
        XCTAssertTrue(
            run.stderr.hasPrefix(
                "FAILED: another migration run holds the lock on the version table 'alembic_version' of "
                    + "\(try DatabaseURL(withPassword.url).masked) (advisory lock -4472450268545538364, 'retort:public.alembic_version'): "
                    + "pid \(holder.backendPID) (application 'holder-test'), connected since "), run.stderr)
        XCTAssertTrue(run.stderr.hasSuffix("; gave up after 1 s (--lock-timeout)\n"), run.stderr)
        XCTAssertEqual(try database.tables(), [])

        // Another version table is another lock.
        let other = try retort(project, database, ["upgrade", "head", "--yes", "--version-table", "other_version"])
        XCTAssertEqual(other.exit, 0, other.stderr)
    }

    func testSQLiteLockTimeout() throws {
        let (_, project) = try project(count: 2)
        let database = try LiveDatabase.make(.sqlite, self, in: project.dir, name: "locked")
        let holder = try DatabaseURL(database.url).connect()
        defer { holder.close() }
        try holder.begin()  // BEGIN IMMEDIATE: the file's write lock
        let run = try retort(project, database, ["upgrade", "head", "--yes", "--lock-timeout", "1"])
        XCTAssertEqual(run.exit, 4, run.stderr)
        XCTAssertTrue(
            run.stderr.hasPrefix(
                "FAILED: upgrade  -> \(project.chain[0]) failed: the SQLite database stayed locked by another connection "
                    + "for 1 s (--lock-timeout); nothing of \(project.chain[0]) was applied; "), run.stderr)
        try holder.rollback()
        XCTAssertEqual(try database.tables(), [])
    }

    // MARK: A run killed with SIGKILL

    /// Killed in the middle of a migration on PostgreSQL, a run leaves its transaction to
    /// be rolled back and its lock to be released by the server; the next run finds the
    /// rows and schema consistent and finishes.
    func testSIGKILLMidMigrationPostgreSQL() throws {
        let (_, project) = try project(count: 3)
        try project.addToUpgrade(project.chain[1], "op.execute(\"SELECT pg_sleep(2)\")")
        let database = try LiveDatabase.make(.postgresql, self, in: project.dir, name: "killed")
        let process = Process()
        process.executableURL = try Harness.retortBinary()
        process.arguments = ["-c", project.ini, "--url", database.url, "upgrade", "head", "--yes"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watcher = try PostgresConnection(try DatabaseURL(database.url), ConnectOptions())
        defer { watcher.close() }
        var sleeping = false
        for _ in 0..<400 where !sleeping {
            sleeping = try !watcher.query(
                "SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'"
            ).isEmpty
            if !sleeping { usleep(25_000) }
        }
        XCTAssertTrue(sleeping, "the run never reached the slow migration")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(try database.rows(), [project.chain[0]], "the killed migration is not recorded")

        let next = try retort(project, database, ["upgrade", "head", "--yes", "--lock-timeout", "20"])
        XCTAssertEqual(next.exit, 0, next.stdout + next.stderr)
        XCTAssertEqual(try database.rows(), [project.chain[2]])
        XCTAssertEqual(try database.tables(), project.chain.map { "t_\($0)" }.sorted())
    }

    /// Killed in the middle of a migration on SQLite, a run leaves a hot journal: the next
    /// connection rolls back the open batch (the migrations since the last commit, each
    /// with its version rows), so the rows and the schema agree, and the next run finishes.
    func testSIGKILLMidMigrationSQLite() throws {
        let (_, project) = try project(count: 8)
        let slow = 5
        try project.addToUpgrade(
            project.chain[slow],
            "op.execute(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c\")")
        let database = try LiveDatabase.make(.sqlite, self, in: project.dir, name: "killed")
        let process = Process()
        process.executableURL = try Harness.retortBinary()
        process.arguments = ["-c", project.ini, "--url", database.url, "upgrade", "head", "--yes"]
        process.currentDirectoryURL = project.dir
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The progress line of the slow migration is written before its statements run.
        let marker = "Running upgrade \(project.chain[slow - 1]) -> \(project.chain[slow])"
        var printed = ""
        while !printed.contains(marker) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        XCTAssertTrue(printed.contains(marker), printed)
        usleep(200_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run ended before it was killed: \(printed)")

        // Whatever was committed, the version row and the tables tell the same story.
        let rows = try database.rows() ?? []
        XCTAssertLessThanOrEqual(rows.count, 1)
        let applied = rows.first.flatMap { project.chain.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
        XCTAssertLessThan(applied, slow + 1, "the killed migration is not recorded")
        XCTAssertEqual(try database.tables(), project.chain.prefix(applied).map { "t_\($0)" }.sorted())
        XCTAssertEqual(try database.query("PRAGMA integrity_check"), [["ok"]])

        let next = try retort(project, database, ["upgrade", "head", "--yes"])
        XCTAssertEqual(next.exit, 0, next.stdout + next.stderr)
        XCTAssertEqual(try database.rows(), [project.chain.last!])
        XCTAssertEqual(try database.tables(), project.chain.map { "t_\($0)" }.sorted())
    }

    // MARK: Statements outside a transaction

    func testConcurrentIndexRunsOutsideATransaction() throws {
        let (oracle, project) = try project(count: 2)
        let table = "t_\(project.chain[0])"
        let line = try project.replaceBodies(
            project.chain[1],
            upgrade: ["op.create_index(\"ix_concurrent\", \"\(table)\", [\"name\"], postgresql_concurrently=True)"],
            downgrade: ["op.drop_index(\"ix_concurrent\", table_name=\"\(table)\", postgresql_concurrently=True)"])
        let database = try LiveDatabase.make(.postgresql, self, in: project.dir, name: "concurrent")
        let run = try retort(project, database, ["upgrade", "head", "--yes"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        XCTAssertTrue(
            run.stdout.contains(
                "outside a transaction, line \(line) (CREATE INDEX CONCURRENTLY): CREATE INDEX CONCURRENTLY ix_concurrent ON \(table) (name)\n"),
            run.stdout)
        XCTAssertTrue(run.stdout.contains("the version row is written right after the step"), run.stdout)
        XCTAssertEqual(
            try database.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_concurrent'::regclass"), [["true"]])
        XCTAssertEqual(try database.rows(), [project.chain[1]])
        let down = try retort(project, database, ["downgrade", "-1", "--yes"])
        XCTAssertEqual(down.exit, 0, down.stderr)
        XCTAssertEqual(try database.query("SELECT to_regclass('ix_concurrent')::text"), [[nil]])

        // Alembic runs it inside its transaction, which PostgreSQL refuses.
        let reference = try LiveDatabase.make(.postgresql, self, in: project.dir, name: "alembic")
        let alembic = try oracle.alembic(["-c", project.ini, "-x", "url=\(reference.url)", "upgrade", "head"], cwd: project.dir)
        XCTAssertNotEqual(alembic.exit, 0)
        XCTAssertTrue(alembic.stderr.contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block"), alembic.stderr)
    }

    // MARK: Version rows that are wrong

    func testUnknownRevisionInTheTable() throws {
        for kind in LiveDatabase.Kind.allCases {
            let (_, project) = try project(count: 2)
            let database = try LiveDatabase.make(kind, self, in: project.dir, name: "unknown")
            let stamp = try retort(project, database, ["stamp", project.chain[0], "--yes"])
            XCTAssertEqual(stamp.exit, 0, stamp.stderr)
            try database.execute("UPDATE alembic_version SET version_num = 'deadbeef0000'")
            let run = try retort(project, database, ["upgrade", "head", "--yes"])
            XCTAssertEqual(run.exit, 2, run.stderr)
            XCTAssertEqual(
                run.stderr,
                "FAILED: Can't locate revision identified by 'deadbeef0000': the version table 'alembic_version' holds it, "
                    + "but no revision script has this id\n")
            XCTAssertEqual(try database.tables(), [])
            XCTAssertEqual(try database.rows(), ["deadbeef0000"])
            // What the message points to: `stamp --purge` replaces such a row.
            let purge = try retort(project, database, ["stamp", project.chain[0], "--purge", "--yes"])
            XCTAssertEqual(purge.exit, 0, purge.stderr)
            XCTAssertEqual(try database.rows(), [project.chain[0]])
        }
    }

    /// The same revision twice (a table without Alembic's primary key), and two rows on
    /// one line of the graph: stopped before anything runs.
    func testRowsThatCannotBeRight() throws {
        let (oracle, project) = try project(count: 3)
        let database = try LiveDatabase.make(.sqlite, self, in: project.dir, name: "twice")
        try database.execute(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL); "
                + "INSERT INTO alembic_version VALUES ('\(project.chain[0])'), ('\(project.chain[0])')")
        let twice = try retort(project, database, ["upgrade", "head", "--yes"])
        XCTAssertEqual(twice.exit, 4, twice.stderr)
        XCTAssertEqual(
            twice.stderr,
            "FAILED: the version table 'alembic_version' holds '\(project.chain[0])' 2 times, where Alembic keeps one row "
                + "per head; nothing was applied (delete the extra rows, or `stamp --purge` the right revisions)\n")
        XCTAssertEqual(try database.tables(), [])
        let purge = try retort(project, database, ["stamp", project.chain[0], "--purge", "--yes"])
        XCTAssertEqual(purge.exit, 0, purge.stderr)
        XCTAssertEqual(try database.rows(), [project.chain[0]])

        // A revision and its parent both as rows: Alembic's own refusal.
        let line = try LiveDatabase.make(.sqlite, self, in: project.dir, name: "line")
        XCTAssertEqual(try retort(project, line, ["stamp", project.chain[1], "--yes"]).exit, 0)
        try line.execute("INSERT INTO alembic_version VALUES ('\(project.chain[0])')")
        let run = try retort(project, line, ["upgrade", "head", "--yes"])
        let alembic = try oracle.alembic(["-c", project.ini, "-x", "url=\(line.url)", "upgrade", "head"], cwd: project.dir)
        XCTAssertEqual(run.exit, 2, run.stderr)
        XCTAssertTrue(alembic.stdout.hasPrefix("FAILED: Requested revision"), alembic.stdout)
        XCTAssertEqual(run.stderr, alembic.stdout)
        XCTAssertEqual(try line.tables(), [])
    }

    // MARK: Databases that cannot be used

    /// A server that is not there: one line, exit 4, quickly, no password. (A read-only
    /// SQLite file is SQLiteConnectionTests.testReadOnlyFile's.)
    func testServerThatIsNotThere() throws {
        let (_, project) = try project(count: 2)
        let started = Date()
        let down = LiveDatabase(kind: .postgresql, url: "postgresql://postgres:s3cret@127.0.0.1:9/nothing")
        let run = try retort(project, down, ["upgrade", "head", "--yes"])
        XCTAssertEqual(run.exit, 4, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("FAILED: cannot connect to postgresql://postgres:***@127.0.0.1:9/nothing: "), run.stderr)
        XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        XCTAssertFalse(run.stderr.contains("s3cret"))
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
    }

    // MARK: Uninterpretable revisions and confirmation

    /// A revision Retort cannot interpret stops the run before it touches the database.
    func testUninterpretableRevisionsApplyNothing() throws {
        let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/ops-opaque/alembic.ini").path
        let dir = try Harness.temporaryDirectory(self, "opaque")
        let file = dir.appendingPathComponent("app.db").path
        let run = try Harness.run(
            try Harness.retortBinary().path, ["-c", fixture, "--url", "sqlite:///\(file)", "upgrade", "heads", "--yes"])
        XCTAssertEqual(run.exit, 3, run.stderr)
        // (c0ffee000005 is not among them: its helper is read from the project's opaque_helpers.py.)
        XCTAssertTrue(
            run.stderr.hasPrefix("FAILED: 5 revision functions of the plan cannot be interpreted for sqlite, so nothing was applied:\n"),
            run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file), "the database file was made")
    }

    func testConfirmation() throws {
        let (_, project) = try project(count: 2)
        let database = try LiveDatabase.make(.sqlite, self, in: project.dir, name: "confirm")
        let file = String(database.url.dropFirst("sqlite:///".count))
        // No terminal and no --yes: the plan is printed, nothing is applied.
        let refused = try retort(project, database, ["upgrade", "head"])
        XCTAssertEqual(refused.exit, 5)
        XCTAssertTrue(refused.stdout.hasPrefix("Upgrade to head on \(database.url): 2 migrations, each atomic, committed together every 0.2 s\n"), refused.stdout)
        let durable = try retort(project, database, ["upgrade", "head", "--transaction", "commit-each"])
        XCTAssertEqual(durable.exit, 5)
        XCTAssertTrue(durable.stdout.hasPrefix("Upgrade to head on \(database.url): 2 migrations, one transaction each\n"), durable.stdout)
        XCTAssertEqual(
            refused.stderr,
            "FAILED: not applied: upgrade asks for confirmation on a terminal; pass --yes to apply without one\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))

        // On a terminal (script(1) gives the run one): Enter alone and "n" decline, "y" confirms.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is not installed, so no terminal can be given to retort")
        }
        let command = ([try Harness.retortBinary().path, "-c", project.ini, "--url", database.url, "upgrade", "head"])
            .map { "'\($0)'" }.joined(separator: " ")
        for (answer, status) in [("\n", Int32(5)), ("n\n", 5), ("y\n", 0)] {
            let run = try Harness.run("/usr/bin/script", ["-qec", command, "/dev/null"], stdin: Data(answer.utf8), cwd: project.dir)
            XCTAssertEqual(run.exit, status, "\(answer.debugDescription): \(run.stdout)")
            XCTAssertTrue(run.stdout.contains("Apply this plan? Type y to confirm: "), run.stdout)
            XCTAssertEqual(try database.rows(), status == 0 ? [project.chain[1]] : nil, answer.debugDescription)
        }
    }
}

/// Results of runs made in parallel, one slot each.
final class ParallelRuns: @unchecked Sendable {
    private var slots: [Result<RunResult, Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ result: Result<RunResult, Error>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func all() throws -> [RunResult] {
        try slots.map { try XCTUnwrap($0).get() }
    }
}
