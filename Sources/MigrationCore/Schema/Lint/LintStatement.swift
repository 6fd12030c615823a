/// A PostgreSQL statement, read as far as the lint rules need: the statements Alembic's
/// PostgreSQL DDL takes (and that raw `op.execute` SQL often is), each part the rules
/// look at. Anything else is `other`, which no rule but the timeouts looks into.
enum LintStatement: Equatable {
    case createTable(table: String, columns: [ColumnDefinition], constraints: [TableConstraint])
    /// `CREATE TABLE ... AS` / `SELECT ... INTO`: a new table, without a column list to read.
    case createTableAs(table: String)
    case alterTable(table: String, actions: [AlterAction])
    case createIndex(name: String?, table: String, concurrently: Bool)
    case dropIndex(names: [String], concurrently: Bool)
    case dropTable(names: [String])
    /// `SET [SESSION|LOCAL] name TO value`, the name lower-cased.
    case set(name: String, value: String)
    case begin
    /// `COMMIT`, `END`, `ROLLBACK`, `ABORT`: the transaction is over.
    case commit
    /// Its first word (`INSERT`, `UPDATE`, `COMMENT`, ...).
    case other(String)

    /// Whether the statement may wait long for a lock or run long, so that a script
    /// should have set `lock_timeout` and `statement_timeout` before it: schema changes
    /// (a new table only when it refers to another), and the maintenance commands.
    var mayBeSlow: Bool {
        switch self {
        case .createTable(_, let columns, let constraints):
            return columns.contains(where: \.references) || constraints.contains { $0.kind == .foreignKey }
        case .createTableAs, .alterTable, .createIndex, .dropIndex, .dropTable: return true
        case .set, .begin, .commit: return false
        case .other(let word):
            return [
                "ALTER", "CREATE", "DROP", "CLUSTER", "COMMENT", "IMPORT", "LOAD", "LOCK", "REFRESH", "REINDEX", "TRUNCATE",
                "VACUUM",
            ].contains(word)
        }
    }

    /// A column type as written: `TIMESTAMP WITHOUT TIME ZONE`, `VARCHAR(50)`, `INTEGER[]`.
    struct ColumnType: Equatable {
        /// Its words, upper-cased, a schema prefix (`pg_catalog.`) left off.
        var words: [String]
        var arguments: [String] = []
        var isArray = false

        var name: String { words.joined(separator: " ") }
    }

    struct ColumnDefinition: Equatable {
        var name: String
        var type: ColumnType
        var notNull = false
        /// The DEFAULT expression's tokens, when there is one.
        var defaultExpression: [SQLToken]?
        /// `GENERATED ... AS IDENTITY` or `GENERATED ALWAYS AS (...) STORED`.
        var generated = false
        var primaryKey = false
        var unique = false
        var references = false
        var check = false
    }

    enum ConstraintKind: Equatable { case primaryKey, unique, check, foreignKey, exclude }

    struct TableConstraint: Equatable {
        var kind: ConstraintKind
        var name: String?
        /// The column of a `CHECK (column IS NOT NULL)`, the way to prepare `SET NOT NULL`.
        var notNullColumn: String?
        var notValid = false
        /// `UNIQUE USING INDEX ix` / `PRIMARY KEY USING INDEX ix`.
        var usingIndex = false
    }

    enum AlterAction: Equatable {
        case addColumn(ColumnDefinition)
        case addConstraint(TableConstraint)
        case dropColumn(String)
        case alterColumnType(column: String, type: ColumnType)
        case setNotNull(column: String)
        case setDefault(column: String)
        case renameColumn(from: String, to: String)
        case renameTable(to: String)
        case validateConstraint(String)
        case other(String)
    }
}

extension LintStatement {
    /// The statement `sql` is (one statement, without its `;`).
    static func parse(_ sql: String) -> LintStatement {
        var reader = LintStatementReader(tokens: SQLTokenizer.tokens(sql))
        return reader.statement()
    }
}

/// Reads a statement's tokens front to back.
struct LintStatementReader {
    var tokens: [SQLToken]
    var position = 0

    var current: SQLToken? { position < tokens.count ? tokens[position] : nil }
    var atEnd: Bool { position >= tokens.count || current?.isSymbol(";") == true }

    /// Takes `words` if they come next, all of them.
    mutating func take(_ words: String...) -> Bool {
        guard position + words.count <= tokens.count else { return false }
        for (offset, word) in words.enumerated() where !tokens[position + offset].is(word) { return false }
        position += words.count
        return true
    }

    mutating func takeSymbol(_ symbol: String) -> Bool {
        guard current?.isSymbol(symbol) == true else { return false }
        position += 1
        return true
    }

    /// A possibly qualified name, as written (`public.users`, each part folded).
    mutating func name() -> String? {
        guard let first = current?.name else { return nil }
        position += 1
        var parts = [first]
        while current?.isSymbol(".") == true, position + 1 < tokens.count, let next = tokens[position + 1].name {
            position += 2
            parts.append(next)
        }
        return parts.joined(separator: ".")
    }

    /// The tokens up to the next `,` (or `)` closing the list) at this depth; the
    /// position is left on that token.
    mutating func element() -> [SQLToken] {
        var depth = 0
        var result: [SQLToken] = []
        while let token = current, !token.isSymbol(";") {
            if token.isSymbol("(") || token.isSymbol("[") { depth += 1 }
            if token.isSymbol(")") || token.isSymbol("]") {
                if depth == 0 { break }
                depth -= 1
            }
            if token.isSymbol(","), depth == 0 { break }
            result.append(token)
            position += 1
        }
        return result
    }

    mutating func statement() -> LintStatement {
        guard let first = current else { return .other("") }
        if take("BEGIN") || take("START", "TRANSACTION") { return .begin }
        if take("COMMIT") || take("END") || take("ROLLBACK") || take("ABORT") {
            // ROLLBACK TO SAVEPOINT leaves the transaction open.
            return current?.is("TO") == true ? .other("ROLLBACK") : .commit
        }
        if take("SET") {
            _ = take("SESSION") || take("LOCAL")
            guard let name = name() else { return .other("SET") }
            _ = take("TO") || takeSymbol("=")
            return .set(name: name, value: tokens[position...].map(\.text).joined(separator: " "))
        }
        if take("CREATE") {
            let unique = take("UNIQUE")
            if take("INDEX") {
                let concurrently = take("CONCURRENTLY")
                _ = take("IF", "NOT", "EXISTS")
                var indexName: String?
                if !(current?.is("ON") ?? true) { indexName = name() }
                guard take("ON") else { return .other("CREATE") }
                _ = take("ONLY")
                guard let table = name() else { return .other("CREATE") }
                return .createIndex(name: indexName, table: table, concurrently: concurrently)
            }
            guard !unique else { return .other("CREATE") }
            _ = take("UNLOGGED") || take("TEMPORARY") || take("TEMP") || take("GLOBAL", "TEMPORARY") || take("LOCAL", "TEMPORARY")
            guard take("TABLE") else { return .other("CREATE") }
            _ = take("IF", "NOT", "EXISTS")
            guard let table = name() else { return .other("CREATE") }
            guard takeSymbol("(") else {
                return tokens[position...].contains { $0.is("AS") } ? .createTableAs(table: table) : .other("CREATE")
            }
            var columns: [LintStatement.ColumnDefinition] = []
            var constraints: [LintStatement.TableConstraint] = []
            while !atEnd, !(current?.isSymbol(")") ?? true) {
                var part = LintStatementReader(tokens: element())
                if let constraint = part.tableConstraint() {
                    constraints.append(constraint)
                } else if let column = part.columnDefinition() {
                    columns.append(column)
                }
                _ = takeSymbol(",")
            }
            return .createTable(table: table, columns: columns, constraints: constraints)
        }
        if take("ALTER", "TABLE") {
            _ = take("IF", "EXISTS")
            _ = take("ONLY")
            guard let table = name() else { return .other("ALTER") }
            var actions: [LintStatement.AlterAction] = []
            while !atEnd {
                var part = LintStatementReader(tokens: element())
                actions.append(part.alterAction())
                _ = takeSymbol(",")
            }
            return .alterTable(table: table, actions: actions)
        }
        if take("DROP", "INDEX") {
            let concurrently = take("CONCURRENTLY")
            _ = take("IF", "EXISTS")
            return .dropIndex(names: names(), concurrently: concurrently)
        }
        if take("DROP", "TABLE") {
            _ = take("IF", "EXISTS")
            return .dropTable(names: names())
        }
        if first.is("SELECT"), let into = tokens.firstIndex(where: { $0.is("INTO") }) {
            position = into + 1
            _ = take("TEMPORARY") || take("TEMP") || take("UNLOGGED")
            _ = take("TABLE")
            if let table = name() { return .createTableAs(table: table) }
        }
        return .other(first.text)
    }

    mutating func names() -> [String] {
        var result: [String] = []
        while let next = name() {
            result.append(next)
            guard takeSymbol(",") else { break }
        }
        return result
    }

    /// `[CONSTRAINT name] PRIMARY KEY | UNIQUE | CHECK | FOREIGN KEY | EXCLUDE ...`, if it is one.
    mutating func tableConstraint() -> LintStatement.TableConstraint? {
        let start = position
        var constraintName: String?
        if take("CONSTRAINT") { constraintName = name() }
        let kind: LintStatement.ConstraintKind
        if take("PRIMARY", "KEY") {
            kind = .primaryKey
        } else if take("UNIQUE") {
            kind = .unique
        } else if take("CHECK") {
            kind = .check
        } else if take("FOREIGN", "KEY") {
            kind = .foreignKey
        } else if take("EXCLUDE") {
            kind = .exclude
        } else {
            position = start
            return nil
        }
        let rest = tokens[position...]
        var constraint = LintStatement.TableConstraint(kind: kind, name: constraintName)
        if kind == .check, rest.count >= 5, rest.first?.isSymbol("(") == true, let column = rest.dropFirst().first?.name,
            rest.dropFirst().first?.kind != .string, rest.dropFirst(2).first?.is("IS") == true,
            rest.dropFirst(3).first?.is("NOT") == true, rest.dropFirst(4).first?.is("NULL") == true,
            rest.dropFirst(5).first?.isSymbol(")") == true
        {
            constraint.notNullColumn = column
        }
        constraint.usingIndex = rest.first?.is("USING") == true && rest.dropFirst().first?.is("INDEX") == true
        constraint.notValid = zip(rest, rest.dropFirst()).contains { $0.is("NOT") && $1.is("VALID") }
        position = tokens.count
        return constraint
    }

    /// `name type [constraints...]`.
    mutating func columnDefinition() -> LintStatement.ColumnDefinition? {
        guard let column = current?.name else { return nil }
        position += 1
        var definition = LintStatement.ColumnDefinition(name: column, type: columnType())
        while !atEnd {
            if take("CONSTRAINT") {
                _ = name()
            } else if take("NOT", "NULL") {
                definition.notNull = true
            } else if take("NULL") {
            } else if take("DEFAULT") {
                var expression: [SQLToken] = []
                while let token = current, !Self.columnConstraintStarts(token) {
                    if token.isSymbol("(") {
                        let open = position
                        skipParenthesized()
                        expression += tokens[open..<position]
                    } else {
                        expression.append(token)
                        position += 1
                    }
                }
                definition.defaultExpression = expression
            } else if take("PRIMARY", "KEY") {
                definition.primaryKey = true
            } else if take("UNIQUE") {
                definition.unique = true
            } else if take("REFERENCES") {
                definition.references = true
            } else if take("CHECK") {
                definition.check = true
            } else if take("GENERATED") {
                definition.generated = true
            } else if current?.isSymbol("(") == true {
                skipParenthesized()
            } else {
                position += 1
            }
        }
        return definition
    }

    static func columnConstraintStarts(_ token: SQLToken) -> Bool {
        token.kind == .word
            && ["CONSTRAINT", "NOT", "NULL", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE"].contains(token.text)
    }

    mutating func skipParenthesized() {
        var depth = 0
        while let token = current {
            position += 1
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    /// A type: its words up to what may follow a type in a column definition or ALTER.
    mutating func columnType() -> LintStatement.ColumnType {
        var type = LintStatement.ColumnType(words: [])
        let stops: Set<String> = [
            "CONSTRAINT", "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "GENERATED", "COLLATE", "USING", "AT",
        ]
        while let token = current {
            if token.kind == .word || token.kind == .quoted {
                if token.kind == .word, stops.contains(token.text) { break }
                if position + 1 < tokens.count, tokens[position + 1].isSymbol(".") {
                    position += 2  // a schema prefix
                    continue
                }
                type.words.append(token.kind == .word ? token.text : token.text.uppercased())
                position += 1
            } else if token.isSymbol("(") {
                let open = position
                skipParenthesized()
                type.arguments = tokens[(open + 1)..<max(open + 1, position - 1)].filter { !$0.isSymbol(",") }.map(\.text)
            } else if token.isSymbol("[") {
                type.isArray = true
                while let next = current, !next.isSymbol("]") { position += 1 }
                position += 1
            } else {
                break
            }
        }
        return type
    }

    mutating func alterAction() -> LintStatement.AlterAction {
        let first = current?.text ?? ""
        if take("ADD") {
            if let constraint = tableConstraint() { return .addConstraint(constraint) }
            _ = take("COLUMN")
            _ = take("IF", "NOT", "EXISTS")
            return columnDefinition().map(LintStatement.AlterAction.addColumn) ?? .other("ADD")
        }
        if take("DROP") {
            if take("CONSTRAINT") { return .other("DROP CONSTRAINT") }
            _ = take("COLUMN")
            _ = take("IF", "EXISTS")
            return name().map(LintStatement.AlterAction.dropColumn) ?? .other("DROP")
        }
        if take("ALTER") {
            _ = take("COLUMN")
            guard let column = name() else { return .other("ALTER") }
            if take("SET", "DATA", "TYPE") || take("TYPE") { return .alterColumnType(column: column, type: columnType()) }
            if take("SET", "NOT", "NULL") { return .setNotNull(column: column) }
            if take("SET", "DEFAULT") { return .setDefault(column: column) }
            return .other("ALTER COLUMN")
        }
        if take("RENAME") {
            if take("TO") { return name().map(LintStatement.AlterAction.renameTable) ?? .other("RENAME") }
            if take("CONSTRAINT") { return .other("RENAME CONSTRAINT") }
            _ = take("COLUMN")
            guard let from = name(), take("TO"), let to = name() else { return .other("RENAME") }
            return .renameColumn(from: from, to: to)
        }
        if take("VALIDATE", "CONSTRAINT") { return name().map(LintStatement.AlterAction.validateConstraint) ?? .other("VALIDATE") }
        return .other(first)
    }
}
