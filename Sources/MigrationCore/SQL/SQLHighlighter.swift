/// SQL text cut into lines of highlighted segments: keywords, quoted strings, comments
/// and numbers. Quoted identifiers stay plain; a string may run over several lines.
public enum SQLHighlighter {
    static let keywords: Set<String> = [
        "ADD", "ALL", "ALTER", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CASCADE", "CASE", "CAST", "CHECK", "COLUMN",
        "COMMENT", "COMMIT", "CONCURRENTLY", "CONSTRAINT", "CREATE", "CURRENT_TIMESTAMP", "DEFAULT", "DEFERRABLE",
        "DEFERRED", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "END", "ENUM", "EXCLUDE", "EXISTS", "FALSE",
        "FOREIGN", "FROM", "GENERATED", "GROUP", "IDENTITY", "IF", "IN", "INCLUDE", "INDEX", "INITIALLY", "INSERT",
        "INTO", "IS", "JOIN", "KEY", "LIKE", "LIMIT", "NOT", "NULL", "ON", "OR", "ORDER", "PRIMARY", "REFERENCES",
        "RENAME", "RETURNING", "SELECT", "SET", "TABLE", "THEN", "TO", "TRUE", "TYPE", "UNIQUE", "UPDATE", "USING",
        "VALUES", "WHEN", "WHERE", "WITH", "WITHOUT", "ZONE", "MATCH", "TEMPORARY", "VIEW", "TRIGGER", "SEQUENCE",
        "INTEGER", "BIGINT", "SMALLINT", "VARCHAR", "TEXT", "BOOLEAN", "TIMESTAMP", "DATETIME", "DATE", "TIME",
        "NUMERIC", "FLOAT", "SERIAL", "BIGSERIAL", "JSON", "JSONB", "UUID", "BLOB", "BYTEA", "CHAR", "REAL",
        "DOUBLE", "PRECISION", "INTERVAL", "ARRAY",
    ]

    public static func lines(_ sql: String) -> [[HighlightSegment]] {
        var lines: [[HighlightSegment]] = [[]]
        var current = ""
        var kind = HighlightKind.plain
        func flush() {
            if !current.isEmpty { lines[lines.count - 1].append(HighlightSegment(current, kind)) }
            current = ""
        }
        func newLine() {
            flush()
            lines.append([])
        }
        let chars = Array(sql)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                newLine()
                i += 1
                continue
            }
            if c == "'" {
                flush()
                kind = .string
                current.append(c)
                i += 1
                while i < chars.count {
                    if chars[i] == "\n" {
                        newLine()
                        i += 1
                        continue
                    }
                    current.append(chars[i])
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" {
                            current.append("'")
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    i += 1
                }
                flush()
                kind = .plain
                continue
            }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                flush()
                kind = .comment
                while i < chars.count, chars[i] != "\n" {
                    current.append(chars[i])
                    i += 1
                }
                flush()
                kind = .plain
                continue
            }
            if c.isLetter || c == "_" {
                var word = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" {
                    word.append(chars[i])
                    i += 1
                }
                if keywords.contains(word.uppercased()) {
                    flush()
                    lines[lines.count - 1].append(HighlightSegment(word, .keyword))
                } else {
                    current += word
                }
                continue
            }
            if c.isNumber, current.last.map({ !($0.isLetter || $0 == "_") }) ?? true {
                flush()
                var number = ""
                while i < chars.count, chars[i].isNumber || chars[i] == "." {
                    number.append(chars[i])
                    i += 1
                }
                lines[lines.count - 1].append(HighlightSegment(number, .number))
                continue
            }
            if c == "\"" {
                // A quoted identifier: plain, but its contents are not keywords.
                current.append(c)
                i += 1
                while i < chars.count, chars[i] != "\"", chars[i] != "\n" {
                    current.append(chars[i])
                    i += 1
                }
                if i < chars.count, chars[i] == "\"" {
                    current.append("\"")
                    i += 1
                }
                continue
            }
            current.append(c)
            i += 1
        }
        flush()
        return lines
    }
}
