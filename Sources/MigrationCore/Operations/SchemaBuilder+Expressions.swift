/// SQL expressions (defaults, CHECK conditions, index elements, WHERE clauses, values)
/// and literal values, read from the SQLAlchemy objects a script builds.
extension SchemaBuilder {
    /// A server default, CHECK condition or other SQL fragment. A plain string is SQL
    /// text where SQLAlchemy takes it as such (CHECK, index expressions), else a literal.
    func expression(_ value: PyValue, line: Int, plainStringIsText: Bool = true) throws -> SQLExpression {
        switch value {
        case .string(let s): return plainStringIsText ? .text(s) : .literal(.string(s))
        case .int, .float, .bool, .none: return .literal(try literal(value, line: line))
        case .list(let items), .tuple(let items): return .list(try items.map { try expression($0, line: line, plainStringIsText: false) })
        case .object(let o): return try objectExpression(o)
        case .method(let receiver, let attribute):
            // `t.c.name` on a `sa.table(...)` or `sa.Table(...)`.
            if case .method(let table, "c") = receiver, case .object(let t) = table, Self.isTable(t) {
                let tableName = try requiredName(t.arguments.first, line: line, what: "table name")
                if let schema = t.keyword("schema")?.string { return .schemaColumn(schema: schema, table: tableName, name: attribute) }
                return .column(table: tableName, name: attribute)
            }
            throw fail(line, "the expression .\(attribute) is not supported yet")
        case .reference(let name):
            throw fail(line, "\(name) used as a SQL expression")
        default:
            throw fail(line, "a \(value.typeName) used as a SQL expression")
        }
    }

    static func isTable(_ object: LibraryObject) -> Bool { object.kind == "sqlalchemy.table" || object.kind == "sqlalchemy.Table" }

    /// Python's operators on SQL objects, as SQL operators.
    static let operators: [String: String] = [
        "==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "+": "+", "-": "-", "*": "*", "/": "/",
        "%": "%", "&": "AND", "|": "OR",
    ]

    /// Methods of column expressions that are binary operators.
    static let methodOperators: [String: String] = [
        ".in_": "IN", ".not_in": "NOT IN", ".notin_": "NOT IN", ".like": "LIKE", ".not_like": "NOT LIKE",
        ".notlike": "NOT LIKE", ".ilike": "ILIKE", ".not_ilike": "NOT ILIKE", ".notilike": "NOT ILIKE", ".is_": "IS",
        ".is_not": "IS NOT", ".isnot": "IS NOT", ".concat": "||", ".op": "",
    ]

    func objectExpression(_ o: LibraryObject) throws -> SQLExpression {
        func argument(_ i: Int) throws -> PyValue {
            guard i < o.arguments.count else { throw fail(o.line, "\(o.kind) needs \(i + 1) argument(s)") }
            return o.arguments[i]
        }
        func operand(_ value: PyValue) throws -> SQLExpression { try expression(value, line: o.line, plainStringIsText: false) }
        if Self.isStandardValue(o.kind) { return .literal(try literal(.object(o), line: o.line)) }
        if let op = Self.operators[o.kind], o.arguments.count == 2 {
            return .binary(try operand(o.arguments[0]), op, try operand(o.arguments[1]))
        }
        if let op = Self.methodOperators[o.kind], op != "", let receiver = o.receiver {
            let right = try argument(0)
            if op == "IN" || op == "NOT IN" {
                guard let items = right.items, !items.isEmpty else { throw fail(o.line, "\(o.kind) of an empty or computed list") }
            }
            return .binary(try operand(receiver), op, try operand(right))
        }
        switch o.kind {
        case "sqlalchemy.text":
            guard case .string(let s) = try argument(0) else { throw fail(o.line, "sa.text needs a string") }
            return .text(s)
        case ".bindparams":
            guard case .object(let text)? = o.receiver, text.kind == "sqlalchemy.text", case .string(let sql)? = text.arguments.first else {
                throw fail(o.line, "bindparams() on something other than sa.text(...)")
            }
            var binds: [String: SQLExpression] = [:]
            for keyword in o.keywords { binds[keyword.name] = try operand(keyword.value) }
            for case .object(let parameter) in o.arguments where parameter.kind == "sqlalchemy.bindparam" {
                let b = try bind(parameter, Signature(["key", "value"]))
                guard let key = b.string("key") else { throw fail(parameter.line, "bindparam needs a name") }
                binds[key] = try operand(b["value"] ?? .none)
            }
            return .boundText(sql, binds: binds)
        case "sqlalchemy.literal_column":
            guard case .string(let s) = try argument(0) else { throw fail(o.line, "literal_column needs a string") }
            return .raw(s)
        case "sqlalchemy.true": return .literal(.bool(true))
        case "sqlalchemy.false": return .literal(.bool(false))
        case "sqlalchemy.null": return .null
        case "sqlalchemy.literal", "op.inline_literal", "sqlalchemy.bindparam":
            let value = o.kind == "sqlalchemy.bindparam" ? (o.arguments.count > 1 ? o.arguments[1] : o.keyword("value") ?? .none) : try argument(0)
            return .literal(try literal(value, line: o.line))
        case "sqlalchemy.column", "sqlalchemy.Column":
            return .column(table: nil, name: try requiredName(o.arguments.first, line: o.line, what: "column name"))
        case "sqlalchemy.cast":
            return .cast(try operand(try argument(0)), try type(try argument(1), line: o.line))
        case "sqlalchemy.and_", "sqlalchemy.or_":
            let items = try o.arguments.map(operand)
            guard !items.isEmpty else { throw fail(o.line, "\(o.kind) without conditions") }
            return .clauseList(items, conjunction: o.kind == "sqlalchemy.and_" ? "AND" : "OR")
        case "sqlalchemy.not_", "not", "unary~":
            return try operand(try argument(0)).negated
        case "unary-":
            return .unary("-", try operand(try argument(0)))
        case "sqlalchemy.desc", "sqlalchemy.asc":
            return .postfix(try operand(try argument(0)), o.kind == "sqlalchemy.desc" ? "DESC" : "ASC")
        case ".desc", ".asc":
            guard let receiver = o.receiver else { break }
            return .postfix(try operand(receiver), o.kind == ".desc" ? "DESC" : "ASC")
        case "sqlalchemy.case":
            return try caseExpression(o)
        case ".as_string", ".as_integer", ".as_float", ".as_boolean":
            return try jsonElement(o)
        case ".scalar_subquery", ".as_scalar":
            guard case .object(let select)? = o.receiver, OperationBuilder.isSelect(select) else {
                throw fail(o.line, "\(o.kind)() of something other than a select()")
            }
            return .scalarSelect(try self.select(select))
        default:
            if o.kind.hasPrefix("sqlalchemy.func.") {
                let name = String(o.kind.dropFirst("sqlalchemy.func.".count))
                return .function(name: name, arguments: try o.arguments.map(operand))
            }
        }
        throw fail(o.line, "the SQL expression \(o.kind) is not supported yet")
    }

    /// `sa.case((cond, value), ..., else_=x)`, the older `sa.case([(cond, value)], ...)`,
    /// and `sa.case({key: value}, value=expr)`.
    func caseExpression(_ o: LibraryObject) throws -> SQLExpression {
        var pairs: [(PyValue, PyValue)] = []
        var arguments = o.arguments
        if arguments.count == 1, case .list(let items) = arguments[0] { arguments = items }
        let subject = try o.keyword("value").map { try expression($0, line: o.line, plainStringIsText: false) }
        for argument in arguments {
            if case .dict(let entries) = argument {
                pairs += entries.map { ($0.key, $0.value) }
            } else if let pair = argument.items, pair.count == 2 {
                pairs.append((pair[0], pair[1]))
            } else {
                throw fail(o.line, "a case() branch must be a (condition, value) pair")
            }
        }
        guard !pairs.isEmpty else { throw fail(o.line, "case() without branches") }
        var whens: [SQLExpression] = []
        for (condition, _) in pairs {
            let when = try expression(condition, line: o.line, plainStringIsText: false)
            whens.append(subject.map { .binary($0, "==", when) } ?? when)
        }
        let thens = try pairs.map { try expression($0.1, line: o.line, plainStringIsText: false) }
        let otherwise = try o.keyword("else_").map { try expression($0, line: o.line, plainStringIsText: false) }
        return .caseWhen(whens: whens, thens: thens, otherwise: otherwise)
    }

    /// `server_default`: a string is a quoted literal; `sa.text` is SQL as written.
    func serverDefault(_ value: PyValue, line: Int) throws -> SQLExpression {
        switch value {
        case .string(let s): return .literal(.string(s))
        case .object(let o) where o.kind == "sqlalchemy.DefaultClause" || o.kind == "sqlalchemy.FetchedValue":
            guard let argument = o.arguments.first else { throw fail(o.line, "\(o.kind) without a value") }
            return try serverDefault(argument, line: o.line)
        case .bool, .int, .float:
            throw fail(line, "server_default must be a string or SQL expression, not \(value.typeName)")
        default: return try expression(value, line: line)
        }
    }
}

/// `column["key"].as_string()` and `column[["a", "b"]].as_integer()` on a JSON column:
/// the element at that key or path, cast to the type asked, as each dialect's compiler
/// writes it (SQLite's JSON_EXTRACT with a `$."a"."b"` path, PostgreSQL's `->>` and `#>>`).
extension SchemaBuilder {
    static let jsonElementTypes: [String: String] = [
        ".as_string": "String", ".as_integer": "Integer", ".as_float": "Float", ".as_boolean": "Boolean",
    ]

    func jsonElement(_ o: LibraryObject) throws -> SQLExpression {
        guard case .object(let item)? = o.receiver, item.kind == "[]", let index = item.arguments.first,
            case .object(let column)? = item.receiver, column.kind == "sqlalchemy.column" || column.kind == "sqlalchemy.Column",
            column.arguments.count > 1
        else {
            throw fail(o.line, "\(o.kind)() on something other than an element of a JSON column is not supported yet")
        }
        let columnType = try type(column.arguments[1], line: o.line).resolved(for: dialect)
        let json: Set<String> = ["JSON", "postgresql.JSON", "postgresql.JSONB", "sqlite.JSON"]
        guard json.contains(columnType.name) || columnType.subclassOf.map(json.contains) == true else {
            throw fail(o.line, "\(o.kind)() on a column of type \(columnType.name), not JSON")
        }
        let keys: [PyValue] = index.items ?? [index]
        let isPath = index.items != nil
        var parts: [String] = []
        for key in keys {
            switch key {
            case .int(let n): parts.append(String(n))
            case .string(let k) where !k.contains(where: { "\"'\\{},".contains($0) }): parts.append(k)
            default: throw fail(o.line, "a JSON key Retort does not write (\(key.typeName) \(PythonFormat.repr(key)))")
            }
        }
        let target = SQLType(name: Self.jsonElementTypes[o.kind] ?? "String")
        let base = try expression(.object(column), line: o.line, plainStringIsText: false)
        if dialect == "postgresql" {
            let single = keys.count == 1 && !isPath
            let key: SQLExpression = single && keys[0].string == nil
                ? .literal(.int(Int(parts[0]) ?? 0)) : .literal(.string(single ? parts[0] : "{" + parts.joined(separator: ", ") + "}"))
            return .cast(.binary(base, single ? "->>" : "#>>", key), target)
        }
        let path = "$" + zip(keys, parts).map { key, part in key.string == nil ? "[\(part)]" : ".\"\(part)\"" }.joined()
        return .cast(.function(name: "JSON_EXTRACT", arguments: [base, .literal(.string(path))]), target)
    }
}
