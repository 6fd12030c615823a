/// The type object SQLAlchemy's reflection gives for a column of the history's schema:
/// the class the dialect maps the column's DDL type to (`VARCHAR(50)`, `TIMESTAMP`),
/// for the plain types whose reflection is certain; others stay unknown.
enum ReflectedType {
    /// The reflected type of a column declared as `type`, or nil when Retort cannot be sure.
    static func value(of type: SQLType, dialect: Dialect) -> PyValue? {
        guard let ddl = try? dialect.typeName(type) else { return nil }
        let open = ddl.firstIndex(of: "(")
        let base = String(open.map { ddl[..<$0] } ?? Substring(ddl)).trimmingCharacters(in: .whitespaces)
        var arguments: [PyValue] = []
        if let open, let close = ddl.lastIndex(of: ")"), ddl.index(after: close) == ddl.endIndex,
            let length = Int(ddl[ddl.index(after: open)..<close])
        {
            arguments = [.int(length)]
        } else if open != nil {
            return nil  // precision and scale, collations: not followed
        }
        func make(_ kind: String, _ keywords: [LibraryObject.Keyword] = []) -> PyValue {
            .object(LibraryObject(kind: kind, arguments: arguments, keywords: keywords, line: 0))
        }
        switch (dialect, base) {
        case (_, "VARCHAR"), (_, "CHAR"): return make("sqlalchemy." + base)
        case (_, "TEXT"), (_, "INTEGER"), (_, "BIGINT"), (_, "SMALLINT"), (_, "BOOLEAN"), (_, "DATE"):
            return arguments.isEmpty ? make("sqlalchemy." + base) : nil
        case (.postgresql, "TIMESTAMP WITHOUT TIME ZONE"): return make("postgresql.TIMESTAMP")
        case (.postgresql, "TIMESTAMP WITH TIME ZONE"):
            return make("postgresql.TIMESTAMP", [LibraryObject.Keyword(name: "timezone", value: .bool(true))])
        case (.postgresql, "JSON"), (.postgresql, "JSONB"), (.postgresql, "UUID"), (.postgresql, "BYTEA"):
            return make("postgresql." + base)
        case (.sqlite, "DATETIME"), (.sqlite, "JSON"), (.sqlite, "BLOB"):
            return make("sqlite." + base)
        default:
            return nil
        }
    }

    /// The classes a reflected type object is an instance of, by canonical name.
    static let ancestors: [String: Set<String>] = [
        "sqlalchemy.VARCHAR": ["sqlalchemy.VARCHAR", "sqlalchemy.String"],
        "sqlalchemy.CHAR": ["sqlalchemy.CHAR", "sqlalchemy.String"],
        "sqlalchemy.TEXT": ["sqlalchemy.TEXT", "sqlalchemy.Text", "sqlalchemy.String"],
        "sqlalchemy.INTEGER": ["sqlalchemy.INTEGER", "sqlalchemy.Integer"],
        "sqlalchemy.BIGINT": ["sqlalchemy.BIGINT", "sqlalchemy.BigInteger", "sqlalchemy.Integer"],
        "sqlalchemy.SMALLINT": ["sqlalchemy.SMALLINT", "sqlalchemy.SmallInteger", "sqlalchemy.Integer"],
        "sqlalchemy.BOOLEAN": ["sqlalchemy.BOOLEAN", "sqlalchemy.Boolean"],
        "sqlalchemy.DATE": ["sqlalchemy.DATE", "sqlalchemy.Date"],
        "postgresql.TIMESTAMP": ["postgresql.TIMESTAMP", "sqlalchemy.TIMESTAMP", "sqlalchemy.DateTime"],
        "postgresql.JSON": ["postgresql.JSON", "sqlalchemy.JSON"],
        "postgresql.JSONB": ["postgresql.JSONB", "postgresql.JSON", "sqlalchemy.JSON"],
        "postgresql.UUID": ["postgresql.UUID", "sqlalchemy.UUID", "sqlalchemy.Uuid"],
        "postgresql.BYTEA": ["postgresql.BYTEA", "sqlalchemy.LargeBinary"],
        "sqlite.DATETIME": ["sqlite.DATETIME", "sqlalchemy.DATETIME", "sqlalchemy.DateTime"],
        "sqlite.JSON": ["sqlite.JSON", "sqlalchemy.JSON"],
        "sqlite.BLOB": ["sqlite.BLOB", "sqlalchemy.BLOB", "sqlalchemy.LargeBinary"],
    ]
}
