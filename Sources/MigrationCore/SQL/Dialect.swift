/// What differs between SQLite and PostgreSQL when SQLAlchemy writes SQL beyond names:
/// schema-qualified tables (literals and text are in Dialect+Literals).
extension Dialect {
    var isPostgreSQL: Bool { self == .postgresql }

    /// A table name, schema-qualified when a schema is given.
    public func table(_ name: String, schema: String?) -> String {
        (schema.map { quote($0) + "." } ?? "") + quote(name)
    }
}
