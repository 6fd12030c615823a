import Foundation
import XCTest

/// SQLite batch migrations without `copy_from`, which Alembic's offline mode cannot
/// write: Retort writes the move-and-copy from the schema it replays, and running that SQL
/// must leave the same database as Alembic applying the revision online.
final class SQLiteBatchTests: XCTestCase {
    let ini = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/batch-sqlite/alembic.ini").path
    let chain = ["ba7c40000001", "ba7c40000002", "ba7c40000003", "ba7c40000004"]

    func alembic(_ oracle: Oracle, _ db: String, _ args: String...) throws {
        let run = try oracle.alembic(["-c", ini, "-x", "url=sqlite:///\(db)"] + args)
        XCTAssertEqual(run.exit, 0, "alembic \(args.joined(separator: " ")): \(run.stderr)")
    }

    func schema(_ oracle: Oracle, _ db: String) throws -> String {
        let run = try Harness.run(oracle.python, [Harness.oracleScripts.appendingPathComponent("sqlite_schema.py").path, db])
        XCTAssertEqual(run.exit, 0, run.stderr)
        // The version rows differ by design (Retort's SQL here is the body only).
        return run.stdout.components(separatedBy: "\"tables\"").last ?? run.stdout
    }

    func execute(_ oracle: Oracle, _ db: String, _ sql: String) throws {
        let run = try Harness.run(
            oracle.python, ["-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(sys.stdin.read())", db],
            stdin: Data(sql.utf8))
        XCTAssertEqual(run.exit, 0, "running Retort's SQL failed: \(run.stderr)\n\(sql)")
    }

    func testMoveAndCopyMatchesAlembicOnline() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "batch")
        for (i, revision) in chain.enumerated().dropFirst() {
            for downgrade in [false, true] {
                let a = directory.appendingPathComponent("\(revision)-\(downgrade)-alembic.db").path
                let b = directory.appendingPathComponent("\(revision)-\(downgrade)-retort.db").path
                let start = downgrade ? revision : chain[i - 1]
                let target = downgrade ? chain[i - 1] : revision
                for db in [a, b] { try alembic(oracle, db, "upgrade", start) }
                try alembic(oracle, a, downgrade ? "downgrade" : "upgrade", target)
                var args = ["-c", ini, "sql", revision, "--dialect", "sqlite"]
                if downgrade { args.append("--downgrade") }
                let sql = try Harness.retort(args)
                XCTAssertEqual(sql.exit, 0, "retort \(args.joined(separator: " ")): \(sql.stderr)")
                guard sql.exit == 0 else { continue }
                try execute(oracle, b, sql.stdout)
                let expected = try schema(oracle, a)
                let actual = try schema(oracle, b)
                XCTAssertEqual(actual, expected, "\(downgrade ? "downgrade" : "upgrade") \(revision): schemas differ;\nRetort's SQL:\n\(sql.stdout)")
            }
        }
    }
}
