import Foundation
import XCTest

@testable import MigrationCore

/// SQLAlchemy's URL forms: parsing, the masked rendering, where SQLite files are, what
/// libpq is given, and the errors.
final class DatabaseURLTests: XCTestCase {
    private struct Case {
        var text: String
        var backend: DatabaseURL.Backend
        var username: String? = nil
        var password: String? = nil
        var host: String? = nil
        var port: Int? = nil
        var database: String? = nil
        var query: [DatabaseURL.QueryItem] = []
        var masked: String
    }

    private let cases: [Case] = [
        Case(text: "sqlite:///relative.db", backend: .sqlite, database: "relative.db", masked: "sqlite:///relative.db"),
        Case(text: "sqlite:////abs/path.db", backend: .sqlite, database: "/abs/path.db", masked: "sqlite:////abs/path.db"),
        Case(text: "sqlite://", backend: .sqlite, masked: "sqlite://"),
        // SQLAlchemy escapes the colons when it prints this one.
        Case(text: "sqlite:///:memory:", backend: .sqlite, database: ":memory:", masked: "sqlite:///%3Amemory%3A"),
        Case(text: "sqlite+pysqlite:///app.db?timeout=20", backend: .sqlite, database: "app.db",
             query: [.init("timeout", "20")], masked: "sqlite+pysqlite:///app.db?timeout=20"),
        Case(text: "sqlite:////tmp/my%20db%25.db", backend: .sqlite, database: "/tmp/my db%.db",
             masked: "sqlite:////tmp/my db%25.db"),
        Case(text: "postgresql://scott:tiger@localhost/test", backend: .postgresql, username: "scott",
             password: "tiger", host: "localhost", database: "test", masked: "postgresql://scott:***@localhost/test"),
        Case(text: "postgresql+psycopg2://u:p%40ss%2Fw%3A@db.example.com:5433/app?sslmode=require&application_name=my%20app",
             backend: .postgresql, username: "u", password: "p@ss/w:", host: "db.example.com", port: 5433,
             database: "app", query: [.init("sslmode", "require"), .init("application_name", "my app")],
             masked: "postgresql+psycopg2://u:***@db.example.com:5433/app?application_name=my+app&sslmode=require"),
        Case(text: "postgresql+psycopg://u@h/d", backend: .postgresql, username: "u", host: "h", database: "d",
             masked: "postgresql+psycopg://u@h/d"),
        Case(text: "postgresql+asyncpg://u:pw@h:1/d", backend: .postgresql, username: "u", password: "pw", host: "h",
             port: 1, database: "d", masked: "postgresql+asyncpg://u:***@h:1/d"),
        Case(text: "postgresql+pg8000://u:@h/d", backend: .postgresql, username: "u", password: "", host: "h",
             database: "d", masked: "postgresql+pg8000://u:***@h/d"),
        Case(text: "postgresql://app@/appdb?host=/var/run/postgresql", backend: .postgresql, username: "app",
             database: "appdb", query: [.init("host", "/var/run/postgresql")],
             masked: "postgresql://app@/appdb?host=%2Fvar%2Frun%2Fpostgresql"),
        Case(text: "postgresql://u@h/d?connect_timeout=3&options=-c%20search_path%3Dreporting", backend: .postgresql,
             username: "u", host: "h", database: "d",
             query: [.init("connect_timeout", "3"), .init("options", "-c search_path=reporting")],
             masked: "postgresql://u@h/d?connect_timeout=3&options=-c+search_path%3Dreporting"),
        // SQLAlchemy's expression takes the password up to the first @, the user up to the last @ before a colon.
        Case(text: "postgresql://u:p@ss@host/db", backend: .postgresql, username: "u", password: "p",
             host: "ss@host", database: "db", masked: "postgresql://u:***@ss@host/db"),
        Case(text: "postgresql://a@b@host/db", backend: .postgresql, username: "a@b", host: "host", database: "db",
             masked: "postgresql://a%40b@host/db"),
        Case(text: "postgresql://us%20er+x:pw@[::1]:5432/d", backend: .postgresql, username: "us er+x", password: "pw",
             host: "::1", port: 5432, database: "d", masked: "postgresql://us er+x:***@[::1]:5432/d"),
        Case(text: "postgresql://h?sslmode=disable&sslmode=&x", backend: .postgresql, host: "h",
             query: [.init("sslmode", "disable")], masked: "postgresql://h?sslmode=disable"),
        // libpq also reads a password from the query string; it is masked there too.
        Case(text: "postgresql://u@h/d?password=s3cret", backend: .postgresql, username: "u", host: "h",
             database: "d", query: [.init("password", "s3cret")], masked: "postgresql://u@h/d?password=***"),
    ]

    func testForms() throws {
        for c in cases {
            let url = try DatabaseURL(c.text)
            XCTAssertEqual(url.backend, c.backend, c.text)
            XCTAssertEqual(url.username, c.username, c.text)
            XCTAssertEqual(url.password, c.password, c.text)
            XCTAssertEqual(url.host, c.host, c.text)
            XCTAssertEqual(url.port, c.port, c.text)
            XCTAssertEqual(url.database, c.database, c.text)
            XCTAssertEqual(url.query, c.query, c.text)
            XCTAssertEqual(url.masked, c.masked, c.text)
            XCTAssertEqual("\(url)", c.masked, "interpolation must mask: \(c.text)")
            if let password = url.password, password.count > 2 {
                XCTAssertFalse(url.masked.contains(password), c.text)
            }
        }
    }

    func testDriverSuffixOnlyNamesTheDialect() throws {
        for text in ["postgresql://h/d", "postgresql+psycopg2://h/d", "postgresql+psycopg://h/d",
                     "postgresql+asyncpg://h/d", "postgresql+pg8000://h/d"] {
            XCTAssertEqual(try DatabaseURL(text).dialect, .postgresql, text)
        }
        XCTAssertEqual(try DatabaseURL("sqlite+pysqlite://").dialect, .sqlite)
    }

    func testSQLiteFiles() throws {
        XCTAssertEqual(try DatabaseURL("sqlite:///relative.db").sqliteFile(relativeTo: "/work/app"), "/work/app/relative.db")
        XCTAssertEqual(try DatabaseURL("sqlite:///../data/x.db").sqliteFile(relativeTo: "/work/app"), "/work/data/x.db")
        XCTAssertEqual(try DatabaseURL("sqlite:////abs/path.db").sqliteFile(relativeTo: "/work/app"), "/abs/path.db")
        for memory in ["sqlite://", "sqlite:///", "sqlite:///:memory:"] {
            XCTAssertNil(try DatabaseURL(memory).sqliteFile(relativeTo: "/work"), memory)
        }
        XCTAssertEqual(try DatabaseURL("sqlite:///x.db?timeout=2.5").sqliteTimeout, 2.5)
        XCTAssertNil(try DatabaseURL("sqlite:///x.db?check_same_thread=false").sqliteTimeout)
    }

    func testLibpqKeywords() throws {
        var options = ConnectOptions()
        options.connectTimeout = 7
        let url = try DatabaseURL("postgresql+psycopg2://me:p%40ss@db:6543/app?sslmode=require&options=-c%20x%3D1")
        let keywords = url.libpqKeywords(options)
        XCTAssertEqual(keywords.map { "\($0.keyword)=\($0.value)" }, [
            "host=db", "port=6543", "user=me", "password=p@ss", "dbname=app", "sslmode=require", "options=-c x=1",
            "connect_timeout=7", "application_name=retort", "client_encoding=UTF8",
        ])
        let socket = try DatabaseURL("postgresql://me@/app?host=/run/pg&host=/tmp&connect_timeout=2&application_name=ci")
        XCTAssertEqual(socket.libpqKeywords(options).map { "\($0.keyword)=\($0.value)" }, [
            "host=/run/pg,/tmp", "user=me", "dbname=app", "connect_timeout=2", "application_name=ci",
            "client_encoding=UTF8",
        ])
    }

    /// MySQL and MariaDB URLs are read for the project's Python to open (`BridgedConnection`).
    func testMySQL() throws {
        let url = try DatabaseURL("mysql+pymysql://app:s%40cret@db.local:3307/shop?charset=utf8mb4")
        XCTAssertEqual(url.backend, .mysql)
        XCTAssertEqual(url.dialect, .mysql)
        XCTAssertEqual(url.backendName, "mysql")
        XCTAssertEqual(url.masked, "mysql+pymysql://app:***@db.local:3307/shop?charset=utf8mb4")
        XCTAssertEqual(url.password, "s@cret")
        let mariadb = try DatabaseURL("mariadb+mariadbconnector://app@localhost/shop")
        XCTAssertEqual(mariadb.dialect, .mysql)
        XCTAssertEqual(mariadb.backendName, "mariadb")
        XCTAssertEqual(try Dialect(url: "mariadb+pymysql://x"), .mysql)
        XCTAssertFalse(Dialect.mysql.rendersNatively)
        XCTAssertEqual(Dialect.mysql.quote("order"), "`order`")
        XCTAssertEqual(Dialect.mysql.quote("alembic_version"), "alembic_version")
    }

    func testErrors() {
        let cases: [(String, String)] = [
            ("mssql://u:secret@h/d", "unsupported database 'mssql' in the URL: Retort works with sqlite, postgresql and (through the project's Alembic) mysql"),
            ("postgres://u:secret@h/d", "unsupported database 'postgres' in the URL: SQLAlchemy's name is postgresql://"),
            ("driver://user:secret@localhost/dbname", "unsupported database 'driver' in the URL: Retort works with sqlite, postgresql and (through the project's Alembic) mysql"),
            ("secret", "could not parse the database URL: expected SQLAlchemy's form dialect+driver://user:password@host:port/database"),
            ("sqlite:/x.db", "could not parse the database URL: expected SQLAlchemy's form dialect+driver://user:password@host:port/database"),
            ("postgresql://u:secret@h:54x/d", "invalid port '54x' in the database URL: expected a number"),
            ("postgresql://u:secret@h:/d", "invalid port '' in the database URL: expected a number"),
            ("sqlite://u:secret@host/x.db", "invalid SQLite URL sqlite://u:***@host/x.db: use sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite:// (in memory)"),
            ("sqlite:///x.db?timeout=soon", "invalid timeout 'soon' in sqlite:///x.db?timeout=soon: expected a number of seconds"),
            ("sqlite:///x.db?uri=true", "SQLite URI file names (uri=true in sqlite:///x.db?uri=true) are not supported: give the path as sqlite:///path.db"),
            ("postgresql://u:secret@h/d?host=/tmp", "postgresql://u:***@h/d?host=%2Ftmp gives the host twice: put it after @ or in ?host=, not both"),
            ("postgresql://u:secret@h:5/d?port=6", "postgresql://u:***@h:5/d?port=6 gives the port twice: put it after the host or in ?port=, not both"),
            ("postgresql://u:secret@h/d?sslmode=a&sslmode=b", "postgresql://u:***@h/d?sslmode=a&sslmode=b gives the query parameter 'sslmode' more than once"),
            ("postgresql://u:secret@h/d?connect_timeout=ten", "invalid connect_timeout 'ten' in postgresql://u:***@h/d?connect_timeout=ten: expected whole seconds"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try DatabaseURL(text), text) { error in
                XCTAssertEqual("\(error)", message, text)
                XCTAssertFalse("\(error)".contains("secret"), "a password in an error: \(error)")
            }
        }
    }

    /// Every form SQLAlchemy reads, read by SQLAlchemy itself: the same parts and the same
    /// masked text (the one `alembic current -v` prints).
    func testAgreesWithSQLAlchemy() throws {
        let python = try DatabaseTestSupport.oraclePython()
        let script = """
            import json, sys
            from sqlalchemy.engine import make_url
            out = []
            for text in sys.argv[1:]:
                u = make_url(text)
                out.append({"username": u.username, "password": u.password, "host": u.host, "port": u.port,
                            "database": u.database, "masked": u.render_as_string(hide_password=True),
                            "query": [[k, v] for k in u.query for v in ([u.query[k]] if isinstance(u.query[k], str) else u.query[k])]})
            print(json.dumps(out))
            """
        // The password-in-query case is left out: Retort masks it, SQLAlchemy does not.
        let texts = cases.map(\.text).filter { !$0.contains("password=") }
        let output = try DatabaseTestSupport.runPython(python, script, texts)
        struct Parts: Decodable {
            var username: String?, password: String?, host: String?, port: Int?, database: String?, masked: String
            var query: [[String]]
        }
        let expected = try JSONDecoder().decode([Parts].self, from: Data(output.utf8))
        XCTAssertEqual(expected.count, texts.count)
        for (text, sqlalchemy) in zip(texts, expected) {
            let url = try DatabaseURL(text)
            XCTAssertEqual(url.username, sqlalchemy.username, text)
            XCTAssertEqual(url.password, sqlalchemy.password, text)
            XCTAssertEqual(url.host, sqlalchemy.host, text)
            XCTAssertEqual(url.port, sqlalchemy.port, text)
            XCTAssertEqual(url.database, sqlalchemy.database, text)
            XCTAssertEqual(url.masked, sqlalchemy.masked, text)
            // SQLAlchemy groups repeated keys; compare as sorted pairs.
            XCTAssertEqual(url.query.map { [$0.name, $0.value] }.sorted { $0.lexicographicallyPrecedes($1) },
                           sqlalchemy.query.sorted { $0.lexicographicallyPrecedes($1) }, text)
        }
    }
}
