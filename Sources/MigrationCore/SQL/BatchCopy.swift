/// Alembic's "move and copy" for a batch that SQLite cannot do in place: create the
/// table anew under a temporary name with the batch's changes, copy the rows, drop the
/// old table, rename the new one, and recreate the indexes. A port of Alembic's
/// `ApplyBatchImpl`, working on a table known from the replayed schema (what Alembic
/// would reflect from the database).
struct BatchCopy {
    /// A column of the new table and where its rows come from.
    struct Transfer {
        var column: ColumnSpec
        /// The old table's column (or a cast of it) that fills it; nil for a new column.
        var source: SQLExpression?
    }

    let original: TableSpec
    /// Columns of the new table, in order, by their key (the old name).
    var keys: [String] = []
    var transfers: [String: Transfer] = [:]
    var named: [ConstraintSpec] = []
    var unnamed: [ConstraintSpec] = []
    var indexes: [IndexSpec] = []
    var newIndexes: [IndexSpec] = []
    /// Notes about things the copy leaves out, as Alembic warns of them.
    var warnings: [String] = []

    /// Starts from the table as SQLite reflection describes it.
    init(reflecting table: TableSpec, dialect: Dialect) {
        original = table
        let reflected = Self.reflected(table, dialect: dialect, warnings: &warnings)
        for column in reflected.columns {
            var copy = column
            copy.unique = nil
            copy.index = nil
            keys.append(column.name)
            transfers[column.name] = Transfer(column: copy, source: .column(table: table.name, name: column.name))
        }
        for constraint in reflected.constraints {
            if constraint.name != nil { named.append(constraint) } else { unnamed.append(constraint) }
        }
        indexes = reflected.indexes
    }

    /// What reflection gives back of a table: column-level CHECKs and foreign keys become
    /// table constraints, SchemaType CHECKs become named constraints (unnamed CHECKs are
    /// lost, as Alembic warns), `unique=True` becomes an unnamed UNIQUE.
    static func reflected(_ table: TableSpec, dialect: Dialect, warnings: inout [String]) -> TableSpec {
        var result = table
        result.constraints = []
        var implied: [ConstraintSpec] = []
        for i in result.columns.indices {
            let column = result.columns[i]
            if column.unique == true { implied.append(ConstraintSpec(name: nil, kind: .unique(columns: [column.name]))) }
            for fk in column.foreignKeys {
                implied.append(ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
            }
            implied += column.checks
            if let type = column.type?.resolved(for: dialect.rawValue) {
                if let check = SQLRenderer(dialect: dialect).schemaTypeCheck(type, column: column.name) { implied.append(check) }
                if type.name == "Enum" || type.name == "postgresql.ENUM" {
                    // Reflected as the VARCHAR it was created as.
                    var varchar = SQLType(name: "VARCHAR")
                    varchar.length = max(type.length ?? 0, type.enumValues.map(\.count).max() ?? 0)
                    result.columns[i].type = varchar
                }
            }
            result.columns[i].foreignKeys = []
            result.columns[i].checks = []
            result.columns[i].unique = nil
        }
        for constraint in table.constraints + implied {
            if case .check = constraint.kind, constraint.name == nil {
                warnings.append(
                    "Unnamed CHECK constraint on reflected table '\(table.name)' is being omitted from the table recreate")
                continue
            }
            result.constraints.append(constraint)
        }
        return result
    }

    // MARK: Operations

    mutating func apply(_ operation: Operation) throws {
        switch operation.kind {
        case .addColumn(_, _, let column, _):
            var copy = column
            copy.unique = nil
            copy.index = nil
            keys.append(column.name)
            transfers[column.name] = Transfer(column: copy, source: nil)
        case .dropColumn(_, _, let name, _):
            guard let key = key(for: name) else { throw SQLRenderError("No such column: '\(name)'") }
            keys.removeAll { $0 == key }
            transfers[key] = nil
            // A dropped column leaves the primary key.
            for i in named.indices { named[i] = Self.without(name, in: named[i]) }
            for i in unnamed.indices { unnamed[i] = Self.without(name, in: unnamed[i]) }
        case .alterColumn(let alter):
            try alterColumn(alter)
        case .addConstraint(_, _, let constraint):
            guard constraint.name != nil else { throw SQLRenderError("Constraint must have a name") }
            if case .primaryKey = constraint.kind {
                unnamed.removeAll { if case .primaryKey = $0.kind { return true } else { return false } }
                for key in keys { transfers[key]?.column.primaryKey = false }
            }
            named.removeAll { $0.name == constraint.name }
            named.append(constraint)
        case .dropConstraint(let name, _, _, _, _):
            guard let index = named.firstIndex(where: { $0.name == name }) else {
                throw SQLRenderError("No such constraint: '\(name)'")
            }
            let dropped = named.remove(at: index)
            if case .primaryKey(let columns) = dropped.kind {
                for column in columns { if let key = key(for: column) { transfers[key]?.column.primaryKey = false } }
            }
        case .createIndex(let index):
            newIndexes.removeAll { $0.name == index.name }
            newIndexes.append(index)
        case .dropIndex(let name, _, _, _, _):
            guard let i = indexes.firstIndex(where: { $0.name == name }) else { throw SQLRenderError("No such index: '\(name)'") }
            indexes.remove(at: i)
        case .createTableComment, .dropTableComment:
            break  // SQLite keeps no comments
        default:
            throw SQLRenderError("\(OperationText.line(operation, dialect: .sqlite)) cannot be part of a batch")
        }
    }

    /// The key (old name) of the column now called `name`.
    func key(for name: String) -> String? {
        keys.first { transfers[$0]?.column.name == name }
    }

    mutating func alterColumn(_ alter: AlterColumn) throws {
        guard let key = key(for: alter.column), var transfer = transfers[key] else {
            throw SQLRenderError("No such column: '\(alter.column)'")
        }
        if let newName = alter.newName, newName != alter.column {
            transfer.column.name = newName
            renameReferences(from: alter.column, to: newName)
        }
        if let type = alter.type {
            // SQLite copies across type families with a CAST, as Alembic's SQLite impl does.
            if let old = transfer.column.type, Self.affinity(old) != Self.affinity(type), type.name != "JSON",
                let source = transfer.source
            {
                transfer.source = .cast(source, type)
            }
            transfer.column.type = type
        }
        if let nullable = alter.nullable { transfer.column.nullable = nullable }
        if let change = alter.serverDefault { transfer.column.serverDefault = change }
        if let change = alter.comment { transfer.column.comment = change }
        transfers[key] = transfer
    }

    mutating func renameReferences(from old: String, to new: String) {
        func rename(_ names: [String]) -> [String] { names.map { $0 == old ? new : $0 } }
        func rename(_ constraint: ConstraintSpec) -> ConstraintSpec {
            var c = constraint
            switch c.kind {
            case .primaryKey(let columns): c.kind = .primaryKey(columns: rename(columns))
            case .unique(let columns): c.kind = .unique(columns: rename(columns))
            case .foreignKey(var fk):
                fk.columns = rename(fk.columns)
                c.kind = .foreignKey(fk)
            case .check: break
            }
            return c
        }
        named = named.map(rename)
        unnamed = unnamed.map(rename)
        indexes = indexes.map { index in
            var i = index
            i.elements = i.elements.map { if case .column(nil, old) = $0 { return .column(table: nil, name: new) } else { return $0 } }
            return i
        }
    }

    static func without(_ column: String, in constraint: ConstraintSpec) -> ConstraintSpec {
        var c = constraint
        if case .primaryKey(let columns) = c.kind { c.kind = .primaryKey(columns: columns.filter { $0 != column }) }
        return c
    }

    /// SQLAlchemy's `_type_affinity`: the generic family of a type.
    static func affinity(_ type: SQLType) -> String {
        switch type.name {
        case "Integer", "BigInteger", "SmallInteger", "INTEGER", "INT", "BIGINT", "SMALLINT": return "Integer"
        case "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "TEXT", "CLOB", "Enum":
            return "String"
        case "Numeric", "NUMERIC", "DECIMAL", "Float", "FLOAT", "REAL", "Double", "DOUBLE", "DOUBLE_PRECISION": return "Numeric"
        case "DateTime", "DATETIME", "TIMESTAMP": return "DateTime"
        case "Date", "DATE": return "Date"
        case "Time", "TIME": return "Time"
        case "Boolean", "BOOLEAN": return "Boolean"
        case "LargeBinary", "BLOB", "BINARY", "VARBINARY": return "LargeBinary"
        default: return type.name
        }
    }

    // MARK: Statements

    func statements(dialect: Dialect, renderer: inout SQLRenderer) throws -> [String] {
        let temporary = "_alembic_tmp_" + original.name
        var table = TableSpec(name: temporary, schema: original.schema)
        table.columns = keys.compactMap { transfers[$0]?.column }
        let names = Set(table.columns.map(\.name))
        for constraint in named + unnamed where Self.columns(of: constraint).isSubset(of: names) {
            if case .primaryKey(let columns) = constraint.kind, columns.isEmpty { continue }
            table.constraints.append(constraint)
        }
        var statements = try renderer.createTable(table)
        let copied = keys.filter { transfers[$0]?.source != nil }
        if !copied.isEmpty {
            let targets = copied.compactMap { transfers[$0]?.column.name }.map(dialect.quote).joined(separator: ", ")
            let sources = try copied.map { key -> String in
                let transfer = transfers[key]!
                let rendered = try dialect.expression(transfer.source!)
                if case .cast = transfer.source! { return rendered + " AS " + dialect.quote(key) }
                return rendered
            }.joined(separator: ", ")
            statements.append(
                "INSERT INTO \(dialect.table(temporary, schema: original.schema)) (\(targets)) SELECT \(sources) \nFROM \(dialect.table(original.name, schema: original.schema))")
        }
        statements.append("DROP TABLE \(dialect.table(original.name, schema: original.schema))")
        statements.append("ALTER TABLE \(dialect.table(temporary, schema: original.schema)) RENAME TO \(dialect.quote(original.name))")
        let all = indexes.filter { Self.indexColumns($0).isSubset(of: names) } + newIndexes
        for index in all.sorted(by: { ($0.name ?? "") < ($1.name ?? "") }) {
            var recreated = index
            recreated.table = original.name
            statements.append(try renderer.createIndex(recreated))
        }
        return statements
    }

    /// The table after the batch, for the replayed schema.
    func resultingTable() -> TableSpec {
        var table = original
        table.columns = keys.compactMap { transfers[$0]?.column }
        table.constraints = named + unnamed
        table.indexes = indexes + newIndexes
        return table
    }

    static func columns(of constraint: ConstraintSpec) -> Set<String> {
        switch constraint.kind {
        case .primaryKey(let columns), .unique(let columns): return Set(columns)
        case .foreignKey(let fk): return Set(fk.columns)
        case .check: return []
        }
    }

    static func indexColumns(_ index: IndexSpec) -> Set<String> {
        Set(index.elements.compactMap { if case .column(nil, let name) = $0 { return name } else { return nil } })
    }
}
