/// The databases Retort writes SQL for, with the facts of SQLAlchemy's dialects that
/// decide how that SQL looks.
public enum Dialect: String, Sendable, CaseIterable {
    case sqlite
    case postgresql

    /// Whether DDL runs inside transactions (Alembic's `transactional_ddl`): only then does
    /// `--sql` output carry `BEGIN;` and `COMMIT;`.
    public var transactionalDDL: Bool { self == .postgresql }

    /// The longest identifier the database keeps (SQLAlchemy's `max_identifier_length`);
    /// an explicitly named constraint longer than this is an error.
    public var maxIdentifierLength: Int { self == .postgresql ? 63 : 9999 }

    /// Whether an `INSERT ... RETURNING` names its columns with the table (PostgreSQL) or
    /// bare (SQLite), as SQLAlchemy compiles them.
    var qualifiesReturningColumns: Bool { self == .postgresql }

    /// SQLAlchemy's driver names for this dialect, as written after `+` in a URL.
    var drivers: Set<String> {
        switch self {
        case .sqlite: return ["pysqlite", "aiosqlite", "pysqlcipher"]
        case .postgresql: return ["psycopg2", "psycopg", "psycopg_async", "psycopg2cffi", "pg8000", "asyncpg"]
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
        guard let dialect = Dialect(rawValue: parts[0]) else {
            if Self.otherSQLAlchemyDialects.contains(parts[0]) {
                throw DialectError(
                    "Retort writes SQL for sqlite and postgresql only; the URL's dialect is \(parts[0])")
            }
            throw DialectError("Can't load plugin: sqlalchemy.dialects:\(plugin)")
        }
        if parts.count == 2 && !dialect.drivers.contains(parts[1]) {
            throw DialectError("Can't load plugin: sqlalchemy.dialects:\(plugin)")
        }
        self = dialect
    }

    /// The dialects SQLAlchemy itself ships besides these two.
    private static let otherSQLAlchemyDialects: Set<String> = ["mysql", "mariadb", "mssql", "oracle"]
}

/// A URL or dialect name that names no dialect Retort can write SQL for.
public struct DialectError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
