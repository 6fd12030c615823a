/// The libraries a revision script may use, and one canonical name for each thing in them.
///
/// SQLAlchemy exports the same class from several modules (`sqlalchemy.String`,
/// `sqlalchemy.types.String`, `sqlalchemy.sql.sqltypes.String`); the evaluator names each
/// by one spelling so that later stages compare names, not import paths.
enum KnownNames {
    /// Module prefixes and the canonical prefix they stand for, longest first.
    private static let prefixes: [(String, String)] = [
        ("sqlalchemy.dialects.postgresql", "postgresql"),
        ("sqlalchemy.dialects.sqlite", "sqlite"),
        ("sqlalchemy.dialects.mysql", "mysql"),
        ("sqlalchemy.dialects.mssql", "mssql"),
        ("sqlalchemy.dialects.oracle", "oracle"),
        ("sqlalchemy.sql.expression", "sqlalchemy"),
        ("sqlalchemy.sql.sqltypes", "sqlalchemy"),
        ("sqlalchemy.sql.schema", "sqlalchemy"),
        ("sqlalchemy.sql.functions", "sqlalchemy.func"),
        ("sqlalchemy.sql.elements", "sqlalchemy"),
        ("sqlalchemy.sql.ddl", "sqlalchemy"),
        ("sqlalchemy.sql", "sqlalchemy"),
        ("sqlalchemy.types", "sqlalchemy"),
        ("sqlalchemy.schema", "sqlalchemy"),
        ("sqlalchemy.engine.reflection", "sqlalchemy.engine"),
        ("alembic.op", "op"),
        // sqlmodel re-exports SQLAlchemy's types module inside its own (`sqltypes.types.Uuid`).
        ("sqlmodel.sql.sqltypes.types", "sqlalchemy"),
        ("sqlmodel.sql.sqltypes", "sqlmodel"),
        ("sqlmodel.types", "sqlalchemy"),
        ("alembic.context", "context"),
    ]

    /// Submodules of the dialect packages (`postgresql.base`, `postgresql.json`...): their
    /// names are re-exported by the package.
    private static let dialectSubmodules: Set<String> = [
        "base", "json", "array", "ext", "ranges", "types", "named_types", "hstore", "dml", "psycopg2", "pysqlite",
    ]

    /// Root modules whose contents the evaluator knows, at least by name.
    static let knownRoots: Set<String> = Set([
        "sqlalchemy", "alembic", "typing", "typing_extensions", "__future__", "logging", "textwrap", "collections",
        "datetime", "json", "uuid", "enum", "os", "re", "decimal", "contextlib", "time", "warnings",
    ]).union(LibraryTypes.roots)

    /// The prefixes with their dot, made once: this runs for every attribute a script reads.
    private static let dottedPrefixes: [(prefix: String, dotted: [UInt8], replacement: String)] = prefixes.map {
        ($0.0, Array(($0.0 + ".").utf8), $0.1)
    }

    /// The canonical spelling of a dotted name from a known library.
    static func canonical(_ name: String) -> String {
        // Prefixes are compared as bytes (String.hasBytePrefix): this runs for every
        // attribute a script reads.
        // Most names are already canonical (`sqlalchemy.Column`, `op.create_table`).
        if name.hasBytePrefix("sqlalchemy_utils.") {
            // `sqlalchemy_utils.types.uuid.UUIDType` is `sqlalchemy_utils.UUIDType`.
            guard let last = name.split(separator: ".").last, last.first?.isUppercase == true else { return name }
            return "sqlalchemy_utils." + last
        }
        guard name.utf8.count > 10, name.hasBytePrefix("sqlalchemy.") || name.hasBytePrefix("alembic.") || name.hasBytePrefix("sqlmodel.")
        else { return name }
        for (prefix, dotted, replacement) in dottedPrefixes where name.hasBytePrefix(dotted) || (name.utf8.count == prefix.utf8.count && name == prefix) {
            var rest = String(name.dropFirst(prefix.count))
            if replacement == "postgresql" || replacement == "sqlite" || replacement == "mysql"
                || replacement == "mssql" || replacement == "oracle"
            {
                // `postgresql.json.JSONB` is `postgresql.JSONB`.
                let parts = rest.split(separator: ".", omittingEmptySubsequences: true)
                if parts.count > 1, dialectSubmodules.contains(String(parts[0])) {
                    rest = "." + parts.dropFirst().joined(separator: ".")
                }
            }
            return replacement + rest
        }
        return name
    }

    /// Whether `module` (as written in an import) is one the evaluator knows.
    static func isKnown(module: String) -> Bool {
        let root = module.split(separator: ".").first.map(String.init) ?? module
        return knownRoots.contains(root)
    }

    /// Known things that Retort will not interpret: their use makes a function
    /// uninterpretable, with this reason.
    static func refusal(for name: String) -> String? {
        if name.hasPrefix("sqlalchemy.orm") { return "an ORM construct (\(name))" }
        if name.hasPrefix("sqlalchemy.ext") { return "a SQLAlchemy extension (\(name))" }
        if name.hasPrefix("sqlalchemy.engine") || name == "sqlalchemy.create_engine" || name == "sqlalchemy.inspect" {
            return "inspecting or connecting to the database (\(name))"
        }
        if name == "sqlalchemy.MetaData.reflect" || name.hasSuffix(".reflect") { return "reflecting the database (\(name))" }
        return nil
    }
}
