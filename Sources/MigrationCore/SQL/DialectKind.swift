/// The databases Retort writes SQL for, with the facts of SQLAlchemy's dialects that
/// decide how that SQL looks.
public enum Dialect: String, Sendable, CaseIterable {
    case sqlite
    case postgresql
    /// MySQL and MariaDB: Retort writes no SQL for them itself; the project's Alembic
    /// does (the second engine), and Retort keeps the version table and the lock.
    case mysql

    /// Whether Retort's own renderer writes this dialect's SQL (else every function is
    /// refused natively and runs through the project's Alembic).
    public var rendersNatively: Bool { self != .mysql }

    /// The name people know the database by, for messages.
    public var displayName: String {
        switch self {
        case .sqlite: return "SQLite"
        case .postgresql: return "PostgreSQL"
        case .mysql: return "MySQL"
        }
    }

    /// Whether DDL runs inside transactions (Alembic's `transactional_ddl`): only then does
    /// `--sql` output carry `BEGIN;` and `COMMIT;`.
    public var transactionalDDL: Bool { self == .postgresql }

    /// The longest identifier the database keeps (SQLAlchemy's `max_identifier_length`);
    /// an explicitly named constraint longer than this is an error.
    public var maxIdentifierLength: Int {
        switch self {
        case .postgresql: return 63
        case .mysql: return 64
        case .sqlite: return 9999
        }
    }

    /// Whether an `INSERT ... RETURNING` names its columns with the table (PostgreSQL) or
    /// bare (SQLite), as SQLAlchemy compiles them.
    var qualifiesReturningColumns: Bool { self == .postgresql }

    /// SQLAlchemy's driver names for this dialect, as written after `+` in a URL.
    var drivers: Set<String> {
        switch self {
        case .sqlite: return ["pysqlite", "aiosqlite", "pysqlcipher"]
        case .postgresql: return ["psycopg2", "psycopg", "psycopg_async", "psycopg2cffi", "pg8000", "asyncpg"]
        case .mysql:
            return [
                "pymysql", "mysqldb", "mysqlconnector", "asyncmy", "aiomysql", "cymysql", "mariadbconnector", "pyodbc",
            ]
        }
    }

    /// The dialect a SQLAlchemy URL names (`postgresql+psycopg2://...` is PostgreSQL,
    /// `sqlite:///x.db` SQLite), or why it names none Retort can write for.
    public init(url: String) throws {
        // SQLAlchemy's make_url: `(?P<name>[\w\+]+)://` at the very start.
        guard let end = url.range(of: "://"), !url[..<end.lowerBound].isEmpty,
            url[..<end.lowerBound].allSatisfy({ $0 == "_" || $0 == "+" || $0.isLetter || $0.isNumber })
        else {
            throw DialectError("Could not parse SQLAlchemy URL from given URL string")
        }
        let name = String(url[..<end.lowerBound])
        let parts = name.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let plugin = parts.joined(separator: ".")
        // SQLAlchemy's `mariadb` dialect is its MySQL one told it is MariaDB.
        guard let dialect = parts[0] == "mariadb" ? .mysql : Dialect(rawValue: parts[0]) else {
            if Self.otherSQLAlchemyDialects.contains(parts[0]) {
                throw DialectError(
                    "Retort works with sqlite, postgresql and (through the project's Alembic) mysql; the URL's dialect is \(parts[0])")
            }
            throw DialectError("Can't load plugin: sqlalchemy.dialects:\(plugin)")
        }
        if parts.count == 2 && !dialect.drivers.contains(parts[1]) {
            throw DialectError("Can't load plugin: sqlalchemy.dialects:\(plugin)")
        }
        self = dialect
    }

    /// The dialects SQLAlchemy itself ships besides these two.
    private static let otherSQLAlchemyDialects: Set<String> = ["mssql", "oracle"]
}

/// A URL or dialect name that names no dialect Retort can write SQL for.
public struct DialectError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
