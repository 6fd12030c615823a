/// `sa.select(...)` statements, as `op.execute` and the connection send them, inside
/// `insert().from_select(...)`, and as scalar subqueries (`.scalar_subquery()`).
extension SchemaBuilder {
    /// A select built as `sa.select(columns...).where(...).order_by(...).select_from(t)`.
    func select(_ object: LibraryObject) throws -> SelectSpec {
        var chain: [LibraryObject] = []
        var current: LibraryObject? = object
        while let link = current, link.kind != "sqlalchemy.select" {
            chain.append(link)
            guard case .object(let next)? = link.receiver else {
                throw fail(link.line, "\(link.kind) is not part of a select() the renderer knows")
            }
            current = next
        }
        guard let root = current else { throw fail(object.line, "not a select()") }
        var arguments = root.arguments
        if arguments.count == 1, case .list(let items) = arguments[0] { arguments = items }  // select([a, b])
        var columns: [SQLExpression] = []
        for argument in arguments {
            if case .object(let table) = argument, SchemaBuilder.isTable(table) {
                let spec = try tableObject(table)
                guard !spec.columns.isEmpty else { throw fail(root.line, "select() of a table without columns") }
                columns += spec.columns.map { column in
                    spec.schema.map { .schemaColumn(schema: $0, table: spec.name, name: column.name) }
                        ?? .column(table: spec.name, name: column.name)
                }
            } else {
                columns.append(try expression(argument, line: root.line, plainStringIsText: true))
            }
        }
        var spec = SelectSpec(columns: columns, froms: [], whereClause: nil, orderBy: [])
        var explicit: [TableName] = []
        var correlatedTables: [TableName] = []
        for link in chain.reversed() {
            switch link.kind {
            case ".where", ".filter":
                let conditions = try link.arguments.map { try expression($0, line: link.line) }
                let all = (spec.whereClause.map { [$0] } ?? []) + conditions
                spec.whereClause = all.count == 1 ? all[0] : .clauseList(all, conjunction: "AND")
            case ".order_by":
                spec.orderBy += try link.arguments.map { try expression($0, line: link.line) }
            case ".correlate":
                // Tables of the enclosing statement, left out of this one's FROM.
                for case .object(let table) in link.arguments where SchemaBuilder.isTable(table) {
                    let t = try tableObject(table)
                    correlatedTables.append(TableName(name: t.name, schema: t.schema))
                }
            case ".select_from":
                for case .object(let table) in link.arguments where SchemaBuilder.isTable(table) {
                    let t = try tableObject(table)
                    explicit.append(TableName(name: t.name, schema: t.schema))
                }
                guard link.arguments.allSatisfy({ if case .object(let t) = $0 { return SchemaBuilder.isTable(t) } else { return false } }) else {
                    throw fail(link.line, "select_from() of something other than a table is not supported yet")
                }
            default:
                throw fail(link.line, "\(link.kind) in a select() is not supported yet")
            }
        }
        // SQLAlchemy's FROM list: tables of the columns, of the WHERE clause, then select_from().
        var froms: [TableName] = []
        for table in columns.flatMap(Self.tables) + (spec.whereClause.map(Self.tables) ?? []) + explicit where !froms.contains(table) {
            froms.append(table)
        }
        spec.froms = froms.filter { !correlatedTables.contains($0) }
        if let whereClause = spec.whereClause {
            guard let correlated = whereClause.correlated(to: spec.froms) else {
                throw fail(object.line, "a scalar subquery whose tables are all the select's own (SQLAlchemy raises)")
            }
            spec.whereClause = correlated
        }
        return spec
    }

    /// The tables an expression's columns name, in order.
    static func tables(_ expression: SQLExpression) -> [TableName] {
        switch expression {
        case .column(let table?, _): return [TableName(name: table, schema: nil)]
        case .schemaColumn(let schema, let table, _): return [TableName(name: table, schema: schema)]
        case .binary(let left, _, let right): return tables(left) + tables(right)
        case .clauseList(let items, _), .list(let items), .function(_, let items): return items.flatMap(tables)
        case .unary(_, let operand), .postfix(let operand, _), .cast(let operand, _): return tables(operand)
        case .caseWhen(let whens, let thens, let otherwise): return (whens + thens + (otherwise.map { [$0] } ?? [])).flatMap(tables)
        case .boundText(_, let binds): return binds.sorted { $0.key < $1.key }.flatMap { tables($0.value) }
        case .column(nil, _), .text, .raw, .literal, .null: return []
        case .scalarSelect: return []  // its tables are its own FROM's
        }
    }
}

extension SQLExpression {
    /// The expression with each scalar subquery's FROM list leaving out `enclosing`, the
    /// tables of the statement it sits in (SQLAlchemy's auto-correlation); nil when a
    /// subquery would be left with no FROM at all (SQLAlchemy raises there).
    func correlated(to enclosing: [TableName]) -> SQLExpression? {
        func each(_ items: [SQLExpression]) -> [SQLExpression]? {
            var result: [SQLExpression] = []
            for item in items {
                guard let done = item.correlated(to: enclosing) else { return nil }
                result.append(done)
            }
            return result
        }
        switch self {
        case .scalarSelect(var select):
            let kept = select.froms.filter { !enclosing.contains($0) }
            guard !kept.isEmpty else { return nil }
            select.froms = kept
            return .scalarSelect(select)
        case .binary(let left, let op, let right):
            guard let l = left.correlated(to: enclosing), let r = right.correlated(to: enclosing) else { return nil }
            return .binary(l, op, r)
        case .clauseList(let items, let conjunction): return each(items).map { .clauseList($0, conjunction: conjunction) }
        case .list(let items): return each(items).map { .list($0) }
        case .function(let name, let arguments): return each(arguments).map { .function(name: name, arguments: $0) }
        case .unary(let op, let operand): return operand.correlated(to: enclosing).map { .unary(op, $0) }
        case .postfix(let operand, let modifier): return operand.correlated(to: enclosing).map { .postfix($0, modifier) }
        case .cast(let operand, let type): return operand.correlated(to: enclosing).map { .cast($0, type) }
        case .caseWhen(let whens, let thens, let otherwise):
            guard let w = each(whens), let t = each(thens) else { return nil }
            guard let otherwise else { return .caseWhen(whens: w, thens: t, otherwise: nil) }
            return otherwise.correlated(to: enclosing).map { .caseWhen(whens: w, thens: t, otherwise: $0) }
        case .boundText(let sql, let binds):
            var done: [String: SQLExpression] = [:]
            for (key, value) in binds {
                guard let c = value.correlated(to: enclosing) else { return nil }
                done[key] = c
            }
            return .boundText(sql, binds: done)
        case .column, .schemaColumn, .text, .raw, .literal, .null:
            return self
        }
    }
}

/// The tables of `sa.table(...)` and `sa.Table(...)` that statements name.
extension SchemaBuilder {
    /// A `sa.table(name, sa.column(...), ...)` or `sa.Table(name, metadata, sa.Column(...), ...)`:
    /// its name, schema and columns in order, with their types where given.
    struct TableObject {
        var name: String
        var schema: String?
        var columns: [(name: String, type: SQLType?)]

        func type(of column: String) -> SQLType? { columns.first { $0.name == column }?.type ?? nil }
    }

    func tableObject(_ object: LibraryObject) throws -> TableObject {
        let name = try requiredName(object.arguments.first, line: object.line, what: "table name")
        var columns: [(name: String, type: SQLType?)] = []
        for argument in object.arguments.dropFirst() {
            guard case .object(let c) = argument else { continue }
            switch c.kind {
            case "sqlalchemy.column":
                let columnName = try requiredName(c.arguments.first, line: c.line, what: "column name")
                let given: PyValue? = c.arguments.count > 1 ? c.arguments[1] : c.keyword("type_")
                columns.append((columnName, try given.map { try self.type($0, line: c.line) }))
            case "sqlalchemy.Column":
                let column = try self.column(argument, line: c.line)
                columns.append((column.name, column.type))
            default:
                continue  // MetaData, constraints
            }
        }
        return TableObject(name: name, schema: object.keyword("schema")?.string, columns: columns)
    }
}
