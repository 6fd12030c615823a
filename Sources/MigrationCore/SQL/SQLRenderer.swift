/// Writes typed operations as the SQL statements Alembic 1.20 with SQLAlchemy 2.1 emits
/// in offline mode for a dialect: each statement without its trailing `;`.
public struct SQLRenderer: Sendable {
    public let dialect: Dialect
    /// Notes for the user about statements the database will reject (SQLite's ALTER COLUMN).
    public internal(set) var warnings: [String] = []
    /// The schema before the next operation, when known; kept up to date as operations are
    /// written, so a batch later in a function sees the tables made earlier in it.
    public var schema: SchemaModel?
    /// The revision being written, named in the schema's reasons.
    public var revision = ""
    /// Whether the PostgreSQL server has VIRTUAL generated columns (18 and later; offline,
    /// SQLAlchemy assumes it does): then a column without `persisted` gets no keyword.
    public var virtualGeneratedColumns = true
    /// Whether CREATE TABLE on PostgreSQL first creates its columns' enum types, as
    /// Alembic's `create_table` does (a schema's DDL writes its types once, first).
    public var createsEnumTypes = true

    /// The table a batch copy just made, which replaces the old one in the schema.
    var copiedTable: TableSpec?
    /// Every table a batch copied from the schema, in order: what a live run reads again
    /// in the transaction of the step.
    var copiedTables: [SchemaModel.Key] = []

    public init(dialect: Dialect) { self.dialect = dialect }

    public mutating func statements(_ operations: [Operation]) throws -> [String] {
        var result: [String] = []
        for operation in operations { result += try statements(operation) }
        return result
    }

    /// The statements of one operation, each as Alembic writes it: tabs as four spaces,
    /// surrounding whitespace removed.
    public mutating func statements(_ operation: Operation) throws -> [String] {
        copiedTable = nil
        let result: [String]
        do {
            result = try rawStatements(operation).map(Self.asWritten)
        } catch var error as SQLRenderError {
            error.partial = error.partial.map(Self.asWritten)
            throw error
        }
        // Keep the schema up to date: a batch table copy replaces its table whole.
        if let copiedTable {
            schema?.replace(copiedTable)
        } else {
            schema?.apply(operation, revision: revision)
        }
        return result
    }

    /// The statement as Alembic writes it: tabs as four spaces, and no white space around.
    static func asWritten(_ statement: String) -> String {
        // Foundation's replacing and trimming go through UTF-16 and cost about 50,000
        // instructions a statement: most have no tab and start and end visibly.
        var spaced = statement
        if PythonText.containsTab(statement) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(statement.utf8.count + 12)
            for byte in statement.utf8 {
                if byte == 0x09 { bytes += [0x20, 0x20, 0x20, 0x20] } else { bytes.append(byte) }
            }
            spaced = String(decoding: bytes, as: UTF8.self)
        }
        if let first = spaced.utf8.first, let last = spaced.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return spaced
        }
        return spaced.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The statements of one operation as the renderer writes them, without touching the
    /// schema (a batch's parts are applied to it with the batch).
    mutating func rawStatements(_ operation: Operation) throws -> [String] {
        let d = dialect
        switch operation.kind {
        case .createTable(let table):
            return try createTable(table)
        case .dropTable(let name, let schema, let ifExists):
            return ["DROP TABLE " + (ifExists ? "IF EXISTS " : "") + d.table(name, schema: schema)]
        case .renameTable(let old, let new, let schema):
            return ["ALTER TABLE \(d.table(old, schema: schema)) RENAME TO \(d.quote(new))"]
        case .addColumn(let table, let schema, let column, let ifNotExists):
            return try addColumn(table, schema, column, ifNotExists: ifNotExists)
        case .dropColumn(let table, let schema, let column, let ifExists):
            return ["ALTER TABLE \(d.table(table, schema: schema)) DROP COLUMN " + (ifExists ? "IF EXISTS " : "") + d.quote(column)]
        case .alterColumn(let alter):
            return try alterColumn(alter)
        case .createIndex(let index):
            return [try createIndex(index)]
        case .dropIndex(let name, _, let schema, let ifExists, let options):
            var text = "DROP INDEX "
            if d.isPostgreSQL, case .bool(true)? = options["postgresql_concurrently"] { text += "CONCURRENTLY " }
            if ifExists { text += "IF EXISTS " }
            return [text + d.table(name, schema: schema)]
        case .addConstraint(let table, let schema, let constraint):
            guard d.isPostgreSQL else { throw SQLRenderError(raises: "NotImplementedError", Self.sqliteConstraintMessage) }
            return ["ALTER TABLE \(d.table(table, schema: schema)) ADD " + (try self.constraint(constraint))]
        case .dropConstraint(let name, let table, let schema, _, let ifExists):
            guard d.isPostgreSQL else { throw SQLRenderError(raises: "NotImplementedError", Self.sqliteConstraintMessage) }
            return ["ALTER TABLE \(d.table(table, schema: schema)) DROP CONSTRAINT " + (ifExists ? "IF EXISTS " : "") + d.quote(name)]
        case .createTableComment(let table, let schema, let comment):
            // Written for SQLite too, although SQLite cannot run it (as Alembic does).
            return ["COMMENT ON TABLE \(d.table(table, schema: schema)) IS \(d.stringLiteral(comment))"]
        case .dropTableComment(let table, let schema):
            return ["COMMENT ON TABLE \(d.table(table, schema: schema)) IS NULL"]
        case .execute(let statement):
            return [try self.statement(statement)]
        case .bulkInsert(let table, let schema, _, let rows, _):
            return try bulkInsert(table, schema, rows)
        case .createType(let type):
            guard d.isPostgreSQL, type.nativeEnum, let name = type.enumName else { return [] }
            return [createEnumType(type, name: name)]
        case .dropType(let type):
            guard d.isPostgreSQL, type.nativeEnum, let name = type.enumName else { return [] }
            return ["DROP TYPE " + (type.enumSchema.map { d.quote($0) + "." } ?? "") + d.quote(name)]
        case .batch(let batch):
            return try self.batch(batch)
        }
    }

    static let sqliteConstraintMessage =
        "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy."

    // MARK: CREATE TABLE

    mutating func createTable(_ table: TableSpec) throws -> [String] {
        let d = dialect
        var statements: [String] = []
        // Native enums are created before the table that uses them, once per name.
        var typesMade = Set<String>()
        for column in table.columns {
            guard let type = column.type?.resolved(for: d.rawValue) else { continue }
            let enumType = type.name.hasSuffix("ENUM") || type.name == "Enum" ? type : type.itemType.first
            if d.isPostgreSQL, createsEnumTypes, let e = enumType, e.name == "Enum" || e.name == "postgresql.ENUM", e.nativeEnum,
                e.createType, let name = e.enumName, typesMade.insert(name).inserted
            {
                statements.append(createEnumType(e, name: name))
            }
        }
        let pkColumns = primaryKeyColumns(table)
        let autoincrement = autoincrementColumn(table, pkColumns)
        let inlineKey = sqliteAutoincrementColumn(table, pkColumns)
        var lines: [String] = []
        for column in table.columns {
            var c = column
            if pkColumns.contains(column.name) { c.primaryKey = true }
            lines.append(
                try columnSpecification(
                    c, isAutoincrement: c.name == autoincrement, tablePKCount: pkColumns.count, inlinePrimaryKey: c.name == inlineKey))
        }
        for constraint in try tableConstraints(table, inlineKey == nil ? pkColumns : []) { lines.append(constraint) }
        var head = "CREATE "
        if !table.prefixes.isEmpty { head += table.prefixes.joined(separator: " ") + " " }
        head += "TABLE " + (table.ifNotExists ? "IF NOT EXISTS " : "") + d.table(table.name, schema: table.schema)
        statements.append(head + " (\n    " + lines.joined(separator: ", \n    ") + "\n)" + tableOptions(table))
        // Alembic emits the table's indexes in no fixed order; Retort sorts them by name,
        // as the oracle does, so the output is stable.
        var indexes = table.indexes
        for column in table.columns where column.index == true {
            var index = IndexSpec(
                name: "ix_\(table.name)_\(column.name)", table: table.name, schema: table.schema,
                elements: [.column(table: nil, name: column.name)])
            index.unique = column.unique == true
            indexes.append(index)
        }
        for index in indexes.sorted(by: { ($0.name ?? "") < ($1.name ?? "") }) { statements.append(try createIndex(index)) }
        if d.isPostgreSQL {
            if let comment = table.comment {
                statements.append("COMMENT ON TABLE \(d.table(table.name, schema: table.schema)) IS \(d.stringLiteral(comment))")
            }
            for column in table.columns {
                if let comment = column.comment {
                    statements.append(
                        "COMMENT ON COLUMN \(d.table(table.name, schema: table.schema)).\(d.quote(column.name)) IS \(d.stringLiteral(comment))")
                }
            }
        }
        return statements
    }

    /// SQLite's `post_create_table`: `WITHOUT ROWID` and `STRICT` after the column list.
    func tableOptions(_ table: TableSpec) -> String {
        guard !dialect.isPostgreSQL else { return "" }
        var options: [String] = []
        if table.options["sqlite_with_rowid"] == "False" { options.append("WITHOUT ROWID") }
        if table.options["sqlite_strict"] == "True" { options.append("STRICT") }
        return options.isEmpty ? "" : "\n " + options.joined(separator: ",\n ")
    }

    func createEnumType(_ type: SQLType, name: String) -> String {
        createEnumType(name, schema: type.enumSchema, labels: type.enumValues)
    }

    /// `CREATE TYPE name AS ENUM ('a', 'b')`, as SQLAlchemy writes it.
    public func createEnumType(_ name: String, schema: String?, labels: [String]) -> String {
        let values = labels.map { dialect.stringLiteral($0) }.joined(separator: ", ")
        return "CREATE TYPE " + (schema.map { dialect.quote($0) + "." } ?? "") + dialect.quote(name) + " AS ENUM (\(values))"
    }

    /// The primary key's columns: from `primary_key=True` columns, or a PrimaryKeyConstraint.
    func primaryKeyColumns(_ table: TableSpec) -> [String] {
        for constraint in table.constraints {
            if case .primaryKey(let columns) = constraint.kind { return columns }
        }
        return table.columns.filter(\.primaryKey).map(\.name)
    }

    static let integerTypes: Set<String> = ["Integer", "BigInteger", "SmallInteger", "INTEGER", "INT", "BIGINT", "SMALLINT", "postgresql.INTEGER", "postgresql.BIGINT", "postgresql.SMALLINT", "sqlite.INTEGER", "sqlite.BIGINT", "sqlite.SMALLINT"]
    static let numericTypes: Set<String> = ["Numeric", "NUMERIC", "DECIMAL", "Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION"]

    /// SQLAlchemy's `_autoincrement_column`: the one integer primary key column, unless it
    /// opts out, has a default or references another table; or the one marked `autoincrement=True`.
    func autoincrementColumn(_ table: TableSpec, _ pk: [String]) -> String? {
        func valid(_ column: ColumnSpec, explicit: Bool) -> Bool {
            guard let type = column.type?.resolved(for: dialect.rawValue),
                Self.integerTypes.contains(type.name) || Self.numericTypes.contains(type.name)
            else { return false }
            if explicit { return true }
            if column.serverDefault != nil || column.hasPythonDefault { return false }
            if !column.foreignKeys.isEmpty || tableForeignKeyColumns(table).contains(column.name) { return false }
            return true
        }
        let columns = pk.compactMap { name in table.columns.first { $0.name == name } }
        if columns.count == 1 {
            let column = columns[0]
            if column.autoincrement == true { return column.name }
            if column.autoincrement == nil, valid(column, explicit: false) { return column.name }
            return nil
        }
        return columns.first { $0.autoincrement == true }?.name
    }

    func tableForeignKeyColumns(_ table: TableSpec) -> Set<String> {
        var names = Set<String>()
        for constraint in table.constraints { if case .foreignKey(let fk) = constraint.kind { names.formUnion(fk.columns) } }
        return names
    }

    /// With `sqlite_autoincrement=True`, SQLite writes `PRIMARY KEY AUTOINCREMENT` on the
    /// one integer key column (without a foreign key) instead of a table constraint.
    func sqliteAutoincrementColumn(_ table: TableSpec, _ pk: [String]) -> String? {
        guard !dialect.isPostgreSQL, table.options["sqlite_autoincrement"] == "True", pk.count == 1,
            let column = table.columns.first(where: { $0.name == pk[0] }), column.foreignKeys.isEmpty,
            let type = column.type?.resolved(for: dialect.rawValue), BatchCopy.affinity(type) == "Integer"
        else { return nil }
        return column.name
    }

    func columnSpecification(_ column: ColumnSpec, isAutoincrement: Bool, tablePKCount: Int, inlinePrimaryKey: Bool = false) throws
        -> String
    {
        let d = dialect
        var text = d.quote(column.name)
        guard let type = column.type else { throw SQLRenderError("column \(column.name) has no type") }
        let resolved = type.resolved(for: d.rawValue)
        if d.isPostgreSQL, column.primaryKey, isAutoincrement, column.identity == nil, !column.hasPythonDefault,
            !column.hasSequence
        {
            switch resolved.name {
            case "BigInteger", "BIGINT", "postgresql.BIGINT": text += " BIGSERIAL"
            case "SmallInteger", "SMALLINT", "postgresql.SMALLINT": text += " SMALLSERIAL"
            default: text += " SERIAL"
            }
        } else {
            text += " " + (try d.typeName(type))
            if let value = column.serverDefault {
                let rendered = try d.defaultClause(value)
                if !d.isPostgreSQL, !Self.startsQuotedOrParenthesised(rendered), rendered.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                    text += " DEFAULT (\(rendered))"
                } else {
                    text += " DEFAULT " + rendered
                }
            }
        }
        if let computed = column.computed, d.isPostgreSQL {
            let storage: String
            switch computed.persisted {
            case true?: storage = " STORED"
            case false?:
                guard virtualGeneratedColumns else {
                    throw SQLRenderError(
                        raises: "CompileError",
                        "PostrgreSQL computed columns do not support 'virtual' persistence; set the 'persisted' flag to None or True for PostgreSQL support.")
                }
                storage = " VIRTUAL"
            case nil: storage = virtualGeneratedColumns ? "" : " STORED"
            }
            text += " GENERATED ALWAYS AS (\(try d.ddlExpression(computed.sql)))" + storage
        }
        if let identity = column.identity, d.isPostgreSQL {
            text += " " + self.identity(identity)
        }
        if !column.isNullable && (column.identity == nil || !d.isPostgreSQL) {
            text += " NOT NULL"
        } else if column.isNullable && column.identity != nil && d.isPostgreSQL && column.nullable == true {
            text += " NULL"
        }
        if inlinePrimaryKey { text += " PRIMARY KEY AUTOINCREMENT" }
        if let computed = column.computed, !d.isPostgreSQL {
            let storage = computed.persisted.map { $0 ? " STORED" : " VIRTUAL" } ?? ""
            text += " GENERATED ALWAYS AS (\(try d.ddlExpression(computed.sql)))" + storage
        }
        for check in column.checks {
            text += " " + (try constraint(check))
        }
        return text
    }

    static func startsQuotedOrParenthesised(_ text: String) -> Bool {
        guard let first = text.first(where: { $0 != " " && $0 != "\t" && $0 != "\n" }) else { return false }
        return first == "'" || first == "\"" || first == "("
    }

    func identity(_ identity: IdentitySpec) -> String {
        var options: [String] = []
        if let increment = identity.increment { options.append("INCREMENT BY \(increment)") }
        if let start = identity.start { options.append("START WITH \(start)") }
        if let min = identity.minValue { options.append("MINVALUE \(min)") }
        if let max = identity.maxValue { options.append("MAXVALUE \(max)") }
        if let cache = identity.cache { options.append("CACHE \(cache)") }
        if let cycle = identity.cycle { options.append(cycle ? "CYCLE" : "NO CYCLE") }
        var text = "GENERATED " + (identity.always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY"
        if !options.isEmpty { text += " (" + options.joined(separator: " ") + ")" }
        return text
    }

    /// The table's constraints in SQLAlchemy's order: the primary key, the constraints
    /// given to create_table, then those its columns imply (unique, enum/boolean checks,
    /// foreign keys), column by column.
    func tableConstraints(_ table: TableSpec, _ pk: [String]) throws -> [String] {
        var result: [String] = []
        if !pk.isEmpty {
            let named = table.constraints.first { if case .primaryKey = $0.kind { return true } else { return false } }
            var spec = named ?? ConstraintSpec(name: nil, kind: .primaryKey(columns: pk))
            spec.kind = .primaryKey(columns: pk)
            result.append(try constraint(spec))
        }
        for constraint in table.constraints {
            if case .primaryKey = constraint.kind { continue }
            result.append(try self.constraint(constraint))
        }
        for column in table.columns {
            if column.unique == true && column.index != true {
                result.append(try constraint(ConstraintSpec(name: nil, kind: .unique(columns: [column.name]))))
            }
            if let type = column.type?.resolved(for: dialect.rawValue) {
                if let check = schemaTypeCheck(type, column: column.name) { result.append(try constraint(check)) }
            }
            for fk in column.foreignKeys {
                result.append(try constraint(ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially)))
            }
        }
        return result
    }

    /// The CHECK constraint SQLAlchemy adds for a non-native Enum or Boolean when asked.
    func schemaTypeCheck(_ type: SQLType, column: String) -> ConstraintSpec? {
        let d = dialect
        if type.name == "Enum" || type.name == "postgresql.ENUM", type.createConstraint, !(d.isPostgreSQL && type.nativeEnum) {
            let values = type.enumValues.map { d.stringLiteral($0) }.joined(separator: ", ")
            return ConstraintSpec(name: type.enumName, kind: .check(.text("\(d.quote(column)) IN (\(values))")))
        }
        if type.name == "Boolean", type.createConstraint, !d.isPostgreSQL {
            return ConstraintSpec(name: type.enumName, kind: .check(.text("\(d.quote(column)) IN (0, 1)")))
        }
        return nil
    }

    func constraint(_ constraint: ConstraintSpec) throws -> String {
        let d = dialect
        var text = constraint.name.map { "CONSTRAINT \(d.quote($0)) " } ?? ""
        switch constraint.kind {
        case .primaryKey(let columns):
            text += "PRIMARY KEY (" + columns.map(d.quote).joined(separator: ", ") + ")"
        case .unique(let columns):
            text += "UNIQUE "
            if d.isPostgreSQL, constraint.options["postgresql_nulls_not_distinct"] == "True" { text += "NULLS NOT DISTINCT " }
            text += "(" + columns.map(d.quote).joined(separator: ", ") + ")"
        case .check(let condition):
            text += "CHECK (" + (try d.ddlExpression(condition)) + ")"
        case .foreignKey(let fk):
            text += "FOREIGN KEY(" + fk.columns.map(d.quote).joined(separator: ", ") + ") REFERENCES "
            text += d.table(fk.referredTable, schema: fk.referredSchema) + " ("
            text += fk.referredColumns.map(d.quote).joined(separator: ", ") + ")"
            if let match = fk.match { text += " MATCH " + match }
            if let onDelete = fk.onDelete { text += " ON DELETE " + onDelete }
            if let onUpdate = fk.onUpdate { text += " ON UPDATE " + onUpdate }
        case .exclude(let using, let elements, let whereClause):
            let items = try elements.map { element -> String in
                let target: String
                if case .column(nil, let column) = element.expression { target = d.quote(column) } else { target = try d.ddlExpression(element.expression) }
                return target + " WITH " + element.op
            }
            text += "EXCLUDE USING \(using) (" + items.joined(separator: ", ") + ")"
            if let whereClause { text += " WHERE (" + (try d.ddlExpression(whereClause)) + ")" }
        }
        if let deferrable = constraint.deferrable { text += deferrable ? " DEFERRABLE" : " NOT DEFERRABLE" }
        if let initially = constraint.initially { text += " INITIALLY " + initially }
        if d.isPostgreSQL, constraint.options["postgresql_not_valid"] == "True" { text += " NOT VALID" }
        return text
    }

    // MARK: Indexes

    func createIndex(_ index: IndexSpec) throws -> String {
        let d = dialect
        guard let name = index.name else { throw SQLRenderError("an index without a name") }
        var text = "CREATE " + (index.unique ? "UNIQUE " : "") + "INDEX "
        if d.isPostgreSQL, case .bool(true)? = index.options["postgresql_concurrently"] { text += "CONCURRENTLY " }
        if index.ifNotExists { text += "IF NOT EXISTS " }
        // An index lives in its table's schema; SQLite names it `schema.index ON table`.
        if d.isPostgreSQL {
            text += d.quote(name) + " ON " + d.table(index.table, schema: index.schema)
        } else {
            text += d.table(name, schema: index.schema) + " ON " + d.quote(index.table)
        }
        if d.isPostgreSQL, case .text(let using)? = index.options["postgresql_using"] { text += " USING " + using }
        var operatorClasses: [String: String] = [:]
        if d.isPostgreSQL, case .mapping(let ops)? = index.options["postgresql_ops"] { operatorClasses = ops }
        let elements = try index.elements.map { element -> String in
            if case .column(nil, let column) = element {
                return d.quote(column) + (operatorClasses[column].map { " " + $0 } ?? "")
            }
            // PostgreSQL's compiler groups an operator expression (a JSON element cast
            // included: it is an operator underneath).
            if d.isPostgreSQL {
                switch element {
                case .binary: return "(" + (try d.ddlExpression(element)) + ")"
                case .cast(let inner, _) where Dialect.isJSONElement(inner): return "(" + (try d.ddlExpression(element)) + ")"
                default: break
                }
            }
            return try d.ddlExpression(element)
        }
        text += " (" + elements.joined(separator: ", ") + ")"
        if d.isPostgreSQL, case .list(let include)? = index.options["postgresql_include"], !include.isEmpty {
            text += " INCLUDE (" + include.map(d.quote).joined(separator: ", ") + ")"
        }
        let whereKey = d.isPostgreSQL ? "postgresql_where" : "sqlite_where"
        switch index.options[whereKey] {
        case .text(let sql)?: text += " WHERE " + d.text(sql)
        case .expression(let e)?: text += " WHERE " + (try d.ddlExpression(e))
        default: break
        }
        return text
    }
}
