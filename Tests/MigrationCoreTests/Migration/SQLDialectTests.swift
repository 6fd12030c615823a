import XCTest
@testable import MigrationCore

/// Identifier quoting and URL dialects, against SQLAlchemy 2.1.9's answers for the same
/// inputs (`dialect.identifier_preparer.quote(name)`, `make_url(url).get_dialect()`).
final class DialectTests: XCTestCase {
    func testQuotingMatchesSQLAlchemy() {
        let names = ["alembic_version", "user", "order", "key", "My_Ver", "a.b", "we\"ird", "9abc", "$s", "a$b", "_x",
                     "ünï", "a-b", "select", "returning", "values", "ıſ", "a\n", "K", "with space", ""]
        let sqlite = ["alembic_version", "user", "\"order\"", "\"key\"", "\"My_Ver\"", "\"a.b\"", "\"we\"\"ird\"",
                      "\"9abc\"", "\"$s\"", "a$b", "_x", "\"ünï\"", "\"a-b\"", "\"select\"", "returning", "\"values\"",
                      "ıſ", "a\n", "\"K\"", "\"with space\"", "\"\""]
        let postgresql = ["alembic_version", "\"user\"", "\"order\"", "key", "\"My_Ver\"", "\"a.b\"", "\"we\"\"ird\"",
                          "\"9abc\"", "\"$s\"", "a$b", "_x", "\"ünï\"", "\"a-b\"", "\"select\"", "\"returning\"", "values",
                          "ıſ", "a\n", "\"K\"", "\"with space\"", "\"\""]
        XCTAssertEqual(names.map { Dialect.sqlite.quote($0) }, sqlite)
        XCTAssertEqual(names.map { Dialect.postgresql.quote($0) }, postgresql)
    }

    func testVersionTableStatements() throws {
        let table = VersionTable(name: "My_Ver", schema: "user")
        XCTAssertEqual(
            try table.createStatement(.postgresql),
            "CREATE TABLE \"user\".\"My_Ver\" (\n    version_num VARCHAR(32) NOT NULL, \n"
                + "    CONSTRAINT \"My_Ver_pkc\" PRIMARY KEY (version_num)\n)")
        XCTAssertEqual(
            table.statement(for: .insert("x"), .sqlite),
            "INSERT INTO user.\"My_Ver\" (version_num) VALUES ('x') RETURNING version_num")
        XCTAssertEqual(
            table.statement(for: .insert("x"), .postgresql),
            "INSERT INTO \"user\".\"My_Ver\" (version_num) VALUES ('x') RETURNING \"user\".\"My_Ver\".version_num")
        XCTAssertEqual(
            table.statement(for: .update(from: "a", to: "b"), .sqlite),
            "UPDATE user.\"My_Ver\" SET version_num='b' WHERE user.\"My_Ver\".version_num = 'a'")
        XCTAssertEqual(
            table.statement(for: .delete("a"), .postgresql),
            "DELETE FROM \"user\".\"My_Ver\" WHERE \"user\".\"My_Ver\".version_num = 'a'")
        // 59 + "_pkc" is 63 characters, PostgreSQL's limit; one more is SQLAlchemy's error.
        XCTAssertNoThrow(try VersionTable(name: String(repeating: "v", count: 59)).createStatement(.postgresql))
        XCTAssertThrowsError(try VersionTable(name: String(repeating: "v", count: 60)).createStatement(.postgresql))
        XCTAssertNoThrow(try VersionTable(name: String(repeating: "v", count: 60)).createStatement(.sqlite))
    }

    func testDialectFromURL() throws {
        XCTAssertEqual(try Dialect(url: "sqlite:///x.db"), .sqlite)
        XCTAssertEqual(try Dialect(url: "sqlite+pysqlite://"), .sqlite)
        XCTAssertEqual(try Dialect(url: "postgresql+psycopg2://u:p@h:5432/db?sslmode=require"), .postgresql)
        XCTAssertEqual(try Dialect(url: "postgresql://"), .postgresql)
        func message(_ url: String) -> String? {
            do {
                _ = try Dialect(url: url)
                return nil
            } catch {
                return (error as? DialectError)?.message
            }
        }
        XCTAssertEqual(message("postgres://"), "Can't load plugin: sqlalchemy.dialects:postgres")
        XCTAssertEqual(message("SQLite://"), "Can't load plugin: sqlalchemy.dialects:SQLite")
        XCTAssertEqual(message("postgresql+foo://"), "Can't load plugin: sqlalchemy.dialects:postgresql.foo")
        XCTAssertEqual(message("driver://user:pass@localhost/dbname"), "Can't load plugin: sqlalchemy.dialects:driver")
        XCTAssertEqual(message("  sqlite://"), "Could not parse SQLAlchemy URL from given URL string")
        XCTAssertEqual(
            message("mssql+pyodbc://dsn"),
            "Retort works with sqlite, postgresql and (through the project's Alembic) mysql; the URL's dialect is mssql")
        XCTAssertEqual(try Dialect(url: "mysql+pymysql://u@h/db"), .mysql)
        XCTAssertEqual(try Dialect(url: "mariadb://u@h/db"), .mysql)
        XCTAssertEqual(message("mysql+nosuchdriver://"), "Can't load plugin: sqlalchemy.dialects:mysql.nosuchdriver")
    }
}
