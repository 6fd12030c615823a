/// The data operations: what `op.execute` is given (text, `sa.text(...).bindparams(...)`,
/// `insert`/`update`/`delete` on a `sa.table`) and `op.bulk_insert`'s rows.
extension OperationBuilder {
    /// What `op.execute` was given.
    func statement(_ value: PyValue, line: Int) throws -> SQLStatement {
        switch value {
        case .string(let s): return .text(s)
        case .object(let o) where o.kind == "sqlalchemy.text":
            guard case .string(let s)? = o.arguments.first else { throw schema.fail(o.line, "sa.text needs a string") }
            return .text(s)
        case .object(let o) where o.kind == ".bindparams":
            return .expression(try schema.expression(value, line: line))
        case .object(let o) where Self.isSelect(o):
            return .select(try schema.select(o))
        case .object(let o):
            return try dml(o)
        default:
            throw schema.fail(line, "op.execute of a \(value.typeName) is not supported")
        }
    }

    /// Whether a chain of calls starts with `sa.select(...)`.
    static func isSelect(_ object: LibraryObject) -> Bool {
        var current = object
        while current.kind != "sqlalchemy.select" {
            guard case .object(let next)? = current.receiver else { return false }
            current = next
        }
        return true
    }

    /// `t.update().where(...).values(...)`, `t.insert().values(...)`, `t.delete().where(...)`,
    /// and `sa.update(t)`/`sa.insert(t)`/`sa.delete(t)`.
    func dml(_ object: LibraryObject) throws -> SQLStatement {
        var chain: [LibraryObject] = []
        var current: PyValue = .object(object)
        var tableValue: LibraryObject?
        while case .object(let o) = current {
            if SchemaBuilder.isTable(o) {
                tableValue = o
                break
            }
            chain.append(o)
            if let receiver = o.receiver {
                current = receiver
            } else if ["sqlalchemy.update", "sqlalchemy.insert", "sqlalchemy.delete"].contains(o.kind), let t = o.arguments.first {
                current = t
            } else {
                break
            }
        }
        guard let tableValue else { throw schema.fail(object.line, "op.execute of \(object.kind) is not supported yet") }
        let table = try schema.tableObject(tableValue)
        var verb: String?
        var rows: [[(String, SQLExpression)]] = []
        var whereClause: SQLExpression?
        for link in chain.reversed() {
            switch link.kind {
            case ".update", "sqlalchemy.update": verb = "update"
            case ".insert", "sqlalchemy.insert": verb = "insert"
            case ".delete", "sqlalchemy.delete": verb = "delete"
            case ".where", ".filter":
                let conditions = try link.arguments.map { try schema.expression($0, line: link.line) }
                let all = (whereClause.map { [$0] } ?? []) + conditions
                whereClause = all.count == 1 ? all[0] : .clauseList(all, conjunction: "AND")
            case ".values":
                if link.arguments.count == 1, case .list(let many) = link.arguments[0] {
                    rows += try many.map { try valueRow($0, table: table, line: link.line) }
                } else {
                    var row = try link.arguments.first.map { try valueRow($0, table: table, line: link.line) } ?? []
                    for keyword in link.keywords {
                        row.append((keyword.name, try schema.expression(keyword.value, line: link.line, plainStringIsText: false)))
                    }
                    if rows.isEmpty { rows = [row] } else { rows[rows.count - 1] += row }
                }
            case ".inline", ".execution_options":
                continue
            case ".from_select":
                guard link.arguments.count == 2, case .object(let source) = link.arguments[1], Self.isSelect(source) else {
                    throw schema.fail(link.line, "from_select() needs column names and a select()")
                }
                let names = try schema.names(link.arguments[0], line: link.line, what: "from_select columns")
                return .insertFromSelect(table: table.name, schema: table.schema, columns: names, select: try schema.select(source))
            default:
                throw schema.fail(link.line, "\(link.kind) in a statement is not supported yet")
            }
        }
        // SQLAlchemy writes the values in the table's column order and the names
        // unqualified; a name that is not a column of the table is an error there.
        let order = table.columns.map(\.name)
        func ordered(_ row: [(String, SQLExpression)]) throws -> [(String, SQLExpression)] {
            for (name, _) in row where !order.contains(name) {
                throw schema.fail(object.line, "Unconsumed column names: \(name) (not a column of sa.table \"\(table.name)\")")
            }
            return order.compactMap { name in
                row.last(where: { $0.0 == name }).map { (name, Self.coerce($0.1, to: table.type(of: name))) }
            }
        }
        // A scalar subquery in an UPDATE or DELETE leaves the statement's table out of its FROM.
        let target = [TableName(name: table.name, schema: table.schema)]
        func correlated(_ expression: SQLExpression) throws -> SQLExpression {
            guard let done = expression.correlated(to: target) else {
                throw schema.fail(object.line, "a scalar subquery that selects only from \(table.name), the statement's own table (SQLAlchemy raises)")
            }
            return done
        }
        if verb == "update" || verb == "delete" {
            whereClause = try whereClause.map(correlated)
            rows = try rows.map { row in try row.map { ($0.0, try correlated($0.1)) } }
        }
        switch verb {
        case "update"?:
            return .update(table: table.name, schema: table.schema, values: try ordered(rows.first ?? []), whereClause: whereClause)
        case "insert"?:
            let orderedRows = try rows.map(ordered)
            guard orderedRows.count > 1 else {
                return .insert(table: table.name, schema: table.schema, values: orderedRows.first ?? [])
            }
            let columns = orderedRows[0].map(\.0)
            guard orderedRows.allSatisfy({ $0.map(\.0) == columns }) else {
                throw schema.fail(object.line, "the rows of a multi-row values() must have the same keys")
            }
            return .insertRows(table: table.name, schema: table.schema, columns: columns, rows: orderedRows.map { $0.map(\.1) })
        case "delete"?:
            return .delete(table: table.name, schema: table.schema, whereClause: whereClause)
        default:
            throw schema.fail(object.line, "a table without update(), insert() or delete() in op.execute")
        }
    }

    /// One `values()` row given as a dict, keyed by column names or `t.c.x` columns.
    func valueRow(_ value: PyValue, table: SchemaBuilder.TableObject, line: Int) throws -> [(String, SQLExpression)] {
        guard case .dict(let entries) = value else { throw schema.fail(line, "values() of a \(value.typeName) is not supported yet") }
        return try entries.map { entry in
            let key: String
            switch entry.key {
            case .string(let s): key = s
            case .method(_, let name): key = name
            case .object(let o) where o.kind == "sqlalchemy.column" || o.kind == "sqlalchemy.Column":
                key = try schema.requiredName(o.arguments.first, line: line, what: "column name")
            default: throw schema.fail(line, "a values() key of \(entry.key.typeName)")
            }
            return (key, try schema.expression(entry.value, line: line, plainStringIsText: false))
        }
    }

    /// A literal as the column's type writes it: SQLAlchemy's Boolean writes 0/1 as
    /// false/true, its Integer writes True/False as 1/0.
    static func coerce(_ expression: SQLExpression, to type: SQLType?) -> SQLExpression {
        guard let type, case .literal(let value) = expression else { return expression }
        let name = type.name.split(separator: ".").last.map(String.init) ?? type.name
        switch (value, name) {
        case (.int(let i), "Boolean"), (.int(let i), "BOOLEAN"):
            return i == 0 || i == 1 ? .literal(.bool(i == 1)) : expression
        case (.bool(let b), "Integer"), (.bool(let b), "INTEGER"), (.bool(let b), "BigInteger"), (.bool(let b), "BIGINT"),
            (.bool(let b), "SmallInteger"), (.bool(let b), "SMALLINT"):
            return .literal(.int(b ? 1 : 0))
        default:
            return expression
        }
    }

    func bulkInsert(_ b: Signature.Bound, line: Int) throws -> Operation.Kind {
        guard case .object(let tableValue)? = b["table"], SchemaBuilder.isTable(tableValue) else {
            throw schema.fail(line, "bulk_insert needs a sa.table(...)")
        }
        let table = try schema.tableObject(tableValue)
        var types: [String: SQLType] = [:]
        for column in table.columns { if let type = column.type { types[column.name] = type } }
        guard let rows = b["rows"]?.items else { throw schema.fail(line, "bulk_insert rows must be a literal list") }
        var result: [[(String, LiteralOrExpression)]] = []
        for row in rows {
            guard case .dict(let entries) = row else { throw schema.fail(line, "a bulk_insert row must be a dict") }
            var values: [(String, LiteralOrExpression)] = []
            // SQLAlchemy lists the table's columns in table order, those present in the row.
            for column in table.columns {
                guard let entry = entries.first(where: { $0.key.string == column.name }) else { continue }
                let expression = Self.coerce(try schema.expression(entry.value, line: line, plainStringIsText: false), to: column.type)
                if case .literal(let literal) = expression {
                    values.append((column.name, .literal(literal)))
                } else {
                    values.append((column.name, .expression(expression)))
                }
            }
            result.append(values)
        }
        return .bulkInsert(
            table: table.name, schema: table.schema, columns: types, rows: result,
            multiInsert: b.extra.first(where: { $0.name == "multiinsert" })?.value.truth ?? true)
    }
}
