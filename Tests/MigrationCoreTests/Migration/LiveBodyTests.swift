import Foundation
import XCTest

@testable import MigrationCore

/// What a live run sends: the same statements as the rendered function (without the
/// offline script's COMMIT/BEGIN around an autocommit block), each with its operation's
/// line; which statements run outside a transaction; the advisory lock key.
final class LiveBodyTests: XCTestCase {
    /// Every function of the ops fixture, both dialects and directions: the live
    /// statements are RevisionBody's, in order, CREATE TABLE laid out with tabs as
    /// SQLAlchemy sends it online.
    func testStatementsAreTheRenderedOnes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/ops")
        var options = ProjectOptions()
        options.configFiles = [root.appendingPathComponent("alembic.ini").path]
        options.environment = [:]
        XCTAssertGreaterThan(try checkStatements(try LoadedProject.load(options).graph()), 40)
    }

    /// The same on the real histories (every function Retort can interpret).
    func testStatementsAreTheRenderedOnesInRealHistories() throws {
        _ = try RealHistories.files()
        var checked = 0
        for history in ["airflow", "superset", "mlflow"] {
            var options = ProjectOptions()
            options.environment = [:]
            options.versionLocations = [RealHistories.root + "/" + history]
            checked += try checkStatements(try LoadedProject.load(options).graph())
        }
        XCTAssertGreaterThan(checked, 500)
    }

    /// Compares every function of `graph`; returns how many were interpretable.
    private func checkStatements(_ graph: RevisionGraph) throws -> Int {
        var checked = 0
        for revision in graph.revisions {
            for dialect in [Dialect.sqlite, .postgresql] {
                for direction in [RevisionBody.Direction.upgrade, .downgrade] {
                    let body = RevisionBody.render(revision, direction, dialect: dialect, offline: false)
                    let live = LiveBody.render(revision, direction, dialect: dialect, serverVersion: 150000)
                    XCTAssertEqual(live.isInterpretable, body.isInterpretable, "\(revision.id) \(direction) \(dialect)")
                    guard body.isInterpretable else { continue }
                    let expected = body.statements.filter { $0 != "COMMIT" && $0 != "BEGIN" }
                    XCTAssertEqual(
                        live.statements.map { $0.sql.replacingOccurrences(of: "\n\t", with: "\n    ") }, expected,
                        "\(revision.id) \(direction) \(dialect)")
                    // The operation's line, in the script (a helper above upgrade() too).
                    let lines = try String(contentsOfFile: revision.path, encoding: .utf8).split(
                        separator: "\n", omittingEmptySubsequences: false
                    ).count
                    for statement in live.statements {
                        XCTAssertTrue((1...lines).contains(statement.line), "\(revision.id): line \(statement.line)")
                    }
                    checked += 1
                }
            }
        }
        return checked
    }

    func testStatementsOutsideATransaction() {
        let pg = Dialect.postgresql
        let cases: [(String, String?)] = [
            ("CREATE INDEX CONCURRENTLY ix ON t (a)", "CREATE INDEX CONCURRENTLY"),
            ("create unique index concurrently if not exists ix on t (a)", "CREATE INDEX CONCURRENTLY"),
            ("  -- why\n/* how */ DROP INDEX CONCURRENTLY IF EXISTS ix", "DROP INDEX CONCURRENTLY"),
            ("REINDEX (VERBOSE) TABLE CONCURRENTLY t", "REINDEX CONCURRENTLY"),
            ("VACUUM ANALYZE t", "VACUUM"),
            ("SET lock_timeout = '1s'; CREATE INDEX CONCURRENTLY ix ON t (a)", "CREATE INDEX CONCURRENTLY"),
            ("CREATE INDEX ix ON t (a)", nil),
            ("INSERT INTO t VALUES ('CREATE INDEX CONCURRENTLY; VACUUM')", nil),
            ("ALTER TYPE mood ADD VALUE 'happy'", nil),
            ("ALTER TABLE t ADD COLUMN value INTEGER", nil),
        ]
        for (sql, reason) in cases {
            XCTAssertEqual(OutsideTransaction.reason(sql, dialect: pg, serverVersion: 150000), reason, sql)
        }
        XCTAssertEqual(
            OutsideTransaction.reason("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy'", dialect: pg, serverVersion: 110005),
            "ALTER TYPE ... ADD VALUE before PostgreSQL 12")
        XCTAssertNil(OutsideTransaction.reason("ALTER TYPE mood RENAME VALUE 'a' TO 'b'", dialect: pg, serverVersion: 110005))
        XCTAssertEqual(OutsideTransaction.reason("VACUUM", dialect: .sqlite), "VACUUM")
        XCTAssertEqual(
            OutsideTransaction.reason("PRAGMA foreign_keys=OFF", dialect: .sqlite),
            "PRAGMA foreign_keys (ignored inside a transaction)")
        XCTAssertNil(OutsideTransaction.reason("PRAGMA table_info(t)", dialect: .sqlite))
        XCTAssertNil(OutsideTransaction.reason("CREATE INDEX CONCURRENTLY ix ON t (a)", dialect: .sqlite))
    }

    /// FNV-1a's published test vectors, and the key README documents.
    func testAdvisoryLockKey() {
        XCTAssertEqual(AdvisoryLockKey.fnv1a64(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(AdvisoryLockKey.fnv1a64("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(AdvisoryLockKey.fnv1a64("foobar"), 0x8594_4171_f739_67e8)
        XCTAssertEqual(AdvisoryLockKey.text(schema: "public", table: "alembic_version"), "retort:public.alembic_version")
        XCTAssertEqual(AdvisoryLockKey.key(schema: "public", table: "alembic_version"), Self.documentedKey)
    }

    /// The key in README's "Locking" paragraph.
    static let documentedKey: Int64 = -4_472_450_268_545_538_364
}
