/// Reads a table of a live PostgreSQL database from the catalogue, the way SQLAlchemy
/// 2.1's PostgreSQL dialect reflects it for a batch with `recreate="always"`.
struct PostgresReflector: LiveSchemaReader {
    let connection: any DatabaseConnection

    func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable? {
        throw DatabaseError(.statement, "not supported yet: reading table \(name) from the PostgreSQL catalogue")
    }

    func tableNames(schema: String?) throws(DatabaseError) -> [String] {
        try connection.query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND n.nspname = coalesce($1, current_schema()) ORDER BY 1", [schema]
        ).compactMap { $0.first ?? nil }
    }
}
