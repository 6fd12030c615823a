/// Type names in DDL, per dialect, as SQLAlchemy 2.1's type compilers write them.
extension Dialect {
    /// The DDL for `type`, or an error for a type the dialect cannot express.
    public func typeName(_ original: SQLType) throws -> String {
        let type = original.resolved(for: rawValue)
        let n = type.name
        func length(_ base: String) -> String {
            var text = base + (type.length.map { "(\($0))" } ?? "")
            if let collation = type.collation { text += " COLLATE " + quoteCollation(collation) }
            return text
        }
        func withPrecision(_ base: String) -> String {
            switch (type.precision, type.scale) {
            case (let p?, let s?): return "\(base)(\(p), \(s))"
            case (let p?, nil): return "\(base)(\(p))"
            default: return base
            }
        }
        let bare = n.hasPrefix("postgresql.") || n.hasPrefix("sqlite.") ? String(n.split(separator: ".")[1]) : n
        if !isPostgreSQL, Self.postgresqlOnly.contains(bare) || (bare == "INTERVAL" && n.hasPrefix("postgresql.")) {
            // SQLite's type compiler has no method for these: SQLAlchemy raises.
            throw SQLRenderError(
                raises: "UnsupportedCompilationError",
                "Compiler <SQLiteTypeCompiler> can't render element of type \(bare == "ARRAY" ? "ARRAY" : bare)")
        }
        switch bare {
        case "CompiledAs": return type.fields ?? ""  // what the project's @compiles function wrote
        case "Integer", "INTEGER", "INT": return "INTEGER"
        case "BigInteger", "BIGINT": return "BIGINT"
        case "SmallInteger", "SMALLINT": return "SMALLINT"
        case "String", "Unicode", "VARCHAR", "NVARCHAR":
            return length(bare == "NVARCHAR" ? "NVARCHAR" : "VARCHAR")
        case "CHAR", "NCHAR": return length(bare)
        case "Text", "UnicodeText", "TEXT", "CLOB": return length(bare == "CLOB" ? "CLOB" : "TEXT")
        case "CITEXT": return "CITEXT"
        case "Boolean", "BOOLEAN": return "BOOLEAN"
        case "Date", "DATE": return "DATE"
        case "DateTime":
            if isPostgreSQL { return withTimeZone("TIMESTAMP", type) }
            return "DATETIME"
        case "DATETIME": return "DATETIME"
        case "TIMESTAMP":
            if isPostgreSQL { return withTimeZone("TIMESTAMP", type) }
            return "TIMESTAMP"
        case "Time", "TIME":
            if isPostgreSQL { return withTimeZone("TIME", type) }
            return "TIME"
        case "Interval":
            return isPostgreSQL ? "INTERVAL" : "DATETIME"
        case "INTERVAL":
            guard isPostgreSQL else { return "INTERVAL" }
            var text = "INTERVAL"
            if let fields = type.fields { text += " " + fields }
            if let p = type.precision { text += " (\(p))" }
            return text
        case "Float", "FLOAT": return isPostgreSQL ? withPrecision("FLOAT") : "FLOAT"  // SQLite drops the precision
        case "REAL": return "REAL"
        case "Double": return isPostgreSQL ? "DOUBLE PRECISION" : "DOUBLE"
        case "DOUBLE": return "DOUBLE"
        case "DOUBLE_PRECISION": return "DOUBLE PRECISION"
        case "Numeric", "NUMERIC": return withPrecision("NUMERIC")
        case "DECIMAL": return withPrecision("DECIMAL")
        case "LargeBinary", "PickleType": return isPostgreSQL ? "BYTEA" : "BLOB"
        case "BLOB": return "BLOB"
        case "BYTEA": return "BYTEA"
        case "BINARY", "VARBINARY": return length(bare)
        case "JSON": return "JSON"
        case "JSONB": return "JSONB"
        case "Uuid": return isPostgreSQL ? "UUID" : "CHAR(32)"
        case "UUID": return "UUID"
        case "INET", "CIDR", "MACADDR", "MACADDR8", "TSVECTOR", "TSQUERY", "HSTORE", "MONEY", "OID", "REGCLASS", "INT4RANGE",
            "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE", "INT4MULTIRANGE", "INT8MULTIRANGE", "NUMMULTIRANGE",
            "DATEMULTIRANGE", "TSMULTIRANGE", "TSTZMULTIRANGE":
            return bare
        case "BIT":
            return (type.varying ? "BIT VARYING" : "BIT") + (type.length.map { "(\($0))" } ?? "")
        case "Enum", "ENUM":
            if isPostgreSQL && type.nativeEnum, let enumName = type.enumName {
                return (type.enumSchema.map { quote($0) + "." } ?? "") + quote(enumName)
            }
            let longest = type.enumValues.map { $0.count }.max() ?? 0
            return "VARCHAR(\(max(type.length ?? 0, longest)))"
        case "NullType":
            // A reflected column with no declared type: SQLAlchemy cannot write its DDL.
            throw SQLRenderError(
                raises: "CompileError", "Can't generate DDL for NullType(); did you forget to specify a type on this Column?")
        case "ARRAY":
            guard isPostgreSQL, let item = type.itemType.first else {
                throw SQLRenderError("ARRAY is not supported on \(rawValue)")
            }
            return try typeName(item) + String(repeating: "[]", count: max(1, type.dimensions ?? 1))
        default:
            throw SQLRenderError("the type \(n) cannot be written for \(rawValue)")
        }
    }

    /// PostgreSQL types that SQLite's compiler cannot write.
    static let postgresqlOnly: Set<String> = [
        "ARRAY", "INET", "CIDR", "MACADDR", "MACADDR8", "TSVECTOR", "TSQUERY", "BYTEA", "HSTORE", "CITEXT", "MONEY", "OID", "BIT",
        "REGCLASS", "INT4RANGE", "INT8RANGE", "NUMRANGE", "DATERANGE", "TSRANGE", "TSTZRANGE", "INT4MULTIRANGE",
        "INT8MULTIRANGE", "NUMMULTIRANGE", "DATEMULTIRANGE", "TSMULTIRANGE", "TSTZMULTIRANGE",
    ]

    private func withTimeZone(_ base: String, _ type: SQLType) -> String {
        base + (type.precision.map { "(\($0))" } ?? "") + (type.timezone ? " WITH TIME ZONE" : " WITHOUT TIME ZONE")
    }

    private func quoteCollation(_ collation: String) -> String {
        isPostgreSQL ? "\"" + collation + "\"" : quote(collation)
    }
}
