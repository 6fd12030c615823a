/// What differs between SQLite and PostgreSQL when SQLAlchemy writes SQL beyond names:
/// literals, text with bind parameters, schema-qualified tables.
extension Dialect {
    var isPostgreSQL: Bool { self == .postgresql }

    /// A table name, schema-qualified when a schema is given.
    public func table(_ name: String, schema: String?) -> String {
        (schema.map { quote($0) + "." } ?? "") + quote(name)
    }

    // MARK: Literals

    /// A string literal, quotes doubled. (`%` stays single: Alembic's env.py templates
    /// configure offline mode with the `named` paramstyle.)
    public func stringLiteral(_ text: String) -> String {
        "'" + (text.utf8.contains(39) ? text.replacingOccurrences(of: "'", with: "''") : text) + "'"
    }

    /// SQL text written by the user (`sa.text`, `op.execute("...")`), as SQLAlchemy compiles
    /// it with literal binds: a `:name` bind parameter has no value, so it becomes NULL, and
    /// `\:` is a plain colon.
    public func text(_ sql: String) -> String {
        let chars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        func isWord(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "$"
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == ":" {
                out.append(":")
                i += 2
                continue
            }
            if c == ":", i + 1 < chars.count, isWord(chars[i + 1]), i == 0 || !(chars[i - 1] == ":" || isWord(chars[i - 1]) || chars[i - 1] == "\\") {
                var j = i + 1
                while j < chars.count, isWord(chars[j]) { j += 1 }
                if (j < chars.count && chars[j] == ":") || chars[(i + 1)..<j].contains("$") {
                    // Not a parameter SQLAlchemy fills in: left as written.
                    out.append(contentsOf: chars[i..<j])
                    i = j
                    continue
                }
                out.append(contentsOf: "NULL".unicodeScalars)
                i = j
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    public func literal(_ value: LiteralValue) -> String {
        switch value {
        case .string(let s): return stringLiteral(s)
        case .int(let i): return String(i)
        case .float(let f): return PythonFormat.floatRepr(f)
        case .bool(let b): return isPostgreSQL ? (b ? "true" : "false") : (b ? "1" : "0")
        case .none: return "NULL"
        }
    }
}
