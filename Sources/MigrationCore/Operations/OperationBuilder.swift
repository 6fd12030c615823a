extension Unsupported: Error {}

/// Turns the evaluator's recorded `op` calls into typed operations, binding arguments
/// with Alembic 1.20's signatures. A call it cannot read is reported, not skipped.
public struct OperationBuilder {
    let schema: SchemaBuilder
    let dialect: String

    public init(path: String, dialect: String) {
        schema = SchemaBuilder(path: path, dialect: dialect)
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
                operation.autocommitBlock = call.autocommitBlock
                operation.raised = call.raised
                operations.append(operation)
            } catch let error as SQLRenderError where error.exception != nil && call.raised != nil {
                // Alembic rejects the call itself, and the script catches that: nothing to do.
                continue
            } catch let reason as Unsupported {
                // What comes after a call that cannot be read is not shown as if it ran alone.
                unsupported.append(reason)
                break
            } catch {
                unsupported.append(schema.fail(call.line, "\(error)"))
                break
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
        case "create_exclude_constraint": return Signature(["constraint_name"] + table, variadic: "elements")
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
            try tableElements(b.rest, into: &spec, line: line)
            spec.options = tableOptions(b.extra)
            try checkDialectOptions(b.extra.filter { !["comment", "schema", "prefixes", "info", "keep_existing", "extend_existing"].contains($0.name) }, line: line)
            kind = .createTable(spec)
        case "drop_table":
            kind = .dropTable(name: try table(), schema: tableSchema, ifExists: b.bool("if_exists") ?? false)
        case "rename_table":
            kind = .renameTable(
                old: try schema.requiredName(b["old_table_name"], line: line, what: "table name"),
                new: try schema.requiredName(b["new_table_name"], line: line, what: "new table name"), schema: tableSchema)
        case "add_column":
            for option in ["inline_references", "inline_primary_key"] where b.bool(option) == true {
                throw schema.fail(line, "add_column(\(option)=True) is not supported yet")
            }
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
            if case .bool(let flag)? = b["autoincrement"] { alter.autoincrement = flag }
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
        case "create_exclude_constraint":
            var elements: [ExcludeElement] = []
            for element in b.rest {
                guard let pair = element.items, pair.count == 2, case .string(let op) = pair[1] else {
                    throw schema.fail(line, "an exclusion constraint element must be a (column, operator) pair")
                }
                let target: SQLExpression
                if case .string(let column) = pair[0] { target = .column(table: nil, name: column) } else { target = try schema.expression(pair[0], line: line) }
                elements.append(ExcludeElement(expression: target, op: op))
            }
            let whereClause = try b["where"].flatMap { schema.isNone($0) ? nil : try schema.expression($0, line: line) }
            var spec = ConstraintSpec(
                name: try schema.name(b["constraint_name"], line: line, what: "constraint name"),
                kind: .exclude(using: b.string("using") ?? "gist", elements: elements, whereClause: whereClause))
            spec.deferrable = b.bool("deferrable")
            spec.initially = b.string("initially")
            kind = .addConstraint(table: try table(), schema: tableSchema, spec)
        case "create_check_constraint":
            var spec = ConstraintSpec(
                name: try schema.name(b["constraint_name"], line: line, what: "constraint name"),
                kind: .check(try schema.expression(b["condition"] ?? .none, line: line)))
            spec.notValid(b.extra)
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
            var spec = ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially)
            spec.notValid(b.extra)
            kind = .addConstraint(table: source, schema: batchTable?.schema ?? extra["source_schema"]?.string, spec)
        case "drop_constraint":
            guard let name = try schema.name(b["constraint_name"], line: line, what: "constraint name") else {
                // Alembic cannot drop a constraint it cannot name.
                if dialect == "sqlite" { throw SQLRenderError(raises: "NotImplementedError", SQLRenderer.sqliteConstraintMessage) }
                let kinds = ["unique": "UniqueConstraint", "foreignkey": "ForeignKeyConstraint", "check": "CheckConstraint", "primary": "PrimaryKeyConstraint"]
                let kindName = b.string("type_").flatMap { kinds[$0] } ?? "Constraint"
                throw SQLRenderError(raises: "CompileError", "Can't emit DROP CONSTRAINT for constraint \(kindName)(); it has no name")
            }
            kind = .dropConstraint(
                name: name, table: try table(),
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
            var placements: [String: ColumnPlacement] = [:]
            for nested in call.nested {
                var operation = try build(nested, batchTable: (name, batchSchema))
                operation.inAutocommitBlock = nested.inAutocommitBlock
                operation.autocommitBlock = nested.autocommitBlock
                operations.append(operation)
                let before = nested.keyword("insert_before")?.string
                let after = nested.keyword("insert_after")?.string
                if case .addColumn(_, _, let column, _) = operation.kind, before != nil || after != nil {
                    placements[column.name] = ColumnPlacement(before: before, after: after)
                }
            }
            var copyFrom: TableSpec?
            if let value = b["copy_from"], !schema.isNone(value) {
                guard case .object(let table) = value, table.kind == "sqlalchemy.Table" else {
                    throw schema.fail(line, "copy_from must be a sa.Table(...), not \(value.typeName)")
                }
                copyFrom = try tableSpec(table)
            }
            var batch = BatchSpec(
                table: name, schema: batchSchema, recreate: b.string("recreate") ?? "auto", operations: operations,
                hasCopyFrom: copyFrom != nil)
            batch.copyFrom = copyFrom
            batch.placements = placements
            batch.unfollowedCopyOptions = ["table_args", "table_kwargs", "partial_reordering"].filter { option in
                guard let value = b[option], !schema.isNone(value) else { return false }
                return value.truth != false
            }
            kind = .batch(batch)
        default:
            throw schema.fail(line, "op.\(call.name)() is not supported yet")
        }
        return Operation(kind: kind, line: line)
    }

    /// The columns, indexes and constraints given to `op.create_table` or `sa.Table`.
    func tableElements(_ elements: [PyValue], into spec: inout TableSpec, line: Int) throws {
        for element in elements {
            guard case .object(let o) = element else { throw schema.fail(line, "a \(element.typeName) in a table definition") }
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
    }

    /// A `sa.Table(name, metadata, *elements, schema=...)`, as batch mode's `copy_from`.
    func tableSpec(_ table: LibraryObject) throws -> TableSpec {
        let b = try schema.bind(table, Signature(["name", "metadata"], variadic: "elements"))
        if case .object(let metadata)? = b["metadata"], metadata.keyword("naming_convention") != nil {
            // Its conventions would name the unnamed constraints.
            throw schema.fail(metadata.line, "a MetaData with a naming_convention is not supported yet")
        }
        var spec = TableSpec(name: try schema.requiredName(b["name"], line: table.line, what: "table name"))
        spec.schema = b.string("schema")
        spec.comment = b.string("comment")
        try tableElements(b.rest, into: &spec, line: table.line)
        spec.options = tableOptions(b.extra)
        try checkDialectOptions(b.extra.filter { !["comment", "schema", "info", "keep_existing", "extend_existing"].contains($0.name) }, line: table.line)
        return spec
    }

    /// Dialect options for this dialect must be ones Retort renders; others' are ignored
    /// as SQLAlchemy ignores them.
    func checkDialectOptions(_ options: [(name: String, value: PyValue)], line: Int) throws {
        for option in options where option.name.hasPrefix(dialect + "_") && !Self.tableOptions.contains(option.name) {
            throw schema.fail(line, "the option \(option.name) is not supported yet")
        }
    }

    /// Table options the renderer writes.
    static let tableOptions: Set<String> = ["sqlite_autoincrement"]

    /// The table options of `extra` that the renderer writes, as str() gives their values.
    func tableOptions(_ extra: [(name: String, value: PyValue)]) -> [String: String] {
        var options: [String: String] = [:]
        for (name, value) in extra where Self.tableOptions.contains(name) { options[name] = PythonFormat.str(value) }
        return options
    }
}

extension ConstraintSpec {
    /// `postgresql_not_valid=True` on `create_check_constraint` / `create_foreign_key`:
    /// PostgreSQL adds the constraint without checking the rows already there.
    mutating func notValid(_ extra: [(name: String, value: PyValue)]) {
        if let value = extra.first(where: { $0.name == "postgresql_not_valid" })?.value, value.truth == true {
            options["postgresql_not_valid"] = "True"
        }
    }
}
