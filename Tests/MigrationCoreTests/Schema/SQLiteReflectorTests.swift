import XCTest

@testable import MigrationCore

/// The SQLite reflector's own rules, as Alembic 1.20.1 with SQLAlchemy 2.1.9 apply them
/// (checked by running Alembic's online batch on such tables), and the one case where a
/// table copy would change other tables' rows.
final class SQLiteReflectorTests: XCTestCase {
    func testDeclaredTypesAreReadAsSQLAlchemyReadsThem() throws {
        func written(_ declared: String) throws -> String { try Dialect.sqlite.typeName(SQLiteReflector.type(declared).0) }
        XCTAssertEqual(try written("STRING"), "NUMERIC")
        XCTAssertEqual(try written("DOUBLE PRECISION"), "REAL")
        XCTAssertEqual(try written("VARCHAR2(10)"), "TEXT(10)")
        XCTAssertEqual(try written("UNSIGNED BIG INT"), "INTEGER")
        XCTAssertEqual(try written("NUMERIC(10,2)"), "NUMERIC(10, 2)")
        XCTAssertEqual(try written("VARCHAR(20)"), "VARCHAR(20)")
        XCTAssertEqual(try written("CLOB"), "TEXT")
        XCTAssertEqual(try written("DATETIME(6)"), "DATETIME")
        XCTAssertEqual(SQLiteReflector.type("INTEGER(11)").1, "Could not instantiate type INTEGER with reflected arguments ['11']; using no arguments.")
        XCTAssertThrowsError(try written(""), "a column without a type: Alembic's copy fails too")
    }

    func testDefaultsAreParenthesisedAsAlembicsBatchDoes() {
        XCTAssertEqual(SQLiteReflector.batchDefault("0"), "0")
        XCTAssertEqual(SQLiteReflector.batchDefault("10"), "(10)")
        XCTAssertEqual(SQLiteReflector.batchDefault("'x'"), "'x'")
        XCTAssertEqual(SQLiteReflector.batchDefault("CURRENT_TIMESTAMP"), "(CURRENT_TIMESTAMP)")
        XCTAssertEqual(SQLiteReflector.batchDefault("(1+2)"), "(1+2)")
    }

    /// With foreign keys enforced, DROP TABLE runs the children's ON DELETE actions: a
    /// copy of the parent is refused (Alembic's would delete the children's rows).
    func testACopyIsRefusedWhereItWouldCascadeToAnotherTable() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        let db = try DatabaseURL("sqlite:///\(dir)/app.db").connect()
        try db.execute(
            "CREATE TABLE jobs (id INTEGER PRIMARY KEY, title TEXT); "
                + "CREATE TABLE notes (id INTEGER PRIMARY KEY, job_id INTEGER REFERENCES jobs (id) ON DELETE CASCADE)")
        let reader = SQLiteReflector(connection: db)
        XCTAssertEqual(try reader.referencingTables("jobs"), ["notes"])
        XCTAssertNil(try reader.table("jobs")?.copyBlocker, "foreign keys are off by default: DROP TABLE touches no child")
        try db.execute("PRAGMA foreign_keys = ON")
        let blocker = try XCTUnwrap(try reader.table("jobs")?.copyBlocker)
        XCTAssertTrue(blocker.hasPrefix("foreign keys are enforced on this connection (PRAGMA foreign_keys=ON) and table notes refers to jobs"), blocker)
        XCTAssertNil(try reader.table("notes")?.copyBlocker, "nothing refers to notes")
    }
}
