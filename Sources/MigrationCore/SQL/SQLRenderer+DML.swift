/// Data statements: `op.execute` of text and Core constructs, and `op.bulk_insert`.
extension SQLRenderer {
    func statement(_ statement: SQLStatement) throws -> String {
        let d = dialect
        switch statement {
        case .text(let sql):
            return d.text(sql)
        case .expression(let expression):
            return try d.expression(expression)
        case .insert(let table, let schema, let values):
            let columns = values.map { d.quote($0.0) }.joined(separator: ", ")
            let rendered = try values.map { try d.grouped($0.1) }.joined(separator: ", ")
            return "INSERT INTO \(d.table(table, schema: schema)) (\(columns)) VALUES (\(rendered))"
        case .insertRows(let table, let schema, let columns, let rows):
            let names = columns.map(d.quote).joined(separator: ", ")
            let values = try rows.map { row in "(" + (try row.map { try d.grouped($0) }.joined(separator: ", ")) + ")" }
            return "INSERT INTO \(d.table(table, schema: schema)) (\(names)) VALUES \(values.joined(separator: ", "))"
        case .update(let table, let schema, let values, let whereClause):
            // No spaces around SET's `=`, values grouped on their own, as SQLAlchemy writes them.
            let sets = try values.map { "\(d.quote($0.0))=\(try d.grouped($0.1))" }.joined(separator: ", ")
            var text = "UPDATE \(d.table(table, schema: schema)) SET \(sets)"
            if let whereClause { text += " WHERE " + (try d.expression(whereClause)) }
            return text
        case .delete(let table, let schema, let whereClause):
            var text = "DELETE FROM \(d.table(table, schema: schema))"
            if let whereClause { text += " WHERE " + (try d.expression(whereClause)) }
            return text
        case .select(let select):
            return try self.select(select)
        case .insertFromSelect(let table, let schema, let columns, let select):
            let names = columns.map(d.quote).joined(separator: ", ")
            return "INSERT INTO \(d.table(table, schema: schema)) (\(names)) " + (try self.select(select))
        }
    }

    func select(_ select: SelectSpec) throws -> String { try dialect.selectText(select) }

    /// Offline, Alembic writes one INSERT per row whatever `multiinsert` says, naming
    /// the columns that row has.
    func bulkInsert(_ table: String, _ schema: String?, _ rows: [[(String, LiteralOrExpression)]]) throws -> [String] {
        let d = dialect
        return try rows.map { row in
            let columns = row.map { d.quote($0.0) }.joined(separator: ", ")
            let values = try row.map { value -> String in
                switch value.1 {
                case .literal(let literal): return d.literal(literal)
                case .expression(let expression): return try d.grouped(expression)
                }
            }.joined(separator: ", ")
            return "INSERT INTO \(d.table(table, schema: schema)) (\(columns)) VALUES (\(values))"
        }
    }
}

extension Dialect {
    /// `SELECT cols \nFROM t \nWHERE c ORDER BY o`, as SQLAlchemy writes it: a column
    /// that is not a plain column gets an anonymous label (`count_1`, `anon_1`; a CAST of a
    /// column is labelled with the column's name).
    func selectText(_ select: SelectSpec) throws -> String {
        let d = self
        var counters: [String: Int] = [:]
        func label(_ base: String) -> String {
            let n = counters[base, default: 1]
            counters[base] = n + 1
            return "\(base)_\(n)"
        }
        let columns = try select.columns.map { column -> String in
            let text = try d.expression(column)
            switch column {
            case .column, .schemaColumn, .text, .raw: return text
            case .cast(.column(_, let name), _), .cast(.schemaColumn(_, _, let name), _): return text + " AS " + d.quote(name)
            case .function(let name, _): return text + " AS " + label(name.lowercased())
            default: return text + " AS " + label("anon")
            }
        }
        var text = "SELECT " + columns.joined(separator: ", ")
        if !select.froms.isEmpty {
            text += " \nFROM " + select.froms.map { d.table($0.name, schema: $0.schema) }.joined(separator: ", ")
        }
        if let whereClause = select.whereClause { text += " \nWHERE " + (try d.expression(whereClause)) }
        if !select.orderBy.isEmpty { text += " ORDER BY " + (try select.orderBy.map { try d.expression($0) }.joined(separator: ", ")) }
        return text
    }
}
