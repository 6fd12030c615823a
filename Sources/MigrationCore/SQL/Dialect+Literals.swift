/// Literal values and user-written SQL text, as SQLAlchemy writes them with literal binds.
extension Dialect {
    /// A string literal, quotes doubled. (`%` stays single: Alembic's env.py templates
    /// configure offline mode with the `named` paramstyle.)
    public func stringLiteral(_ text: String) -> String {
        "'" + (text.utf8.contains(39) ? text.replacingOccurrences(of: "'", with: "''") : text) + "'"
    }

    public func literal(_ value: LiteralValue) -> String {
        switch value {
        case .string(let s): return stringLiteral(s)
        case .int(let i): return String(i)
        case .float(let f): return PythonFormat.floatRepr(f)
        case .bool(let b): return isPostgreSQL ? (b ? "true" : "false") : (b ? "1" : "0")
        case .none: return "NULL"
        case .decimal(let text): return text
        case .date(let t): return "'" + Self.date(t) + "'"
        // SQLite's DATETIME and TIME types store a fixed format with microseconds;
        // PostgreSQL gets Python's str(), which leaves out zero microseconds.
        case .dateTime(let t):
            return "'" + Self.date(t) + " " + (isPostgreSQL ? Self.pythonTime(t) : Self.sqliteTime(t)) + "'"
        case .time(let t): return "'" + (isPostgreSQL ? Self.pythonTime(t) : Self.sqliteTime(t)) + "'"
        case .uuid(let hex):
            // Uuid is CHAR(32) of hex digits on SQLite, the native UUID text on PostgreSQL.
            return "'" + (isPostgreSQL ? Self.dashed(hex) : hex) + "'"
        }
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func date(_ t: Timestamp) -> String { "\(padded(t.year, 4))-\(padded(t.month, 2))-\(padded(t.day, 2))" }

    static func sqliteTime(_ t: Timestamp) -> String {
        "\(padded(t.hour, 2)):\(padded(t.minute, 2)):\(padded(t.second, 2)).\(padded(t.microsecond, 6))"
    }

    static func pythonTime(_ t: Timestamp) -> String {
        "\(padded(t.hour, 2)):\(padded(t.minute, 2)):\(padded(t.second, 2))" + (t.microsecond == 0 ? "" : ".\(padded(t.microsecond, 6))")
    }

    static func dashed(_ hex: String) -> String {
        let chars = Array(hex)
        guard chars.count == 32 else { return hex }
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
    }

    /// SQL text written by the user (`sa.text`, `op.execute("...")`), as SQLAlchemy's
    /// TextClause compiles it: a `:name` bind parameter (regex `(?<![:\w\\]):(\w+)(?![:\w])`)
    /// becomes its value from `binds`, or NULL when it has none; then `\:` before a name
    /// not followed by `:` loses its backslash (`\\(:\w*)(?![:\w])`).
    public func text(_ sql: String, binds: [String: String] = [:]) -> String {
        let chars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        func isWord(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil || c == "_"
        }
        // First pass: bind parameters.
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let after = i + 1 < chars.count ? chars[i + 1] : nil
            let before = i > 0 ? chars[i - 1] : nil
            if c == ":", let after, isWord(after), !(before.map { $0 == ":" || $0 == "\\" || isWord($0) } ?? false) {
                var end = i + 1
                while end < chars.count, isWord(chars[end]) { end += 1 }
                // `(?![:\w])`: a name followed by a colon is not a parameter.
                if end >= chars.count || chars[end] != ":" {
                    let name = String(String.UnicodeScalarView(chars[(i + 1)..<end]))
                    out.append(contentsOf: (binds[name] ?? "NULL").unicodeScalars)
                    i = end
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        // Second pass: escaped colons.
        let first = Array(out)
        var result = String.UnicodeScalarView()
        i = 0
        while i < first.count {
            if first[i] == "\\", i + 1 < first.count, first[i + 1] == ":" {
                var end = i + 2
                while end < first.count, isWord(first[end]) { end += 1 }
                if end >= first.count || first[end] != ":" {
                    i += 1  // drop the backslash
                    continue
                }
            }
            result.append(first[i])
            i += 1
        }
        return String(result)
    }
}
