/// Reads SQLAlchemy objects recorded by the evaluator (`sa.Column(...)`, `sa.String(50)`,
/// `sa.ForeignKey(...)`...) into the typed schema model, with SQLAlchemy's argument rules.
/// Anything it does not know is an `Unsupported` naming the construct and its line.
struct SchemaBuilder {
    let path: String
    /// The dialect being written (`sqlite`, `postgresql`), whose options must be ones the
    /// renderer follows; empty when reading without one.
    var dialect = ""

    /// Refuses options of the dialect being written that the renderer does not follow:
    /// ignoring them would give different SQL without saying so.
    func checkOptions(_ options: [(name: String, value: PyValue)], known: Set<String>, on what: String, line: Int) throws {
        for option in options where !dialect.isEmpty && option.name.hasPrefix(dialect + "_") && !known.contains(option.name) {
            if case .none = option.value { continue }
            throw fail(line, "the option \(option.name) of \(what) is not supported yet")
        }
    }

    func fail(_ line: Int, _ reason: String) -> Unsupported { Unsupported(path: path, line: line, reason: reason) }

    /// Arguments of a library object bound to `signature`.
    func bind(_ object: LibraryObject, _ signature: Signature) throws -> Signature.Bound {
        guard let bound = signature.bind(object.arguments, object.keywords) else {
            throw fail(object.line, "too many arguments to \(object.kind)")
        }
        return bound
    }

    // MARK: Names

    /// A name argument: a string, or `op.f("name")`.
    func name(_ value: PyValue?, line: Int, what: String) throws -> String? {
        switch value {
        case nil, .none?: return nil
        case .string(let s)?: return s
        case .object(let o)? where o.kind == "op.f" || o.kind == "sqlalchemy.sql.elements.conv" || o.kind == "sqlalchemy.conv":
            return try name(o.arguments.first, line: line, what: what)
        default: throw fail(line, "\(what) must be a string, not \(value!.typeName)")
        }
    }

    func requiredName(_ value: PyValue?, line: Int, what: String) throws -> String {
        guard let result = try name(value, line: line, what: what) else { throw fail(line, "\(what) is missing") }
        return result
    }

    /// A list of column names (a list/tuple of strings, or one string).
    func names(_ value: PyValue?, line: Int, what: String) throws -> [String] {
        switch value {
        case nil, .none?: return []
        case .string(let s)?: return [s]
        case .list(let items)?, .tuple(let items)?: return try items.map { try columnName($0, line: line, what: what) }
        default: throw fail(line, "\(what) must be a list of column names, not \(value!.typeName)")
        }
    }

    /// A column name, or a `sa.column("x")`/`sa.Column("x")` used for its name.
    func columnName(_ value: PyValue, line: Int, what: String) throws -> String {
        switch value {
        case .string(let s): return s
        case .object(let o) where o.kind == "sqlalchemy.column" || o.kind == "sqlalchemy.Column":
            return try requiredName(o.arguments.first ?? o.keyword("name"), line: line, what: what)
        default: throw fail(line, "\(what) must name a column, not \(value.typeName)")
        }
    }

    // MARK: Types

    static let stringLike: Set<String> = [
        "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "TEXT", "CLOB",
        "postgresql.VARCHAR", "postgresql.CHAR", "postgresql.TEXT", "sqlite.VARCHAR", "sqlite.CHAR", "sqlite.TEXT",
        "postgresql.CITEXT",
    ]
    static let numericLike: Set<String> = ["Numeric", "NUMERIC", "DECIMAL", "postgresql.NUMERIC", "sqlite.NUMERIC", "sqlite.DECIMAL"]
    static let floatLike: Set<String> = ["Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION", "postgresql.DOUBLE_PRECISION", "postgresql.REAL", "postgresql.FLOAT", "sqlite.FLOAT", "sqlite.REAL"]
    static let timezoned: Set<String> = [
        "DateTime", "Time", "TIMESTAMP", "DATETIME", "TIME", "postgresql.TIMESTAMP", "postgresql.TIME", "sqlite.DATETIME",
        "sqlite.TIME",
    ]
    static let plain: Set<String> = [
        "Integer", "BigInteger", "SmallInteger", "Boolean", "Date", "Interval", "LargeBinary", "JSON", "Uuid", "UUID",
        "INTEGER", "INT", "BIGINT", "SMALLINT", "BOOLEAN", "DATE", "BLOB", "BINARY", "VARBINARY", "PickleType",
        "postgresql.JSONB", "postgresql.JSON", "postgresql.UUID", "postgresql.INET", "postgresql.CIDR", "postgresql.MACADDR",
        "postgresql.TSVECTOR", "postgresql.BYTEA", "postgresql.INTEGER", "postgresql.BIGINT", "postgresql.SMALLINT",
        "postgresql.BOOLEAN", "postgresql.DATE", "postgresql.HSTORE", "postgresql.MONEY", "postgresql.OID",
        "postgresql.INTERVAL", "postgresql.BIT", "sqlite.JSON", "sqlite.INTEGER", "sqlite.BOOLEAN", "sqlite.DATE",
        "sqlite.BLOB", "sqlite.SMALLINT", "sqlite.BIGINT", "Enum", "postgresql.ENUM", "ARRAY", "postgresql.ARRAY", "TypeDecorator",
        "postgresql.MACADDR8", "postgresql.TSQUERY", "postgresql.REGCLASS", "postgresql.CITEXT", "postgresql.INT4RANGE",
        "postgresql.INT8RANGE", "postgresql.NUMRANGE", "postgresql.DATERANGE", "postgresql.TSRANGE", "postgresql.TSTZRANGE",
        "postgresql.INT4MULTIRANGE", "postgresql.INT8MULTIRANGE", "postgresql.NUMMULTIRANGE", "postgresql.DATEMULTIRANGE",
        "postgresql.TSMULTIRANGE", "postgresql.TSTZMULTIRANGE",
    ]

    /// Types whose class has no `__init__` of its own: calling them with arguments is a TypeError.
    static let takesNoArguments: Set<String> = [
        "Integer", "BigInteger", "SmallInteger", "Date", "INTEGER", "INT", "BIGINT", "SMALLINT", "DATE", "postgresql.INTEGER",
        "postgresql.BIGINT", "postgresql.SMALLINT", "postgresql.DATE", "sqlite.INTEGER", "sqlite.SMALLINT", "sqlite.BIGINT",
        "sqlite.DATE",
    ]

    /// Whether `name` is a type class this builder reads.
    static func isType(_ name: String) -> Bool {
        let short = name.hasPrefix("sqlalchemy.") ? String(name.dropFirst(11)) : name
        return stringLike.contains(short) || numericLike.contains(short) || floatLike.contains(short)
            || timezoned.contains(short) || plain.contains(short)
    }

    /// A type written as a class (`sa.Integer`) or an instance (`sa.String(50)`), with
    /// `.with_variant(...)` applied.
    func type(_ value: PyValue, line: Int) throws -> SQLType {
        switch value {
        case .reference(let name):
            guard Self.isType(name) else { throw fail(line, "\(name) is not a type Retort knows") }
            return try type(LibraryObject(kind: name, line: line))
        case .object(let object):
            if object.kind == ".with_variant", case .object(let base)? = object.receiver {
                var result = try type(.object(base), line: line)
                guard let variant = object.arguments.first ?? object.keyword("type_") else {
                    throw fail(line, "with_variant needs a type")
                }
                let names = object.arguments.dropFirst() + (object.keyword("dialect_names").map { [$0] } ?? [])
                // Only the variants for the dialects Retort writes matter (and are read).
                let dialects = names.flatMap { $0.items ?? [$0] }.compactMap(\.string).filter { $0 == "sqlite" || $0 == "postgresql" }
                if !dialects.isEmpty {
                    let variantType = try type(variant, line: line)
                    for dialect in dialects { result.variants[dialect] = [variantType] }
                }
                return result
            }
            if object.kind == Evaluator.compiledAsKind, let text = object.arguments.first?.string {
                var type = SQLType(name: "CompiledAs")
                type.fields = text
                if case .reference(let base)? = object.keyword("base") {
                    type.subclassOf = base.hasPrefix("sqlalchemy.") ? String(base.dropFirst(11)) : base
                }
                return type
            }
            if object.kind == Evaluator.visitTypeKind {
                throw fail(line, "not supported yet: the type class \(object.arguments.first?.string ?? ""), used uncalled")
            }
            if object.kind == Evaluator.typeDecoratorKind {
                // The class itself (`sa.Column("x", GUID)`): SQLAlchemy makes an instance
                // with no arguments, whose DDL is its impl's.
                let name = object.arguments.first?.string ?? "TypeDecorator"
                guard object.keyword("load_dialect_impl") == nil, let impl = object.keyword("impl") else {
                    throw fail(line, "not supported yet: the class \(name), whose load_dialect_impl decides its type, used uncalled")
                }
                return try type(impl, line: line)
            }
            return try type(object)
        default:
            throw fail(line, "a \(value.typeName) where a type was expected")
        }
    }

    func type(_ object: LibraryObject) throws -> SQLType {
        let full = object.kind
        let short = full.hasPrefix("sqlalchemy.") ? String(full.dropFirst(11)) : full
        guard Self.isType(full), short != "TypeDecorator" else {
            throw fail(object.line, "the type \(full) is not supported yet")
        }
        var type = SQLType(name: short)
        if Self.stringLike.contains(short) {
            let bound = try bind(object, Signature(["length", "collation"]))
            type.length = bound.int("length")
            type.collation = bound.string("collation")
        } else if Self.numericLike.contains(short) {
            let bound = try bind(object, Signature(["precision", "scale", "decimal_return_scale", "asdecimal"]))
            type.precision = bound.int("precision")
            type.scale = bound.int("scale")
        } else if Self.floatLike.contains(short) {
            let bound = try bind(object, Signature(["precision", "asdecimal", "decimal_return_scale"]))
            type.precision = bound.int("precision")
        } else if Self.timezoned.contains(short) {
            let bound = try bind(object, Signature(["timezone", "precision"]))
            type.timezone = bound.bool("timezone") ?? false
            type.precision = bound.int("precision")
        } else if short == "Enum" || short == "postgresql.ENUM" {
            let bound = try bind(object, Signature([], variadic: "enums"))
            for value in bound.rest {
                switch value {
                case .string(let s): type.enumValues.append(s)
                case .list(let items), .tuple(let items):
                    type.enumValues += items.compactMap(\.string)
                    if items.contains(where: { $0.string == nil }) { throw fail(object.line, "enum values must be strings") }
                case .object(let enumClass) where enumClass.kind == Evaluator.enumClassKind:
                    // SQLAlchemy stores a Python enum by member name, and names the type
                    // after the class.
                    guard bound["values_callable"] == nil else {
                        throw fail(object.line, "Enum(values_callable=...) is not supported yet")
                    }
                    type.enumValues += enumClass.keywords.map(\.name)
                    type.enumName = enumClass.arguments.first?.string?.lowercased()
                default: throw fail(object.line, "enum values from a \(value.typeName) are not supported")
                }
            }
            type.enumName = bound.string("name") ?? type.enumName
            type.enumSchema = bound.string("schema")
            type.nativeEnum = bound.bool("native_enum") ?? true
            type.createConstraint = bound.bool("create_constraint") ?? false
            type.createType = bound.bool("create_type") ?? true
            type.length = bound.int("length")
        } else if short == "ARRAY" || short == "postgresql.ARRAY" {
            let bound = try bind(object, Signature(["item_type", "as_tuple", "dimensions", "zero_indexes"]))
            guard let item = bound["item_type"] else { throw fail(object.line, "ARRAY needs an item type") }
            type.itemType = [try self.type(item, line: object.line)]
            type.dimensions = bound.int("dimensions")
        } else if short == "postgresql.INTERVAL" {
            let bound = try bind(object, Signature(["precision", "fields"]))
            type.precision = bound.int("precision")
            type.fields = bound.string("fields")
        } else if short == "postgresql.BIT" {
            let bound = try bind(object, Signature(["length", "varying"]))
            type.length = bound.int("length")
            type.varying = bound.bool("varying") ?? false
        } else if short == "LargeBinary" || short == "BINARY" || short == "VARBINARY" {
            let bound = try bind(object, Signature(["length"]))
            type.length = bound.int("length")
        } else if short == "Boolean" {
            let bound = try bind(object, Signature(["create_constraint", "name"]))
            type.createConstraint = bound.bool("create_constraint") ?? false
            type.enumName = bound.string("name")
        } else if short == "Interval" {
            _ = try bind(object, Signature(["native", "second_precision", "day_precision"]))
        } else if Self.takesNoArguments.contains(short), !(object.arguments.isEmpty && object.keywords.isEmpty) {
            // Python refuses the call before Alembic writes anything.
            throw SQLRenderError(raises: "TypeError", "\(short.split(separator: ".").last ?? "")() takes no arguments")
        } else {
            // JSON, UUID and the like: their arguments do not change the DDL.
            _ = object
        }
        return type
    }

    // MARK: Columns and constraints

    static let columnSignature = Signature([], variadic: "args")

    func column(_ value: PyValue, line: Int) throws -> ColumnSpec {
        guard case .object(let object) = value, object.kind == "sqlalchemy.Column" else {
            throw fail(line, "expected sa.Column(...), found \(value.typeName)")
        }
        let bound = try bind(object, Self.columnSignature)
        var rest = bound.rest[...]
        var columnName = bound.string("name")
        if columnName == nil, case .string(let s)? = rest.first {
            columnName = s
            rest = rest.dropFirst()
        }
        guard let columnName else { throw fail(object.line, "a Column without a name") }
        var column = ColumnSpec(name: columnName)
        if let t = bound["type_"] {
            column.type = try type(t, line: object.line)
        }
        for argument in rest {
            switch argument {
            case .object(let o) where o.kind == "sqlalchemy.ForeignKey":
                column.foreignKeys.append(try foreignKey(o, columns: [columnName]))
            case .object(let o) where o.kind == "sqlalchemy.CheckConstraint":
                column.checks.append(try constraint(.object(o), line: o.line))
            case .object(let o) where o.kind == "sqlalchemy.Computed":
                let b = try bind(o, Signature(["sqltext", "persisted"]))
                column.computed = ComputedSpec(sql: try expression(b["sqltext"] ?? .none, line: o.line), persisted: b.bool("persisted"))
            case .object(let o) where o.kind == "sqlalchemy.Identity":
                column.identity = try identity(o)
            case .object(let o) where o.kind == "sqlalchemy.Sequence":
                column.hasSequence = true  // created on its own; it adds nothing to the column's DDL
            default:
                guard column.type == nil else { throw fail(object.line, "Column argument \(argument.typeName) is not supported") }
                column.type = try type(argument, line: object.line)
            }
        }
        column.nullable = bound.bool("nullable")
        column.primaryKey = bound.bool("primary_key") ?? false
        if case .string("auto")? = bound["autoincrement"] {
            column.autoincrement = nil
        } else {
            column.autoincrement = bound.bool("autoincrement")
        }
        if let value = bound["server_default"], !isNone(value) {
            column.serverDefault = try serverDefault(value, line: object.line)
        }
        if let value = bound["default"], !isNone(value) { column.hasPythonDefault = true }
        column.comment = bound.string("comment")
        column.unique = bound.bool("unique")
        column.index = bound.bool("index")
        if case .bool(true)? = bound["quote"] { throw fail(object.line, "Column(quote=True) is not supported yet") }
        try checkOptions(bound.extra, known: [], on: "Column", line: object.line)
        return column
    }

    func isNone(_ value: PyValue) -> Bool {
        if case .none = value { return true }
        return false
    }

    func identity(_ o: LibraryObject) throws -> IdentitySpec {
        let b = try bind(o, Signature(["always", "on_null", "start", "increment", "minvalue", "maxvalue", "nominvalue", "nomaxvalue", "cycle", "cache", "order"]))
        var spec = IdentitySpec()
        spec.always = b.bool("always") ?? false
        spec.onNull = b.bool("on_null")
        spec.start = b.int("start")
        spec.increment = b.int("increment")
        spec.minValue = b.int("minvalue")
        spec.maxValue = b.int("maxvalue")
        spec.cycle = b.bool("cycle")
        spec.cache = b.int("cache")
        return spec
    }

    /// `sa.ForeignKey("schema.table.col", ...)`.
    func foreignKey(_ o: LibraryObject, columns: [String]) throws -> ForeignKeySpec {
        let b = try bind(o, Signature(["column", "_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable", "initially", "link_to_name", "match"]))
        let target = try targetColumn(b["column"], line: o.line)
        return ForeignKeySpec(
            name: try name(b["name"], line: o.line, what: "constraint name"), columns: columns, referredSchema: target.schema,
            referredTable: target.table, referredColumns: [target.column], onDelete: b.string("ondelete"),
            onUpdate: b.string("onupdate"), deferrable: b.bool("deferrable"), initially: b.string("initially"),
            match: b.string("match"))
    }

    func targetColumn(_ value: PyValue?, line: Int) throws -> (schema: String?, table: String, column: String) {
        guard let text = value?.string else { throw fail(line, "a ForeignKey target must be a 'table.column' string") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw fail(line, "a ForeignKey target must be 'table.column', not '\(text)'") }
        let column = parts[parts.count - 1]
        let table = parts[parts.count - 2]
        let schema = parts.count > 2 ? parts[0..<(parts.count - 2)].joined(separator: ".") : nil
        return (schema, table, column)
    }

    /// A table-level constraint object.
    func constraint(_ value: PyValue, line: Int) throws -> ConstraintSpec {
        guard case .object(let o) = value else { throw fail(line, "expected a constraint, found \(value.typeName)") }
        switch o.kind {
        case "sqlalchemy.PrimaryKeyConstraint", "sqlalchemy.UniqueConstraint":
            let b = try bind(o, Signature([], variadic: "columns"))
            let columns = try b.rest.map { try columnName($0, line: o.line, what: "constraint column") }
            var spec = ConstraintSpec(
                name: try name(b["name"], line: o.line, what: "constraint name"),
                kind: o.kind == "sqlalchemy.PrimaryKeyConstraint" ? .primaryKey(columns: columns) : .unique(columns: columns))
            spec.deferrable = b.bool("deferrable")
            spec.initially = b.string("initially")
            try checkOptions(b.extra, known: ["postgresql_nulls_not_distinct"], on: o.kind, line: o.line)
            for (key, v) in b.extra { if let s = PythonFormat.str(v) { spec.options[key] = s } }
            return spec
        case "sqlalchemy.CheckConstraint":
            let b = try bind(o, Signature(["sqltext", "name", "deferrable", "initially"]))
            var spec = ConstraintSpec(
                name: try name(b["name"], line: o.line, what: "constraint name"),
                kind: .check(try expression(b["sqltext"] ?? .none, line: o.line)))
            spec.deferrable = b.bool("deferrable")
            spec.initially = b.string("initially")
            return spec
        case "sqlalchemy.ForeignKeyConstraint":
            let b = try bind(o, Signature(["columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable", "initially", "use_alter", "link_to_name", "match"]))
            let columns = try names(b["columns"], line: o.line, what: "foreign key columns")
            let targets = try (b["refcolumns"]?.items ?? []).map { try targetColumn($0, line: o.line) }
            guard let first = targets.first else { throw fail(o.line, "ForeignKeyConstraint without referred columns") }
            let fk = ForeignKeySpec(
                name: try name(b["name"], line: o.line, what: "constraint name"), columns: columns,
                referredSchema: first.schema, referredTable: first.table, referredColumns: targets.map(\.column),
                onDelete: b.string("ondelete"), onUpdate: b.string("onupdate"), deferrable: b.bool("deferrable"),
                initially: b.string("initially"), match: b.string("match"))
            return ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially)
        default:
            throw fail(o.line, "\(o.kind) is not supported yet as a table element")
        }
    }

    /// Index elements: column names, or expressions such as `sa.text("lower(name)")`.
    func indexElements(_ value: PyValue?, line: Int) throws -> [SQLExpression] {
        let items: [PyValue]
        switch value {
        case .list(let list)?, .tuple(let list)?: items = list
        case let single?: items = [single]
        case nil: items = []
        }
        return try items.map { item in
            if case .string(let s) = item { return .column(table: nil, name: s) }
            return try expression(item, line: line)
        }
    }

    /// Dialect options of an index (`postgresql_using="gin"`, `postgresql_where=...`).
    func indexOptions(_ extra: [(name: String, value: PyValue)], line: Int) throws -> [String: IndexOption] {
        try checkOptions(
            extra,
            known: [
                "postgresql_using", "postgresql_where", "postgresql_concurrently", "postgresql_include", "postgresql_ops",
                "sqlite_where",
            ], on: "an index", line: line)
        var options: [String: IndexOption] = [:]
        // Only dialect options (`postgresql_using`, `sqlite_where`...) change the DDL, and
        // only those of the dialect being written.
        let dialects = ["postgresql_", "sqlite_", "mysql_", "mariadb_", "mssql_", "oracle_"]
        for (key, value) in extra where dialects.contains(where: key.hasPrefix) && (dialect.isEmpty || key.hasPrefix(dialect + "_")) {
            switch value {
            case .bool(let b): options[key] = .bool(b)
            case .string(let s): options[key] = .text(s)
            case .list(let items), .tuple(let items):
                options[key] = .list(try items.map { try columnName($0, line: line, what: key) })
            case .dict(let entries):
                var mapping: [String: String] = [:]
                for entry in entries {
                    guard case .string(let k) = entry.key, case .string(let v) = entry.value else {
                        throw fail(line, "\(key) must map column names to strings")
                    }
                    mapping[k] = v
                }
                options[key] = .mapping(mapping)
            default: options[key] = .expression(try expression(value, line: line))
            }
        }
        return options
    }
}
