/// The rows of a query with their column names and each value as the database typed it:
/// what a migration's own `SELECT` gets back (`conn.execute(sa.text("SELECT ...")).fetchall()`),
/// where the values steer what it does next.
public struct QueryRows: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[DatabaseValue]]

    public init(columns: [String], rows: [[DatabaseValue]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One value as the driver hands it to Python: the kinds a DB-API driver returns as
/// plain Python values, and the others by name, which a migration cannot use natively.
public enum DatabaseValue: Sendable, Equatable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)
    case bool(Bool)
    /// NUMERIC: Python's `Decimal`, written as the database gives it.
    case decimal(String)
    /// A value the driver makes into an object Retort does not follow (a datetime,
    /// parsed JSON, bytes): its database type, for the reason.
    case other(type: String)
}

extension DatabaseConnection {
    /// Runs one query and returns its rows typed (see `QueryRows`); a connection that
    /// cannot says so.
    public func queryRows(_ sql: String) throws(DatabaseError) -> QueryRows {
        guard let typed = self as? any TypedQueries else {
            throw DatabaseError(.statement, "not supported yet: reading rows on \(dialect.displayName)", statement: sql)
        }
        return try typed.typedQuery(sql)
    }
}

/// A connection that can give query results typed.
protocol TypedQueries {
    func typedQuery(_ sql: String) throws(DatabaseError) -> QueryRows
}
