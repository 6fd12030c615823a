/// Answers `sa.inspect(bind)` questions from the schema the history describes: what
/// SQLAlchemy's Inspector would return on a database that Alembic upgraded to this point,
/// as far as the replayed schema knows it for sure. Given a live model (every table of
/// the database as read, with the operations since applied), it answers as the database
/// does, for the default schema.
///
/// What reflection reports in the database's own words (a column's type object, a
/// server default's text, a CHECK's SQL) is left unknown: a script that uses it is
/// refused there. Names the database makes up (PostgreSQL's `jobs_pkey`) are made up the
/// same way; a made-up name longer than the dialect allows is unknown.
struct HistoryInspector {
    var schema: SchemaModel
    let dialect: Dialect
    /// The version table, which Alembic's offline script creates before the first revision.
    var versionTable = "alembic_version"

    func answer(_ question: InspectorQuestion) -> InspectorAnswer {
        switch question.method {
        case "get_table_names": return tableNames(question)
        case "get_view_names", "get_materialized_view_names": return views()
        case "get_schema_names":
            return .unknown("the schemas of the database are not described by the history")
        case "has_table", "get_columns", "get_pk_constraint", "get_indexes", "get_unique_constraints", "get_foreign_keys",
            "get_check_constraints", "get_table_comment":
            return aboutTable(question)
        default:
            return .unknown("Retort does not answer Inspector.\(question.method)() from the history")
        }
    }

    // MARK: The database

    /// The `schema=` asked about (nil: the default one); `known` is false when it is
    /// not a string.
    private func schemaName(_ question: InspectorQuestion) -> (known: Bool, name: String?) {
        let given = question.keyword("schema") ?? (question.method == "get_table_names" ? question.arguments.first : nil)
        switch given {
        case nil: return (true, nil)
        case .none?: return (true, nil)
        case .string(let name)?: return (true, name == (dialect == .postgresql ? "public" : "main") ? nil : name)
        default: return (false, nil)
        }
    }

    private func tableNames(_ question: InspectorQuestion) -> InspectorAnswer {
        let (known, inSchema) = schemaName(question)
        guard known else { return .unknown("schema= is not a string") }
        if schema.isLive {
            guard inSchema == nil else { return .unknown("Retort reads only the default schema of the database") }
            if let reason = schema.uncertainEverywhere { return .unknown("the tables are not known for sure: \(reason)") }
            // Reflected, the version table is one of them already; views are not tables.
            let names = schema.tables.keys.filter { $0.schema == nil }.map(\.name)
            return .value(.list(Set(names).sorted().map(PyValue.string)))
        }
        if let reason = schema.uncertainEverywhere { return .unknown("the tables are not known for sure: \(reason)") }
        if let raw = schema.rawDDL.first(where: { $0.changesTables }) {
            return .unknown("the tables are not known for sure: \(raw.reason)")
        }
        var names = schema.tables.keys.filter { $0.schema == inSchema }.map(\.name)
        if inSchema == nil { names.append(versionTable) }
        // SQLite's reflection sorts by name; PostgreSQL's query gives no order, so the
        // script's result cannot depend on it without the answer being a guess.
        return .value(.list(Set(names).sorted().map(PyValue.string)))
    }

    private func views() -> InspectorAnswer {
        if schema.isLive { return .unknown("Retort does not list the database's views") }
        if let reason = schema.uncertainEverywhere { return .unknown("the views are not known for sure: \(reason)") }
        if let raw = schema.rawDDL.first(where: { $0.words.contains("view") }) {
            return .unknown("the views are not known for sure: \(raw.reason)")
        }
        return .value(.list([]))
    }

    // MARK: One table

    /// The version table as Alembic makes it: `version_num VARCHAR(32) NOT NULL`, primary
    /// key `<table>_pkc` (the migration runs after Alembic made it).
    static func versionTableShape(_ name: String) -> TableSpec {
        var column = ColumnSpec(name: "version_num")
        var type = SQLType(name: "String")
        type.length = 32
        column.type = type
        column.nullable = false
        var table = TableSpec(name: name)
        table.columns = [column]
        table.constraints = [ConstraintSpec(name: name + "_pkc", kind: .primaryKey(columns: ["version_num"]))]
        return table
    }

    private func aboutTable(_ question: InspectorQuestion) -> InspectorAnswer {
        guard case .string(let name)? = question.argument(0, "table_name") else {
            return .unknown("the table name is not a string")
        }
        let (known, inSchema) = schemaName(question)
        guard known else { return .unknown("schema= is not a string") }
        let key = SchemaModel.Key(name, schema: inSchema)
        if schema.isLive, inSchema != nil { return .unknown("Retort reads only the default schema of the database") }
        if schema.isLive, schema.views.contains(key) {
            // A view (or virtual table): has_table() says so; its shape is not read.
            return question.method == "has_table" ? .value(.bool(true)) : .unknown("\(name) is a view in the database")
        }
        if let reason = schema.uncertain[key] ?? schema.uncertainEverywhere {
            return .unknown("table \(name) is not known for sure: \(reason)")
        }
        let versionShape = !schema.isLive && name == versionTable && inSchema == nil ? Self.versionTableShape(name) : nil
        guard let table = schema.tables[key] ?? versionShape else {
            if let raw = schema.rawDDL.first(where: { $0.words.contains(name.lowercased()) }) {
                return .unknown("table \(name) is not known for sure: \(raw.reason)")
            }
            switch question.method {
            case "has_table": return .value(.bool(false))
            default:
                return .raises(RaisedException(type: "NoSuchTableError", message: inSchema.map { "\($0).\(name)" } ?? name))
            }
        }
        let shape = TableShapeAnswers(table: table, dialect: dialect, path: question.path, line: question.line)
        switch question.method {
        case "has_table": return .value(.bool(true))
        case "get_columns": return .value(.list(shape.columns))
        case "get_pk_constraint": return shape.primaryKey
        case "get_indexes": return shape.indexes
        case "get_unique_constraints": return shape.uniqueConstraints
        case "get_foreign_keys": return shape.foreignKeys
        case "get_check_constraints": return shape.checks
        case "get_table_comment": return .value(.dict([entry("text", table.comment.map(PyValue.string) ?? .none)]))
        default: return .unknown("Retort does not answer Inspector.\(question.method)() from the history")
        }
    }
}

/// `key: value` of a reflected dictionary.
func entry(_ key: String, _ value: PyValue) -> PyValue.DictEntry { PyValue.DictEntry(key: .string(key), value: value) }

/// What reflection reports about one table the history created, in SQLAlchemy's shapes.
struct TableShapeAnswers {
    let table: TableSpec
    let dialect: Dialect
    /// Where the question was asked: a part of the answer left unknown points there.
    let path: String
    let line: Int

    private func unknownPart(_ what: String) -> PyValue {
        .unknown(Unsupported(path: path, line: line, reason: "\(what), which Retort does not reflect from the history"))
    }

    private var primaryKeyColumns: [String] {
        for constraint in table.constraints {
            if case .primaryKey(let columns) = constraint.kind { return columns }
        }
        return table.columns.filter(\.primaryKey).map(\.name)
    }

    private var primaryKeyName: String? {
        table.constraints.first(where: { if case .primaryKey = $0.kind { return true } else { return false } })?.name
    }

    var columns: [PyValue] {
        let key = Set(primaryKeyColumns)
        return table.columns.map { column in
            // A primary key column is NOT NULL (SQLAlchemy writes it so unless told
            // otherwise; PostgreSQL makes it so in any case).
            let nullable = key.contains(column.name) ? (dialect == .sqlite && column.nullable == true) : column.isNullable
            let type = column.type.flatMap { ReflectedType.value(of: $0, dialect: dialect) }
            var fields = [
                entry("name", .string(column.name)),
                entry("type", type ?? unknownPart("the reflected type of column \(table.name).\(column.name)")),
                entry("nullable", .bool(nullable)),
            ]
            switch dialect {
            case .sqlite:
                // SQLite's reflection: the position in the primary key (0 outside it), no
                // autoincrement or comment keys.
                fields.append(
                    entry("default", column.serverDefault == nil ? .none : unknownPart("the reflected default of \(table.name).\(column.name)")))
                fields.append(entry("primary_key", .int(primaryKeyColumns.firstIndex(of: column.name).map { $0 + 1 } ?? 0)))
            default:
                // An integer primary key may have become SERIAL (a nextval default, autoincrement
                // True); any other column without a server default has neither.
                let mayBeSerial = key.count == 1 && key.contains(column.name) && !Self.isCertainlyNotInteger(type)
                let unknownSerial = "the reflected default and autoincrement of \(table.name).\(column.name) (SERIAL or not)"
                fields.append(
                    entry(
                        "default",
                        column.serverDefault != nil
                            ? unknownPart("the reflected default of \(table.name).\(column.name)")
                            : mayBeSerial ? unknownPart(unknownSerial) : .none))
                fields.append(entry("autoincrement", mayBeSerial || column.serverDefault != nil ? unknownPart(unknownSerial) : .bool(false)))
                fields.append(entry("comment", column.comment.map(PyValue.string) ?? .none))
            }
            return .dict(fields)
        }
    }

    /// Whether a reflected type is known and not an integer (so the column cannot be SERIAL).
    static func isCertainlyNotInteger(_ type: PyValue?) -> Bool {
        guard case .object(let object)? = type, let ancestors = ReflectedType.ancestors[object.kind] else { return false }
        return !ancestors.contains("sqlalchemy.Integer")
    }

    /// A name the database gives an unnamed constraint: PostgreSQL's `<table>_<columns>_<suffix>`,
    /// SQLite's none (reflection reports None).
    private func madeUpName(_ columns: [String], _ suffix: String) -> PyValue? {
        guard dialect == .postgresql else { return PyValue.none }
        return PostgresNames.constraint(table.name, columns, suffix).map(PyValue.string)
    }

    private func name(_ given: String?, _ columns: [String], _ suffix: String) -> PyValue {
        if let given { return .string(given) }
        return madeUpName(columns, suffix) ?? unknownPart("the name PostgreSQL shortens for an unnamed constraint of \(table.name)")
    }

    var primaryKey: InspectorAnswer {
        let columns = primaryKeyColumns
        let given = primaryKeyName
        let name: PyValue = columns.isEmpty ? .none : self.name(given, [], "pkey")
        return .value(.dict([entry("constrained_columns", .list(columns.map(PyValue.string))), entry("name", name)]))
    }

    private var uniques: [(name: PyValue, columns: [String])] {
        var result: [(PyValue, [String])] = []
        for constraint in table.constraints {
            if case .unique(let columns) = constraint.kind { result.append((name(constraint.name, columns, "key"), columns)) }
        }
        for column in table.columns where column.unique == true && column.index != true {
            result.append((name(nil, [column.name], "key"), [column.name]))
        }
        return result
    }

    var uniqueConstraints: InspectorAnswer {
        .value(.list(sortedByName(uniques.map { .dict([entry("name", $0.name), entry("column_names", .list($0.columns.map(PyValue.string)))]) })))
    }

    var indexes: InspectorAnswer {
        var result: [PyValue] = []
        for index in table.indexes {
            var columns: [PyValue] = []
            for element in index.elements {
                guard case .column(_, let name) = element else {
                    return .unknown("index \(index.name ?? "") of \(table.name) is on an expression, which Retort does not reflect")
                }
                columns.append(.string(name))
            }
            let name: PyValue =
                index.name.map(PyValue.string)
                ?? (columns.first?.string).map { .string("ix_\(table.name)_\($0)") } ?? .none
            result.append(.dict([entry("name", name), entry("column_names", .list(columns)), entry("unique", .bool(index.unique))]))
        }
        if dialect == .postgresql {
            // PostgreSQL reports the index behind each unique constraint too.
            for unique in uniques {
                result.append(
                    .dict([
                        entry("name", unique.name), entry("column_names", .list(unique.columns.map(PyValue.string))),
                        entry("unique", .bool(true)), entry("duplicates_constraint", unique.name),
                    ]))
            }
        }
        return .value(.list(sortedByName(result)))
    }

    var foreignKeys: InspectorAnswer {
        var keys: [ForeignKeySpec] = []
        for constraint in table.constraints {
            if case .foreignKey(let key) = constraint.kind { keys.append(key) }
        }
        for column in table.columns { keys += column.foreignKeys }
        let result = keys.map { key -> PyValue in
            var options: [PyValue.DictEntry] = []
            if let onDelete = key.onDelete { options.append(entry("ondelete", .string(onDelete))) }
            if let onUpdate = key.onUpdate { options.append(entry("onupdate", .string(onUpdate))) }
            if let deferrable = key.deferrable { options.append(entry("deferrable", .bool(deferrable))) }
            if let initially = key.initially { options.append(entry("initially", .string(initially))) }
            return .dict([
                entry("name", name(key.name, key.columns, "fkey")),
                entry("constrained_columns", .list(key.columns.map(PyValue.string))),
                entry("referred_schema", key.referredSchema.map(PyValue.string) ?? .none),
                entry("referred_table", .string(key.referredTable)),
                entry("referred_columns", .list(key.referredColumns.map(PyValue.string))),
                entry("options", .dict(options)),
            ])
        }
        return .value(.list(dialect == .postgresql ? sortedByName(result) : result))
    }

    var checks: InspectorAnswer {
        var result: [PyValue] = []
        for constraint in table.constraints + table.columns.flatMap(\.checks) {
            guard case .check = constraint.kind else { continue }
            guard let name = constraint.name else {
                if dialect == .postgresql { return .unknown("PostgreSQL names an unnamed CHECK of \(table.name) after what it reads") }
                result.append(.dict([entry("name", .none), entry("sqltext", unknownPart("the reflected SQL of a CHECK of \(table.name)"))]))
                continue
            }
            result.append(.dict([entry("name", .string(name)), entry("sqltext", unknownPart("the reflected SQL of CHECK \(name)"))]))
        }
        return .value(.list(sortedByName(result)))
    }

    /// Sorted by the `name` entry, unnamed ones last (as SQLAlchemy sorts SQLite's indexes).
    private func sortedByName(_ items: [PyValue]) -> [PyValue] {
        func name(_ item: PyValue) -> String {
            if case .dict(let fields) = item, let value = fields.first(where: { $0.key.string == "name" })?.value,
                case .string(let text) = value
            {
                return text
            }
            return "\u{10FFFF}"
        }
        return items.enumerated().sorted { (name($0.element), $0.offset) < (name($1.element), $1.offset) }.map(\.element)
    }
}

/// The names PostgreSQL gives constraints created without one.
enum PostgresNames {
    /// `<table>_<columns>_<suffix>` (`jobs_pkey`, `jobs_name_key`, `jobs_owner_id_fkey`);
    /// nil when longer than PostgreSQL keeps (it shortens those in its own way).
    static func constraint(_ table: String, _ columns: [String], _ suffix: String) -> String? {
        let name = ([table] + columns + [suffix]).joined(separator: "_")
        return name.utf8.count <= Dialect.postgresql.maxIdentifierLength ? name : nil
    }
}
