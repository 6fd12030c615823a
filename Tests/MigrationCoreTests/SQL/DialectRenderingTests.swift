import Foundation
import XCTest

@testable import MigrationCore

/// The dialect's pieces on their own: `text()` bind parameters, identifier quoting and
/// type names, each compared whole with what SQLAlchemy 2.1 writes (recorded from it).
final class DialectRenderingTests: XCTestCase {
    /// (SQL text, what SQLAlchemy's TextClause compiles it to with literal binds).
    static let texts: [(String, String)] = [
        ("SELECT :a", "SELECT NULL"), ("x = ':none'", "x = 'NULL'"), ("10:30", "10:30"), ("a::text", "a::text"),
        ("\\:a", ":a"), (":a:", ":a:"), (":ab:", ":ab:"), (":a$b", "NULL$b"), (":naïve", "NULL"), ("x=:1", "x=NULL"),
        ("(:a)", "(NULL)"), (":_x", "NULL"), ("\\:a:", "\\:a:"), ("\\: x", ": x"), ("a\\:b", "a:b"), ("::a", "::a"),
        ("x:=:y", "x:=NULL"), ("", ""), ("LIKE 'a%'", "LIKE 'a%'"),
    ]

    func testTextBindParameters() {
        for dialect in [Dialect.sqlite, .postgresql] {
            XCTAssertEqual(Self.texts.map { dialect.text($0.0) }, Self.texts.map(\.1), "\(dialect)")
            XCTAssertEqual(
                dialect.text("a = :x AND b = :y AND c = :z AND d = :w", binds: ["x": "'v'''", "y": "5", "z": "NULL"]),
                "a = 'v''' AND b = 5 AND c = NULL AND d = NULL")
        }
    }

    /// (name, SQLite, PostgreSQL).
    static let identifiers: [(String, String, String)] = [
        ("user", "user", "\"user\""), ("order", "\"order\"", "\"order\""), ("select", "\"select\"", "\"select\""),
        ("group", "\"group\"", "\"group\""), ("MixedCase", "\"MixedCase\"", "\"MixedCase\""),
        ("with space", "\"with space\"", "\"with space\""), ("1abc", "\"1abc\"", "\"1abc\""), ("$x", "\"$x\"", "\"$x\""),
        ("a$b", "a$b", "a$b"), ("we\"ird", "\"we\"\"ird\"", "\"we\"\"ird\""), ("ünï", "\"ünï\"", "\"ünï\""),
        ("table", "\"table\"", "\"table\""), ("name", "name", "name"), ("analyse", "analyse", "\"analyse\""),
        ("abort", "abort", "abort"), ("key", "\"key\"", "key"), ("values", "\"values\"", "values"),
        ("current_user", "current_user", "\"current_user\""), ("x_1", "x_1", "x_1"),
    ]

    func testQuoting() {
        XCTAssertEqual(Self.identifiers.map { Dialect.sqlite.quote($0.0) }, Self.identifiers.map(\.1))
        XCTAssertEqual(Self.identifiers.map { Dialect.postgresql.quote($0.0) }, Self.identifiers.map(\.2))
        XCTAssertEqual(Dialect.postgresql.table("order", schema: "My Schema"), "\"My Schema\".\"order\"")
    }

    /// (type as a script writes it, SQLite, PostgreSQL); `!` marks SQLAlchemy's
    /// UnsupportedCompilationError.
    static let types: [(String, String, String)] = [
        ("sa.Integer()", "INTEGER", "INTEGER"), ("sa.BigInteger()", "BIGINT", "BIGINT"),
        ("sa.SmallInteger()", "SMALLINT", "SMALLINT"), ("sa.String(50)", "VARCHAR(50)", "VARCHAR(50)"),
        ("sa.String()", "VARCHAR", "VARCHAR"), ("sa.Text()", "TEXT", "TEXT"), ("sa.Unicode(10)", "VARCHAR(10)", "VARCHAR(10)"),
        ("sa.UnicodeText()", "TEXT", "TEXT"), ("sa.Boolean()", "BOOLEAN", "BOOLEAN"), ("sa.Date()", "DATE", "DATE"),
        ("sa.DateTime()", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE"),
        ("sa.DateTime(timezone=True)", "DATETIME", "TIMESTAMP WITH TIME ZONE"), ("sa.Time()", "TIME", "TIME WITHOUT TIME ZONE"),
        ("sa.Interval()", "DATETIME", "INTERVAL"), ("sa.Float()", "FLOAT", "FLOAT"), ("sa.Float(53)", "FLOAT", "FLOAT(53)"),
        ("sa.Double()", "DOUBLE", "DOUBLE PRECISION"), ("sa.Numeric(10, 2)", "NUMERIC(10, 2)", "NUMERIC(10, 2)"),
        ("sa.Numeric()", "NUMERIC", "NUMERIC"), ("sa.LargeBinary()", "BLOB", "BYTEA"), ("sa.JSON()", "JSON", "JSON"),
        ("sa.Uuid()", "CHAR(32)", "UUID"), ("sa.VARCHAR(5)", "VARCHAR(5)", "VARCHAR(5)"),
        ("sa.TIMESTAMP()", "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"),
        ("sa.TIMESTAMP(timezone=True)", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE"), ("sa.CHAR(3)", "CHAR(3)", "CHAR(3)"),
        ("sa.REAL()", "REAL", "REAL"), ("sa.DECIMAL(8, 3)", "DECIMAL(8, 3)", "DECIMAL(8, 3)"), ("sa.INT()", "INTEGER", "INTEGER"),
        ("sa.String(20, collation='C')", "VARCHAR(20) COLLATE \"C\"", "VARCHAR(20) COLLATE \"C\""),
        ("postgresql.JSONB()", "JSONB", "JSONB"), ("postgresql.UUID()", "UUID", "UUID"),
        ("postgresql.DOUBLE_PRECISION()", "DOUBLE PRECISION", "DOUBLE PRECISION"),
        ("postgresql.TIMESTAMP(precision=3)", "TIMESTAMP", "TIMESTAMP(3) WITHOUT TIME ZONE"),
        ("postgresql.ARRAY(sa.Integer)", "!", "INTEGER[]"), ("postgresql.ARRAY(sa.String(20))", "!", "VARCHAR(20)[]"),
        ("postgresql.ARRAY(sa.Integer, dimensions=2)", "!", "INTEGER[][]"), ("postgresql.INET()", "!", "INET"),
        ("postgresql.TSRANGE()", "!", "TSRANGE"), ("postgresql.INTERVAL(fields='DAY')", "!", "INTERVAL DAY"),
        ("postgresql.BYTEA()", "!", "BYTEA"), ("sa.Enum('a', 'bcd', name='e')", "VARCHAR(3)", "e"),
        ("sa.Enum('a', 'bcd', name='e', native_enum=False)", "VARCHAR(3)", "VARCHAR(3)"), ("sa.PickleType()", "BLOB", "BYTEA"),
        ("postgresql.BIT(3)", "!", "BIT(3)"), ("postgresql.CITEXT()", "!", "CITEXT"),
        ("sa.Text().with_variant(postgresql.JSONB(), 'postgresql')", "TEXT", "JSONB"),
    ]

    func typeName(_ python: String, _ dialect: Dialect) throws -> String {
        let source = "import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\nT = \(python)\n"
        let module = try PythonParser.parse(Array(source.utf8), path: "types.py")
        let evaluator = Evaluator(module: module, path: "types.py", dialect: dialect.rawValue)
        let value = evaluator.lookup("T", line: 3)
        let type = try SchemaBuilder(path: "types.py").type(value, line: 3)
        do {
            return try dialect.typeName(type)
        } catch let error as SQLRenderError where error.exception?.type == "UnsupportedCompilationError" {
            return "!"
        }
    }

    func testTypeNames() throws {
        XCTAssertEqual(try Self.types.map { try typeName($0.0, .sqlite) }, Self.types.map(\.1))
        XCTAssertEqual(try Self.types.map { try typeName($0.0, .postgresql) }, Self.types.map(\.2))
    }

    /// Literal values as SQLAlchemy's literal processors write them.
    func testLiterals() {
        let values: [LiteralValue] = [
            .string("it's"), .int(-5), .float(0.5), .float(1e-07), .bool(true), .none, .decimal("9.95"),
            .date(Timestamp(year: 2020, month: 2, day: 29)),
            .dateTime(Timestamp(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5)),
            .dateTime(Timestamp(year: 2025, month: 1, day: 2, microsecond: 500)), .time(Timestamp(hour: 1, minute: 2, second: 3)),
            .uuid("12345678123456781234567812345678"),
        ]
        XCTAssertEqual(
            values.map(Dialect.sqlite.literal),
            [
                "'it''s'", "-5", "0.5", "1e-07", "1", "NULL", "9.95", "'2020-02-29'", "'2025-01-02 03:04:05.000000'",
                "'2025-01-02 00:00:00.000500'", "'01:02:03.000000'", "'12345678123456781234567812345678'",
            ])
        XCTAssertEqual(
            values.map(Dialect.postgresql.literal),
            [
                "'it''s'", "-5", "0.5", "1e-07", "true", "NULL", "9.95", "'2020-02-29'", "'2025-01-02 03:04:05'",
                "'2025-01-02 00:00:00.000500'", "'01:02:03'", "'12345678-1234-5678-1234-567812345678'",
            ])
    }
}
