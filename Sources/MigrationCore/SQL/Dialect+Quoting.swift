/// Identifier quoting exactly as SQLAlchemy's `IdentifierPreparer` decides it.
extension Dialect {
    /// `name` as SQLAlchemy renders it: bare when it is a legal lower-case identifier that
    /// is not a reserved word, otherwise in double quotes with `"` doubled.
    /// MySQL's are backticks; Retort names only version tables there, and quotes every
    /// word either of the other two reserves (a quote too many is harmless in MySQL).
    public func quote(_ name: String) -> String {
        guard requiresQuotes(name) else { return name }
        if self == .mysql { return "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// SQLAlchemy's `_requires_quotes`.
    func requiresQuotes(_ name: String) -> Bool {
        // The usual name, lower-case ASCII letters, digits and underscores, not led by a
        // digit: only a reserved word needs quotes (the rules below give the same answer).
        if let lead = name.utf8.first, !(0x30...0x39).contains(lead),
            !name.utf8.contains(where: { !((0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F) })
        {
            return reservedWords.contains(name)
        }
        guard let first = name.unicodeScalars.first else { return true }
        let lower = name.lowercased()
        return reservedWords.contains(lower) || first == "$" || ("0"..."9").contains(first)
            || !Self.hasLegalCharacters(name) || lower != name
    }

    /// SQLAlchemy's `LEGAL_CHARACTERS`, `^[A-Z0-9_$]+$` with `re.I`, as Python matches it:
    /// case-insensitive matching also admits the dotless `ı` and the long `ſ` (whose upper
    /// cases are `I` and `S`), and `$` also matches before one final newline.
    private static func hasLegalCharacters(_ name: String) -> Bool {
        var scalars = Substring(name).unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        guard !scalars.isEmpty else { return false }
        return scalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "$" || scalar == "\u{131}" || scalar == "\u{17F}"
                || scalar == "\u{212A}"
        }
    }

    /// SQLAlchemy's reserved words for the dialect (`RESERVED_WORDS`), lower case.
    var reservedWords: Set<String> {
        switch self {
        case .sqlite: return Self.sqliteReservedWords
        case .postgresql: return Self.postgresqlReservedWords
        case .mysql: return Self.mysqlReservedWords
        }
    }

    private static let mysqlReservedWords = sqliteReservedWords.union(postgresqlReservedWords)

    private static let sqliteReservedWords: Set<String> = [
        "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement", "before",
        "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column", "commit",
        "conflict", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
        "database", "default", "deferrable", "deferred", "delete", "desc", "detach", "distinct", "drop",
        "each", "else", "end", "escape", "except", "exclusive", "exists", "explain", "fail", "false", "for",
        "foreign", "from", "full", "glob", "group", "having", "if", "ignore", "immediate", "in", "index",
        "indexed", "initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join",
        "key", "left", "like", "limit", "match", "natural", "not", "notnull", "null", "of", "offset", "on",
        "or", "order", "outer", "plan", "pragma", "primary", "query", "raise", "references", "reindex",
        "rename", "replace", "restrict", "right", "rollback", "row", "select", "set", "table", "temp",
        "temporary", "then", "to", "transaction", "trigger", "true", "union", "unique", "update", "using",
        "vacuum", "values", "view", "virtual", "when", "where",
    ]

    private static let postgresqlReservedWords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
        "between", "binary", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else",
        "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group",
        "having", "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join",
        "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "new", "not",
        "notnull", "null", "of", "off", "offset", "old", "on", "only", "or", "order", "outer", "over",
        "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user",
        "similar", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "verbose", "when", "where", "window", "with",
    ]
}
