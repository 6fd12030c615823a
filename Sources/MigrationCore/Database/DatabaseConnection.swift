import Foundation

/// An open connection to one database: the few calls that reading and changing the
/// version table and running a migration's statements need.
///
/// Parameters are written `$1`, `$2`, ... on both dialects (SQLite reads `$1` as a named
/// parameter, and the connection binds it by that name); values are text or NULL, and
/// every result value comes back as text, as libpq's text format gives it.
public protocol DatabaseConnection: AnyObject {
    /// The URL it was opened with (its description is masked).
    var url: DatabaseURL { get }
    var dialect: Dialect { get }
    /// Whether a transaction is open (also one that failed and awaits its rollback).
    var isInTransaction: Bool { get }

    /// Runs one statement with `parameters`, or, with none, a script of one or more
    /// statements; returns how many rows the (last) statement inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> Int

    /// Runs one query and returns its rows, each value as text (nil for NULL).
    func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]]

    /// Runs `statements`, each a single command, in order, stopping at the first that
    /// fails (the ones after it do not run); returns how many rows each inserted,
    /// updated or deleted, and the rows of those that return them. `waiting(i)` is called
    /// before the outcome of statement `i` is awaited. PostgreSQL sends them together
    /// (libpq's pipeline mode): a migration's statements cost one round trip to the
    /// server instead of one each.
    func executeEach(_ statements: [BatchStatement], waiting: (Int) -> Void) throws(BatchFailure) -> [BatchResult]

    /// Opens a transaction: `BEGIN IMMEDIATE` on SQLite, which takes the database's write
    /// lock at once (two runners then serialise on the file, waiting up to the busy
    /// timeout), `BEGIN` on PostgreSQL.
    func begin() throws(DatabaseError)

    /// `begin()`, then `query(sql)` in the transaction just opened; PostgreSQL sends both
    /// at once.
    func begin(thenQuery sql: String) throws(DatabaseError) -> [[String?]]

    /// Whether `executeEach` and the calls below send several statements in one round
    /// trip (PostgreSQL), so that a caller gains by handing them over together.
    var sendsStatementsTogether: Bool { get }

    /// `commit()`, then `begin(thenQuery:)`: the end of one migration's transaction sent
    /// with the start of the next one's. A failure's index says which failed: 0 the
    /// commit, 1 the begin or the query.
    func commit(thenBeginAndQuery sql: String) throws(BatchFailure) -> [[String?]]

    /// Commits; on PostgreSQL a transaction that already failed is rolled back and reported,
    /// where a plain `COMMIT` would roll it back silently.
    func commit() throws(DatabaseError)

    func rollback() throws(DatabaseError)

    /// Closes the connection; a transaction still open is rolled back by the database.
    func close()
}

/// One statement of `DatabaseConnection.executeEach`: a single SQL command and its
/// parameters (`$1`, `$2`, ...).
public struct BatchStatement: Sendable, Equatable {
    public var sql: String
    public var parameters: [String?]
    /// A query whose rows the caller wants (else only the count of rows changed).
    public var returnsRows: Bool

    public init(_ sql: String, _ parameters: [String?] = [], returnsRows: Bool = false) {
        self.sql = sql
        self.parameters = parameters
        self.returnsRows = returnsRows
    }
}

/// What one statement of `DatabaseConnection.executeEach` gave back.
public struct BatchResult: Sendable, Equatable {
    /// Rows inserted, updated or deleted.
    public var count: Int
    /// The rows of a statement sent with `returnsRows`, each value as text.
    public var rows: [[String?]]
}

/// The statement of `DatabaseConnection.executeEach` that failed, by its position.
public struct BatchFailure: Error {
    public var index: Int
    public var error: DatabaseError
}

extension DatabaseConnection {
    @discardableResult
    public func execute(_ sql: String) throws(DatabaseError) -> Int { try execute(sql, []) }

    public func begin(thenQuery sql: String) throws(DatabaseError) -> [[String?]] {
        try begin()
        return try query(sql)
    }

    public var sendsStatementsTogether: Bool { false }

    public func commit(thenBeginAndQuery sql: String) throws(BatchFailure) -> [[String?]] {
        do {
            try commit()
        } catch {
            throw BatchFailure(index: 0, error: error)
        }
        do {
            return try begin(thenQuery: sql)
        } catch {
            throw BatchFailure(index: 1, error: error)
        }
    }

    /// One statement after another: the way for a database that is not across a network.
    public func executeEach(_ statements: [BatchStatement], waiting: (Int) -> Void) throws(BatchFailure)
        -> [BatchResult]
    {
        var results: [BatchResult] = []
        for (index, statement) in statements.enumerated() {
            waiting(index)
            do {
                results.append(
                    statement.returnsRows
                        ? BatchResult(count: 0, rows: try query(statement.sql, statement.parameters))
                        : BatchResult(count: try execute(statement.sql, statement.parameters), rows: []))
            } catch {
                throw BatchFailure(index: index, error: error)
            }
        }
        return results
    }

    public func query(_ sql: String) throws(DatabaseError) -> [[String?]] { try query(sql, []) }
}

/// How to open a connection; the URL's own settings (`connect_timeout`, `timeout`,
/// `application_name`) win over these.
public struct ConnectOptions: Sendable {
    /// Only read: SQLite opens the file read-only and reports a missing file as
    /// `.missingFile` instead of creating it; PostgreSQL makes every transaction read-only.
    public var readOnly = false
    /// Seconds to wait for a PostgreSQL server to answer (libpq's `connect_timeout`).
    public var connectTimeout = 10
    /// Seconds SQLite waits for a lock another connection holds (pysqlite's default is 5).
    public var busyTimeout: Double = 5
    /// Where a relative SQLite path starts, as SQLAlchemy's is the current directory.
    public var currentDirectory = FileManager.default.currentDirectoryPath
    /// PostgreSQL's `application_name`, which shows who holds a lock in `pg_stat_activity`.
    public var applicationName = "retort"
    /// Seconds a PostgreSQL statement waits for a lock before it fails (`lock_timeout`);
    /// nil waits as long as the server's setting says. (On SQLite `busyTimeout` is that wait.)
    public var lockTimeout: Double?
    /// PostgreSQL session settings env.py makes on its connection before migrating
    /// (`SET search_path ...`, `SET ROLE ...`), made on every connection of a command
    /// so that Retort sees the tables env.py's connection sees.
    public var sessionStatements: [String] = []

    public init(readOnly: Bool = false) { self.readOnly = readOnly }
}

extension DatabaseURL {
    /// Opens a connection to this database, through libsqlite3, libpq, or (MySQL) the
    /// project's Python.
    public func connect(_ options: ConnectOptions = ConnectOptions()) throws(DatabaseError) -> any DatabaseConnection {
        switch backend {
        case .sqlite: return try SQLiteConnection(self, options)
        case .postgresql: return try PostgresConnection(self, options)
        case .mysql: return try BridgedConnection(self, options)
        }
    }
}
