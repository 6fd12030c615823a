import XCTest

@testable import MigrationCore

/// What drift reads back from a database in the form a migration wrote it: PostgreSQL's
/// deparsed CHECKs and SQLite's stored CREATE INDEX of an expression index.
final class CatalogueTextTests: XCTestCase {
    func testPostgreSQLsDeparsedChecksReadAsWritten() {
        let pairs = [
            (
                "((annotator_kind)::text = ANY ((ARRAY['LLM'::character varying, 'HUMAN'::character varying])::text[]))",
                "annotator_kind IN ('LLM', 'HUMAN')"
            ),
            ("(price >= (0)::numeric)", "price >= 0"),
            ("(length((name)::text) > 0)", "length(name) > 0"),
            ("((a > 0) AND (b IS NOT NULL))", "(a > 0) AND (b IS NOT NULL)"),
            ("(status = 'it''s'::text)", "status = 'it''s'"),
        ]
        for (catalogue, migration) in pairs {
            XCTAssertEqual(PostgresCheckText.canonical(catalogue), PostgresCheckText.canonical(migration), catalogue)
        }
        XCTAssertEqual(PostgresCheckText.canonical(pairs[0].0), "annotator_kind IN ('LLM', 'HUMAN')")
        // Different conditions stay different.
        XCTAssertNotEqual(PostgresCheckText.canonical("(a > 0)"), PostgresCheckText.canonical("a >= 0"))
        XCTAssertNotEqual(PostgresCheckText.canonical("k IN ('a', 'b')"), PostgresCheckText.canonical("k IN ('a')"))
    }

    func testSQLiteExpressionIndexElements() {
        XCTAssertEqual(
            SQLiteTableText.indexElements("CREATE INDEX ix_latency ON spans ((end_time - start_time))"), ["end_time - start_time"])
        XCTAssertEqual(
            SQLiteTableText.indexElements("CREATE UNIQUE INDEX ix ON t (a, lower(b), (c || ',')) WHERE a > 0"),
            ["a", "lower(b)", "c || ','"])
    }
}
