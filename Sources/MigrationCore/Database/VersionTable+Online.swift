import Foundation

/// The version table in a live database, kept exactly as Alembic keeps it online: read,
/// created, and changed one row at a time on the caller's connection, inside the
/// caller's transaction.
///
/// Updates and deletes must match exactly one row, as Alembic checks online, so a row
/// changed underneath by another runner stops the run with Alembic's message.
extension VersionTable {
    /// Whether the table exists, by the catalogue, without touching the table: a table
    /// or view of that name in the schema, or (PostgreSQL, no schema) one visible on the
    /// search path, as SQLAlchemy's `has_table` finds it.
    public func exists(on connection: any DatabaseConnection) throws(DatabaseError) -> Bool {
        switch connection.dialect {
        case .sqlite:
            // SQLite's schemas are attached databases, each with its own catalogue.
            let catalogue = (schema.map { Dialect.sqlite.quote($0) + "." } ?? "") + "sqlite_master"
            return try !connection.query(
                "SELECT 1 FROM \(catalogue) WHERE type IN ('table', 'view') AND name = $1 COLLATE NOCASE", [name]
            ).isEmpty
        case .postgresql:
            let tables = """
                SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname = $1 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
                """
            if let schema {
                return try !connection.query(tables + " AND n.nspname = $2", [name, schema]).isEmpty
            }
            return try !connection.query(
                tables + " AND n.nspname <> 'pg_catalog' AND pg_catalog.pg_table_is_visible(c.oid)", [name]
            ).isEmpty
        case .mysql:
            // A MySQL schema is a database; without one, the connection's own.
            let query = "SELECT 1 FROM information_schema.tables WHERE table_name = $1 AND table_schema = "
            if let schema { return try !connection.query(query + "$2", [name, schema]).isEmpty }
            return try !connection.query(query + "DATABASE()", [name]).isEmpty
        }
    }

    /// The current revisions, in the order the database returns them; a table that does
    /// not exist reads as empty, and nothing is created.
    public func revisions(on connection: any DatabaseConnection) throws(DatabaseError) -> [String] {
        guard try exists(on: connection) else { return [] }
        return try existingRevisions(on: connection)
    }

    /// The current revisions of a table known to exist (one query, no catalogue lookup).
    public func existingRevisions(on connection: any DatabaseConnection) throws(DatabaseError) -> [String] {
        let rows = try connection.query(selectStatement(connection.dialect))
        return rows.compactMap { $0.first ?? nil }
    }

    /// The query that reads the current revisions.
    public func selectStatement(_ dialect: Dialect) -> String {
        "SELECT version_num FROM \(qualifiedName(dialect))"
    }

    /// The `CREATE TABLE` SQLAlchemy executes, character for character (SQLite keeps the
    /// text in `sqlite_master`): `createStatement` with the tabs that Alembic's offline
    /// mode turns into four spaces.
    public func onlineCreateStatement(_ dialect: Dialect) throws(DatabaseError) -> String {
        do {
            return try createStatement(dialect).replacingOccurrences(of: "\n    ", with: "\n\t")
        } catch {
            throw DatabaseError(.versionTable, "\(error)")
        }
    }

    /// Creates the table; it must not exist yet.
    public func create(on connection: any DatabaseConnection) throws(DatabaseError) {
        try connection.execute(try onlineCreateStatement(connection.dialect))
    }

    /// Creates the table unless it exists (Alembic's `create(checkfirst=True)`); whether it did.
    @discardableResult
    public func createIfMissing(on connection: any DatabaseConnection) throws(DatabaseError) -> Bool {
        if try exists(on: connection) { return false }
        try create(on: connection)
        return true
    }

    /// Makes one row change. An UPDATE is a compare-and-swap on the old id, and an UPDATE
    /// or DELETE that matches other than one row fails with Alembic's message (the
    /// caller rolls back). Ids are sent as parameters, never spliced into the SQL.
    public func apply(_ change: VersionChange, on connection: any DatabaseConnection) throws(DatabaseError) {
        let statement = self.statement(change, connection.dialect)
        try check(change, changed: try connection.execute(statement.sql, statement.parameters))
    }

    /// The statement that makes `change`, for a caller that sends it with others.
    public func statement(_ change: VersionChange, _ dialect: Dialect) -> BatchStatement {
        let table = qualifiedName(dialect)
        switch change {
        case .insert(let id):
            return BatchStatement("INSERT INTO \(table) (version_num) VALUES ($1)", [id])
        case .update(let from, let to):
            return BatchStatement("UPDATE \(table) SET version_num = $1 WHERE version_num = $2", [to, from])
        case .delete(let id):
            return BatchStatement("DELETE FROM \(table) WHERE version_num = $1", [id])
        }
    }

    /// Fails with Alembic's message when `change`'s statement changed other than one row.
    public func check(_ change: VersionChange, changed count: Int) throws(DatabaseError) {
        if let error = change.rowCountError(found: count, table: name) {
            throw DatabaseError(.versionTable, error.message)
        }
    }

    /// Removes every row (`stamp --purge`); how many there were.
    @discardableResult
    public func deleteAll(on connection: any DatabaseConnection) throws(DatabaseError) -> Int {
        try connection.execute("DELETE FROM \(qualifiedName(connection.dialect))")
    }
}
