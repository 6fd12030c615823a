/// Which statements a live run must execute outside a transaction, and why, decided from
/// the statement's text before anything runs.
///
/// PostgreSQL refuses these inside a transaction block ("cannot run inside a transaction
/// block"); SQLite refuses VACUUM and silently ignores `PRAGMA foreign_keys` inside one.
/// Statements inside `op.get_context().autocommit_block()` are outside by the script's
/// own choice and need no detection.
public enum OutsideTransaction {
    /// Why `sql` cannot run inside a transaction on `dialect`, or nil when it can.
    /// `serverVersion` is libpq's number (120000 for 12.0); `ALTER TYPE ... ADD VALUE` is
    /// refused in a transaction only before PostgreSQL 12.
    public static func reason(_ sql: String, dialect: Dialect, serverVersion: Int? = nil) -> String? {
        for piece in pieces(sql) {
            let words = leadingWords(piece, count: 6)
            if let reason = reason(words: words, piece: piece, dialect: dialect, serverVersion: serverVersion) {
                return reason
            }
        }
        return nil
    }

    private static func reason(words: [String], piece: Substring, dialect: Dialect, serverVersion: Int?) -> String? {
        func starts(_ prefix: String...) -> Bool { words.starts(with: prefix) }
        switch dialect {
        case .postgresql:
            if starts("CREATE", "INDEX", "CONCURRENTLY") || starts("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY") {
                return "CREATE INDEX CONCURRENTLY"
            }
            if starts("DROP", "INDEX", "CONCURRENTLY") { return "DROP INDEX CONCURRENTLY" }
            if starts("REINDEX") && words.contains("CONCURRENTLY") { return "REINDEX CONCURRENTLY" }
            if starts("VACUUM") { return "VACUUM" }
            if starts("CREATE", "DATABASE") { return "CREATE DATABASE" }
            if starts("DROP", "DATABASE") { return "DROP DATABASE" }
            if starts("CREATE", "TABLESPACE") { return "CREATE TABLESPACE" }
            if starts("DROP", "TABLESPACE") { return "DROP TABLESPACE" }
            if starts("ALTER", "SYSTEM") { return "ALTER SYSTEM" }
            if starts("ALTER", "TYPE"), (serverVersion ?? 0) < 120000, addsEnumValue(piece) {
                return "ALTER TYPE ... ADD VALUE before PostgreSQL 12"
            }
        case .sqlite:
            if starts("VACUUM") { return "VACUUM" }
            if starts("PRAGMA"), words.count > 1, words[1].hasPrefix("FOREIGN_KEYS") || words[1].hasSuffix(".FOREIGN_KEYS") {
                return "PRAGMA foreign_keys (ignored inside a transaction)"
            }
            if starts("PRAGMA"), words.count > 1, words[1].hasPrefix("JOURNAL_MODE") || words[1].hasSuffix(".JOURNAL_MODE") {
                return "PRAGMA journal_mode"
            }
        case .mysql:
            break  // Retort writes no MySQL SQL; Alembic's runs as Alembic sends it
        }
        return nil
    }

    /// `ALTER TYPE name ADD VALUE ...`: the words after the type's name.
    /// The transaction-control command raw SQL holds (`COMMIT`, `ROLLBACK`, `BEGIN`...),
    /// which would end or open the caller's transaction; nil when it holds none.
    public static func transactionControl(_ sql: String) -> String? {
        for piece in pieces(sql) {
            // A piece starting so inside a function or trigger body (`...; END`) is not one.
            let words = leadingWords(piece, count: 4)
            guard let first = words.first else { continue }
            let second = words.count > 1 ? words[1] : nil
            switch first {
            case "COMMIT", "ROLLBACK", "ABORT":
                if second == nil || ["WORK", "TRANSACTION", "AND", "TO", "PREPARED"].contains(second ?? "") { return first }
            case "BEGIN":
                if second == nil || ["TRANSACTION", "WORK", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "ISOLATION", "READ"]
                    .contains(second ?? "")
                {
                    return first
                }
            case "START":
                if second == "TRANSACTION" { return "START TRANSACTION" }
            default:
                break
            }
        }
        return nil
    }

    private static func addsEnumValue(_ piece: Substring) -> Bool {
        let words = leadingWords(piece, count: 12)
        guard let add = words.firstIndex(of: "ADD"), add + 1 < words.count else { return false }
        return words[add + 1] == "VALUE"
    }

    /// The statements of a script, split at `;` outside quotes and comments (a script
    /// sent as one text runs as one implicit transaction on PostgreSQL, so any piece counts).
    static func pieces(_ sql: String) -> [Substring] {
        var result: [Substring] = []
        var start = sql.startIndex
        var index = sql.startIndex
        var quote: Character?
        while index < sql.endIndex {
            let c = sql[index]
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "-", sql[index...].hasPrefix("--") {
                index = sql[index...].firstIndex(of: "\n") ?? sql.endIndex
                continue
            } else if c == "/", sql[index...].hasPrefix("/*") {
                index = sql[sql.index(index, offsetBy: 2)...].range(of: "*/")?.upperBound ?? sql.endIndex
                continue
            } else if c == ";" {
                result.append(sql[start..<index])
                start = sql.index(after: index)
            }
            index = sql.index(after: index)
        }
        result.append(sql[start...])
        return result
    }

    /// The first `count` words of a statement, upper-cased, after comments and whitespace.
    static func leadingWords(_ piece: Substring, count: Int) -> [String] {
        var words: [String] = []
        var rest = piece[...]
        while words.count < count {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
                continue
            }
            if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return words }
                rest = rest[end.upperBound...]
                continue
            }
            let word = rest.prefix { !$0.isWhitespace && $0 != "(" && $0 != ";" && $0 != "=" }
            if word.isEmpty {
                guard !rest.isEmpty else { return words }
                rest = rest.dropFirst()  // punctuation between words
                continue
            }
            words.append(word.uppercased())
            rest = rest[word.endIndex...]
        }
        return words
    }
}
