/// `sa.select(...)` statements and `insert().from_select(...)`, as `op.execute` and the
/// connection send them.
extension OperationBuilder {
    /// A select built as `sa.select(columns...).where(...).order_by(...).select_from(t)`.
    func select(_ object: LibraryObject) throws -> SelectSpec {
        var chain: [LibraryObject] = []
        var current: LibraryObject? = object
        while let link = current, link.kind != "sqlalchemy.select" {
            chain.append(link)
            guard case .object(let next)? = link.receiver else {
                throw schema.fail(link.line, "\(link.kind) is not part of a select() the renderer knows")
            }
            current = next
        }
        guard let root = current else { throw schema.fail(object.line, "not a select()") }
        var arguments = root.arguments
        if arguments.count == 1, case .list(let items) = arguments[0] { arguments = items }  // select([a, b])
        var columns: [SQLExpression] = []
        for argument in arguments {
            if case .object(let table) = argument, SchemaBuilder.isTable(table) {
                let spec = try tableObject(table)
                guard !spec.columns.isEmpty else { throw schema.fail(root.line, "select() of a table without columns") }
                columns += spec.columns.map { column in
                    spec.schema.map { .schemaColumn(schema: $0, table: spec.name, name: column.name) }
                        ?? .column(table: spec.name, name: column.name)
                }
            } else {
                columns.append(try schema.expression(argument, line: root.line, plainStringIsText: true))
            }
        }
        var spec = SelectSpec(columns: columns, froms: [], whereClause: nil, orderBy: [])
        var explicit: [TableName] = []
        for link in chain.reversed() {
            switch link.kind {
            case ".where", ".filter":
                let conditions = try link.arguments.map { try schema.expression($0, line: link.line) }
                let all = (spec.whereClause.map { [$0] } ?? []) + conditions
                spec.whereClause = all.count == 1 ? all[0] : .clauseList(all, conjunction: "AND")
            case ".order_by":
                spec.orderBy += try link.arguments.map { try schema.expression($0, line: link.line) }
            case ".select_from":
                for case .object(let table) in link.arguments where SchemaBuilder.isTable(table) {
                    let t = try tableObject(table)
                    explicit.append(TableName(name: t.name, schema: t.schema))
                }
                guard link.arguments.allSatisfy({ if case .object(let t) = $0 { return SchemaBuilder.isTable(t) } else { return false } }) else {
                    throw schema.fail(link.line, "select_from() of something other than a table is not supported yet")
                }
            default:
                throw schema.fail(link.line, "\(link.kind) in a select() is not supported yet")
            }
        }
        // SQLAlchemy's FROM list: tables of the columns, of the WHERE clause, then select_from().
        var froms: [TableName] = []
        for table in columns.flatMap(Self.tables) + (spec.whereClause.map(Self.tables) ?? []) + explicit where !froms.contains(table) {
            froms.append(table)
        }
        spec.froms = froms
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
        }
    }
}
