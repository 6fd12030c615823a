/// What a revision function the evaluator could not follow to the end may have done to
/// the schema, read from its code without running it: the tables it may reshape or make
/// appear and disappear, or that its effect has no bound.
///
/// A data migration that reads rows cannot be rendered offline, but everything it can do
/// to the schema is often plain in its code (`op.batch_alter_table("file")` and
/// `UPDATE`s): later revisions that ask the Inspector about other tables still get sure
/// answers. The reading is conservative: any call it cannot account for (a helper from
/// another module, a method it does not know, SQL it cannot classify) makes the effect
/// unbounded, which leaves every table uncertain, as before.
public struct SchemaFootprint: Sendable, Equatable {
    /// Tables whose columns, constraints, indexes or comments it may change.
    public var reshaped: Set<SchemaModel.Key> = []
    /// Tables it may create, drop or rename: whether they exist afterwards is not known.
    public var appearing: Set<SchemaModel.Key> = []
    /// Why its effect has no bound (it may have changed anything), or nil.
    public var unbounded: String?

    public init() {}

    /// A footprint that may touch anything, for `reason`.
    static func anything(_ reason: String) -> SchemaFootprint {
        var footprint = SchemaFootprint()
        footprint.unbounded = reason
        return footprint
    }

    /// Marks it unbounded, keeping the first reason (the earliest in the code).
    mutating func giveUp(_ reason: String) {
        if unbounded == nil { unbounded = reason }
    }
}

/// What a piece of SQL text can do to the schema, by its leading keywords (the text of
/// `op.execute("...")` or `conn.execute(text("..."))` in a function being bounded).
enum SQLTextEffect: Equatable {
    /// Reads or writes rows only.
    case rows
    /// Changes the shape of these tables (`ALTER TABLE t ...`, `CREATE INDEX ... ON t`).
    case reshapes([String])
    /// Something the reader does not bound, with the statement's first words.
    case unknown(String)

    /// The effect of `sql`, where `hole` stands for an interpolated value (an f-string's
    /// field): a statement's keywords and the table it alters must not be holes.
    static func of(_ sql: String, hole: Character) -> SQLTextEffect {
        var reshaped: [String] = []
        for statement in sql.split(separator: ";") {
            let words = Self.words(of: statement)
            guard let first = words.first else { continue }
            switch first.uppercased() {
            case "SELECT", "UPDATE", "INSERT", "DELETE", "WITH", "VALUES":
                continue
            case "ALTER":
                // ALTER TABLE [IF EXISTS] [ONLY] name ...: not RENAME (the table's name changes).
                guard words.count > 3, words[1].uppercased() == "TABLE" else { return .unknown(Self.opening(words)) }
                var i = 2
                if words[i].uppercased() == "IF", i + 1 < words.count, words[i + 1].uppercased() == "EXISTS" { i += 2 }
                if i < words.count, words[i].uppercased() == "ONLY" { i += 1 }
                guard i + 1 < words.count, let name = identifier(words[i], hole: hole),
                    !words[(i + 1)...].contains(where: { $0.uppercased() == "RENAME" }) || isColumnRename(words, after: i)
                else { return .unknown(Self.opening(words)) }
                reshaped.append(name)
            case "CREATE":
                // CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table ...
                guard let on = words.firstIndex(where: { $0.uppercased() == "ON" }), on + 1 < words.count,
                    words[1..<on].contains(where: { $0.uppercased() == "INDEX" })
                else { return .unknown(Self.opening(words)) }
                var i = on + 1
                if words[i].uppercased() == "ONLY", i + 1 < words.count { i += 1 }
                let table = words[i].split(separator: "(", maxSplits: 1).first.map(String.init) ?? words[i]
                guard let name = identifier(table, hole: hole) else { return .unknown(Self.opening(words)) }
                reshaped.append(name)
            default:
                return .unknown(Self.opening(words))
            }
        }
        return reshaped.isEmpty ? .rows : .reshapes(reshaped)
    }

    /// `ALTER TABLE t RENAME COLUMN a TO b` (or `RENAME a TO b`) keeps the table's name.
    private static func isColumnRename(_ words: [String], after name: Int) -> Bool {
        guard name + 1 < words.count, words[name + 1].uppercased() == "RENAME" else { return false }
        let rest = words[(name + 2)...].map { $0.uppercased() }
        return rest.count >= 3 && (rest.first == "COLUMN" || rest.dropFirst().first == "TO") && rest.first != "TO"
    }

    /// The words of a statement, without `--` comments; nil-safe on holes (they stay in words).
    private static func words(of statement: Substring) -> [String] {
        var kept: [Substring] = []
        for line in statement.split(separator: "\n", omittingEmptySubsequences: false) {
            let code = line.range(of: "--").map { line[..<$0.lowerBound] } ?? line
            kept.append(code)
        }
        return kept.joined(separator: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
    }

    private static func opening(_ words: [String]) -> String { words.prefix(3).joined(separator: " ") }

    /// A table name as written (quoted, or unquoted and folded); nil for a hole, a
    /// schema-qualified name or anything else.
    private static func identifier(_ word: String, hole: Character) -> String? {
        guard !word.contains(hole) else { return nil }
        if word.hasPrefix("\""), word.hasSuffix("\""), word.count >= 2 {
            let inner = String(word.dropFirst().dropLast())
            return inner.contains("\"") || inner.contains(".") ? nil : inner
        }
        guard !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return word.lowercased()
    }
}
