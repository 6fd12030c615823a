extension Unsupported: Error {}

/// Turns the evaluator's recorded `op` calls into typed operations, binding arguments
/// with Alembic 1.20's signatures. A call it cannot read is reported, not skipped.
public struct OperationBuilder {
    let schema: SchemaBuilder
    let dialect: String

    public init(path: String, dialect: String) {
        schema = SchemaBuilder(path: path)
        self.dialect = dialect
    }

    /// The operations of an evaluated function, and the reasons for calls it could not type.
    public func build(_ calls: [OperationCall]) -> (operations: [Operation], unsupported: [Unsupported]) {
        var operations: [Operation] = []
        var unsupported: [Unsupported] = []
        for call in calls {
            do {
                var operation = try build(call, batchTable: nil)
                operation.inAutocommitBlock = call.inAutocommitBlock
                operations.append(operation)
            } catch let reason as Unsupported {
                unsupported.append(reason)
            } catch {
                unsupported.append(schema.fail(call.line, "\(error)"))
            }
        }
        return (operations, unsupported)
    }

    /// Signatures of the `op` methods; in a batch the table argument is implied.
    static func signature(_ name: String, batch: Bool) -> Signature? {
        let table = batch ? [] : ["table_name"]
        switch name {
        case "create_table": return Signature(["table_name"], variadic: "columns")
        case "drop_table": return Signature(["table_name"])
        case "rename_table": return Signature(["old_table_name", "new_table_name"])
        case "add_column": return Signature(table + ["column"])
        case "drop_column": return Signature(table + ["column_name"])
        case "alter_column": return Signature(table + ["column_name"])
        case "create_index": return Signature(["index_name"] + table + ["columns"])
        case "drop_index": return Signature(["index_name", "table_name"])
        case "create_unique_constraint": return Signature(["constraint_name"] + table + ["columns"])
        case "create_check_constraint": return Signature(["constraint_name"] + table + ["condition"])
        case "create_foreign_key":
            return Signature(["constraint_name"] + (batch ? [] : ["source_table"]) + ["referent_table", "local_cols", "remote_cols"])
        case "create_primary_key": return Signature(["constraint_name"] + table + ["columns"])
        case "drop_constraint": return Signature(["constraint_name"] + table + ["type_"])
        case "create_table_comment": return Signature(table + ["comment"])
        case "drop_table_comment": return Signature(table)
        case "execute": return Signature(["sqltext"])
        case "bulk_insert": return Signature(["table", "rows"])
        case "type_create", "type_drop": return Signature(["type"])
        case "batch_alter_table": return Signature(["table_name", "schema", "recreate", "partial_reordering", "copy_from", "table_args", "table_kwargs", "reflect_args", "reflect_kwargs", "naming_convention"])
        default: return nil
        }
    }

    func build(_ call: OperationCall, batchTable: (name: String, schema: String?)?) throws -> Operation {
        let line = call.line
        guard let signature = Self.signature(call.name, batch: batchTable != nil),
            let b = signature.bind(call.arguments, call.keywords)
        else {
            throw schema.fail(line, "op.\(call.name)() with these arguments is not supported")
        }
        func table() throws -> String {
            if let batchTable { return batchTable.name }
            return try schema.requiredName(b["table_name"], line: line, what: "table name")
        }
        let tableSchema = batchTable?.schema ?? b.string("schema")
        let kind: Operation.Kind
        switch call.name {
        case "create_table":
            var spec = TableSpec(name: try table())
            spec.schema = b.string("schema")
            spec.comment = b.string("comment")
            spec.ifNotExists = b.bool("if_not_exists") ?? false
            spec.prefixes = b["prefixes"]?.items?.compactMap(\.string) ?? []
            for element in b.rest {
                guard case .object(let o) = element else { throw schema.fail(line, "a \(element.typeName) in create_table") }
                switch o.kind {
                case "sqlalchemy.Column": spec.columns.append(try schema.column(element, line: line))
                case "sqlalchemy.Index":
                    let ib = try schema.bind(o, Signature(["name"], variadic: "expressions"))
                    var index = IndexSpec(
                        name: try schema.name(ib["name"], line: o.line, what: "index name"), table: spec.name,
                        schema: spec.schema, elements: try schema.indexElements(.list(ib.rest), line: o.line))
                    index.unique = ib.bool("unique") ?? false
                    index.options = try schema.indexOptions(ib.extra, line: o.line)
                    spec.indexes.append(index)
                default: spec.constraints.append(try schema.constraint(element, line: line))
                }
            }
            try checkDialectOptions(b.extra.filter { !["comment", "schema", "prefixes", "info", "keep_existing", "extend_existing"].contains($0.name) }, line: line)
            kind = .createTable(spec)
        case "drop_table":
            kind = .dropTable(name: try table(), schema: tableSchema, ifExists: b.bool("if_exists") ?? false)
        case "rename_table":
            kind = .renameTable(
                old: try schema.requiredName(b["old_table_name"], line: line, what: "table name"),
                new: try schema.requiredName(b["new_table_name"], line: line, what: "new table name"), schema: tableSchema)
        case "add_column":
            kind = .addColumn(
                table: try table(), schema: tableSchema, column: try schema.column(b["column"] ?? .none, line: line),
                ifNotExists: b.bool("if_not_exists") ?? false)
        case "drop_column":
            kind = .dropColumn(
                table: try table(), schema: tableSchema,
                column: try schema.requiredName(b["column_name"], line: line, what: "column name"),
                ifExists: b.bool("if_exists") ?? false)
        case "alter_column":
            var alter = AlterColumn(
                table: try table(), schema: tableSchema,
                column: try schema.requiredName(b["column_name"], line: line, what: "column name"))
            alter.nullable = b.bool("nullable")
            if let value = b["server_default"] {
                if case .bool(false) = value {
                    // False means "not given" in Alembic's signature.
                } else {
                    alter.serverDefault = .some(schema.isNone(value) ? nil : try schema.serverDefault(value, line: line))
                }
            }
            alter.newName = b.string("new_column_name")
            if let t = b["type_"], !schema.isNone(t) { alter.type = try schema.type(t, line: line) }
            if let value = b["comment"] {
                if case .bool(false) = value {} else { alter.comment = .some(value.string) }
            }
            if let t = b["existing_type"], !schema.isNone(t) { alter.existingType = try schema.type(t, line: line) }
            alter.existingNullable = b.bool("existing_nullable")
            if let value = b["existing_server_default"], !schema.isNone(value) {
                if case .bool(false) = value {} else { alter.existingServerDefault = try schema.serverDefault(value, line: line) }
            }
            alter.existingComment = b.string("existing_comment")
            alter.postgresqlUsing = b.extra.first(where: { $0.name == "postgresql_using" })?.value.string
            kind = .alterColumn(alter)
        case "create_index":
            var index = IndexSpec(
                name: try schema.name(b["index_name"], line: line, what: "index name"), table: try table(), schema: tableSchema,
                elements: try schema.indexElements(b["columns"], line: line))
            index.unique = b.bool("unique") ?? false
            index.ifNotExists = b.bool("if_not_exists") ?? false
            index.options = try schema.indexOptions(b.extra.filter { $0.name != "schema" }, line: line)
            kind = .createIndex(index)
        case "drop_index":
            kind = .dropIndex(
                name: try schema.requiredName(b["index_name"], line: line, what: "index name"),
                table: try batchTable?.name ?? schema.name(b["table_name"], line: line, what: "table name"), schema: tableSchema,
                ifExists: b.bool("if_exists") ?? false,
                options: try schema.indexOptions(b.extra.filter { $0.name != "schema" }, line: line))
        case "create_unique_constraint", "create_primary_key":
            var spec = ConstraintSpec(
                name: try schema.name(b["constraint_name"], line: line, what: "constraint name"),
                kind: call.name == "create_primary_key"
                    ? .primaryKey(columns: try schema.names(b["columns"], line: line, what: "columns"))
                    : .unique(columns: try schema.names(b["columns"], line: line, what: "columns")))
            spec.deferrable = b.extra.first(where: { $0.name == "deferrable" })?.value.truth
            spec.initially = b.extra.first(where: { $0.name == "initially" })?.value.string
            kind = .addConstraint(table: try table(), schema: tableSchema, spec)
        case "create_check_constraint":
            let spec = ConstraintSpec(
                name: try schema.name(b["constraint_name"], line: line, what: "constraint name"),
                kind: .check(try schema.expression(b["condition"] ?? .none, line: line)))
            kind = .addConstraint(table: try table(), schema: tableSchema, spec)
        case "create_foreign_key":
            let extra = Dictionary(b.extra.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            let source = try batchTable?.name ?? schema.requiredName(b["source_table"], line: line, what: "source table")
            let fk = ForeignKeySpec(
                name: try schema.name(b["constraint_name"], line: line, what: "constraint name"),
                columns: try schema.names(b["local_cols"], line: line, what: "local columns"),
                referredSchema: extra["referent_schema"]?.string,
                referredTable: try schema.requiredName(b["referent_table"], line: line, what: "referent table"),
                referredColumns: try schema.names(b["remote_cols"], line: line, what: "remote columns"),
                onDelete: extra["ondelete"]?.string, onUpdate: extra["onupdate"]?.string,
                deferrable: extra["deferrable"]?.truth, initially: extra["initially"]?.string, match: extra["match"]?.string)
            kind = .addConstraint(
                table: source, schema: batchTable?.schema ?? extra["source_schema"]?.string,
                ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
        case "drop_constraint":
            kind = .dropConstraint(
                name: try schema.requiredName(b["constraint_name"], line: line, what: "constraint name"), table: try table(),
                schema: tableSchema, type: b.string("type_"),
                ifExists: b.extra.first(where: { $0.name == "if_exists" })?.value.truth ?? false)
        case "create_table_comment":
            guard let comment = b.string("comment") else { throw schema.fail(line, "create_table_comment needs a comment") }
            kind = .createTableComment(table: try table(), schema: tableSchema, comment: comment)
        case "drop_table_comment":
            kind = .dropTableComment(table: try table(), schema: tableSchema)
        case "execute":
            kind = .execute(try statement(b["sqltext"] ?? .none, line: line))
        case "bulk_insert":
            kind = try bulkInsert(b, line: line)
        case "type_create", "type_drop":
            guard case .object(let o)? = b["type"] else { throw schema.fail(line, "a type to create") }
            let type = try schema.type(o)
            kind = call.name == "type_create" ? .createType(type) : .dropType(type)
        case "batch_alter_table":
            let name = try schema.requiredName(b["table_name"], line: line, what: "table name")
            let batchSchema = b.string("schema")
            var operations: [Operation] = []
            for nested in call.nested {
                var operation = try build(nested, batchTable: (name, batchSchema))
                operation.inAutocommitBlock = nested.inAutocommitBlock
                operations.append(operation)
            }
            let hasCopyFrom = b["copy_from"].map { !schema.isNone($0) } ?? false
            kind = .batch(
                BatchSpec(
                    table: name, schema: batchSchema, recreate: b.string("recreate") ?? "auto", operations: operations,
                    hasCopyFrom: hasCopyFrom))
        default:
            throw schema.fail(line, "op.\(call.name)() is not supported yet")
        }
        return Operation(kind: kind, line: line)
    }

    /// Dialect options for this dialect must be ones Retort renders; others' are ignored
    /// as SQLAlchemy ignores them.
    func checkDialectOptions(_ options: [(name: String, value: PyValue)], line: Int) throws {
        for option in options where option.name.hasPrefix(dialect + "_") {
            throw schema.fail(line, "the option \(option.name) is not supported yet")
        }
    }

    /// What `op.execute` was given.
    func statement(_ value: PyValue, line: Int) throws -> SQLStatement {
        switch value {
        case .string(let s): return .text(s)
        case .object(let o) where o.kind == "sqlalchemy.text": 
            guard case .string(let s)? = o.arguments.first else { throw schema.fail(o.line, "sa.text needs a string") }
            return .text(s)
        case .object(let o):
            return try dml(o)
        default:
            throw schema.fail(line, "op.execute of a \(value.typeName) is not supported")
        }
    }

    /// `t.update().where(...).values(...)`, `t.insert().values(...)`, `t.delete().where(...)`,
    /// and `sa.update(t)`/`sa.insert(t)`/`sa.delete(t)`.
    func dml(_ object: LibraryObject) throws -> SQLStatement {
        var chain: [LibraryObject] = []
        var current: PyValue = .object(object)
        var table: LibraryObject?
        while case .object(let o) = current {
            if o.kind == "sqlalchemy.table" || o.kind == "sqlalchemy.Table" {
                table = o
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
        guard let table else { throw schema.fail(object.line, "op.execute of \(object.kind) is not supported yet") }
        let tableName = try schema.requiredName(table.arguments.first, line: table.line, what: "table name")
        let tableSchema = table.keyword("schema")?.string
        var verb: String?
        var values: [(String, SQLExpression)] = []
        var whereClause: SQLExpression?
        for link in chain.reversed() {
            switch link.kind {
            case ".update", "sqlalchemy.update": verb = "update"
            case ".insert", "sqlalchemy.insert": verb = "insert"
            case ".delete", "sqlalchemy.delete": verb = "delete"
            case ".where":
                let conditions = try link.arguments.map { try schema.expression($0, line: link.line) }
                let condition = conditions.dropFirst().reduce(conditions.first ?? .null) { .binary($0, "AND", $1) }
                whereClause = whereClause.map { .binary($0, "AND", condition) } ?? condition
            case ".values":
                if case .dict(let entries)? = link.arguments.first {
                    for entry in entries {
                        let key: String
                        switch entry.key {
                        case .string(let s): key = s
                        case .method(_, let name): key = name
                        default: throw schema.fail(link.line, "a values() key of \(entry.key.typeName)")
                        }
                        values.append((key, try schema.expression(entry.value, line: link.line, plainStringIsText: false)))
                    }
                }
                for keyword in link.keywords {
                    values.append((keyword.name, try schema.expression(keyword.value, line: link.line, plainStringIsText: false)))
                }
            default:
                throw schema.fail(link.line, "\(link.kind) in a statement is not supported yet")
            }
        }
        switch verb {
        case "update"?: return .update(table: tableName, schema: tableSchema, values: values, whereClause: whereClause)
        case "insert"?: return .insert(table: tableName, schema: tableSchema, values: values)
        case "delete"?: return .delete(table: tableName, schema: tableSchema, whereClause: whereClause)
        default: throw schema.fail(object.line, "a table without update(), insert() or delete() in op.execute")
        }
    }

    func bulkInsert(_ b: Signature.Bound, line: Int) throws -> Operation.Kind {
        guard case .object(let table)? = b["table"], table.kind == "sqlalchemy.table" || table.kind == "sqlalchemy.Table" else {
            throw schema.fail(line, "bulk_insert needs a sa.table(...)")
        }
        let name = try schema.requiredName(table.arguments.first, line: table.line, what: "table name")
        var columns: [String: SQLType] = [:]
        var order: [String] = []
        for argument in table.arguments.dropFirst() {
            guard case .object(let c) = argument, c.kind == "sqlalchemy.column" || c.kind == "sqlalchemy.Column" else { continue }
            let columnName = try schema.requiredName(c.arguments.first, line: c.line, what: "column name")
            order.append(columnName)
            if c.arguments.count > 1 { columns[columnName] = try schema.type(c.arguments[1], line: c.line) }
        }
        guard let rows = b["rows"]?.items else { throw schema.fail(line, "bulk_insert rows must be a literal list") }
        var result: [[(String, LiteralOrExpression)]] = []
        for row in rows {
            guard case .dict(let entries) = row else { throw schema.fail(line, "a bulk_insert row must be a dict") }
            var values: [(String, LiteralOrExpression)] = []
            // SQLAlchemy lists the table's columns in table order, those present in the row.
            for column in order {
                guard let entry = entries.first(where: { $0.key.string == column }) else { continue }
                if case .object = entry.value {
                    values.append((column, .expression(try schema.expression(entry.value, line: line, plainStringIsText: false))))
                } else {
                    values.append((column, .literal(try schema.literal(entry.value, line: line))))
                }
            }
            result.append(values)
        }
        return .bulkInsert(
            table: name, schema: table.keyword("schema")?.string, columns: columns, rows: result,
            multiInsert: b.extra.first(where: { $0.name == "multiinsert" })?.value.truth ?? true)
    }
}
