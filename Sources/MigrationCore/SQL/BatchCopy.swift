/// Alembic's batch "move and copy" (alembic.operations.batch.ApplyBatchImpl): the table
/// given as `copy_from` (or, on SQLite without one, the table as reflection would see it
/// in the replayed schema) is changed by the batch's operations into a new table, which
/// is created under a temporary name, filled from the old one, and renamed over it.
///
/// Columns are keyed by their original names, as Alembic keys them: a renamed column is
/// still found by its old name, and selected from the old table under it.
struct BatchCopy {
    struct Column {
        var key: String
        var spec: ColumnSpec
        /// What fills it from the old table (the old column, maybe cast); nil for a new column.
        var source: SQLExpression?
    }

    let original: TableSpec
    let dialect: Dialect
    var columns: [Column]
    /// The original column order less dropped columns (Alembic's `existing_ordering`).
    var existingOrdering: [String]
    /// `(before, after)` pairs that place added columns.
    var addColumnOrdering: [(String, String)] = []
    var named: [(name: String, constraint: ConstraintSpec)] = []
    var unnamed: [ConstraintSpec] = []
    /// CHECK constraints given inside a Column, by name: they stay with their column.
    var columnNamedChecks: [String: String] = [:]
    /// The table's own indexes (index=True column flags excluded, as Alembic leaves them
    /// out), in index-name order, and those the batch creates, in call order.
    var indexes: [IndexSpec]
    var newIndexes: [IndexSpec] = []
    /// Where added columns go (`insert_before`/`insert_after`), by name.
    var placements: [String: ColumnPlacement] = [:]
    /// Whether the table came from reflection (the replayed schema) rather than copy_from.
    let isReflected: Bool
    /// Whether it was read from a live database (where Alembic reflects it), rather
    /// than replayed from the revisions.
    var isLive = false
    /// Notes about things the copy leaves out, as Alembic warns of them.
    var warnings: [String] = []

    /// Starts from the table given as `copy_from`.
    init(_ table: TableSpec, dialect: Dialect) {
        self.init(table, dialect: dialect, isReflected: false)
    }

    /// Starts from the table as SQLite reflection describes it.
    init(reflecting table: TableSpec, dialect: Dialect) {
        var warnings: [String] = []
        let reflected = Self.reflected(table, dialect: dialect, warnings: &warnings)
        self.init(reflected, dialect: dialect, isReflected: true)
        self.warnings = warnings
    }

    private init(_ table: TableSpec, dialect: Dialect, isReflected: Bool) {
        original = table
        self.dialect = dialect
        self.isReflected = isReflected
        let table = table
        existingOrdering = table.columns.map(\.name)
        columns = table.columns.map { column in
            var copy = column
            copy.unique = nil
            copy.index = nil
            copy.foreignKeys = []  // they come back as the table's foreign key constraints
            let source = SQLExpression.column(table: table.name, name: column.name)
            return Column(key: column.name, spec: copy, source: source)
        }
        for constraint in Self.constraintsInCreationOrder(table) {
            if let name = constraint.name { named.append((name, constraint)) } else { unnamed.append(constraint) }
        }
        for column in table.columns {
            for check in column.checks { if let name = check.name { columnNamedChecks[name] = column.name } }
        }
        indexes = table.indexes.sorted { ($0.name ?? "") < ($1.name ?? "") }
    }

    /// The constraints of a `sa.Table` in SQLAlchemy's creation order: the constraint
    /// objects given to it, then the primary key it makes (unless one was given), then
    /// per column its UNIQUE and FOREIGN KEY constraints. CHECKs bound to a type
    /// (Boolean/Enum) are left out: the new table's columns make them again.
    static func constraintsInCreationOrder(_ table: TableSpec) -> [ConstraintSpec] {
        var result = table.constraints
        if !table.constraints.contains(where: { if case .primaryKey = $0.kind { return true } else { return false } }) {
            result.append(ConstraintSpec(name: nil, kind: .primaryKey(columns: table.columns.filter(\.primaryKey).map(\.name))))
        }
        for column in table.columns {
            if column.unique == true { result.append(ConstraintSpec(name: nil, kind: .unique(columns: [column.name]))) }
            for fk in column.foreignKeys {
                result.append(ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
            }
        }
        return result
    }

    static func constraintMustHaveAName() -> SQLRenderError { SQLRenderError(raises: "ValueError", "Constraint must have a name") }

    func index(of key: String) -> Int? { columns.firstIndex { $0.key == key } }

    // MARK: Operations

    mutating func apply(_ operation: Operation) throws {
        switch operation.kind {
        case .addColumn(_, _, let column, _): try addColumn(column, placement: placements[column.name])
        case .dropColumn(_, _, let column, _): try dropColumn(column)
        case .alterColumn(let alter): try alterColumn(alter)
        case .addConstraint(_, _, let constraint): try addConstraint(constraint)
        case .dropConstraint(let name, _, _, _, _): try dropConstraint(name)
        case .createIndex(let index): newIndexes.removeAll { $0.name == index.name }; newIndexes.append(index)
        case .dropIndex(let name, _, _, _, _):
            guard let i = indexes.firstIndex(where: { $0.name == name }) else {
                throw SQLRenderError(raises: "ValueError", "No such index: '\(name)'")
            }
            indexes.remove(at: i)
        case .createTableComment, .dropTableComment:
            break  // a table copy leaves comments to the new table's definition
        case .renameTable:
            throw SQLRenderError(raises: "NotImplementedError", "TODO")
        default:
            throw SQLRenderError("\(OperationText.line(operation, dialect: dialect)) in a batch table copy is not supported yet")
        }
    }

    mutating func addColumn(_ column: ColumnSpec, placement: ColumnPlacement?) throws {
        try placeAddedColumn(column.name, before: placement?.before, after: placement?.after)
        guard column.unique != true, column.index != true else {
            throw SQLRenderError("add_column with unique=True or index=True in a batch table copy is not supported yet")
        }
        var copy = column
        copy.foreignKeys = []
        // Constraints of the column come as separate add_constraint calls, as in Alembic.
        if var type = copy.type, let check = SQLRenderer(dialect: dialect).schemaTypeCheck(type, column: column.name) {
            guard let name = type.enumName else { throw Self.constraintMustHaveAName() }
            type.createConstraint = false
            copy.type = type
            named.removeAll { $0.name == name }
            named.append((name, check))
        }
        for fk in column.foreignKeys {
            try addConstraint(ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
        }
        columns.removeAll { $0.key == column.name }
        columns.append(Column(key: column.name, spec: copy, source: nil))
    }

    /// Alembic's `_setup_dependencies_for_add_column`: ordering pairs that put the new
    /// column between its neighbours (or after the last existing column).
    mutating func placeAddedColumn(_ name: String, before: String?, after: String?) throws {
        var before = before
        var after = after
        let indexes = Dictionary(existingOrdering.enumerated().map { ($1, $0) }, uniquingKeysWith: { $1 })
        func lookup(_ pairs: [(String, String)], _ key: String) throws -> String {
            guard let value = pairs.last(where: { $0.0 == key })?.1 else { throw SQLRenderError(raises: "KeyError", "'\(key)'") }
            return value
        }
        if let insertAfter = after, before == nil {
            if let i = indexes[insertAfter] {
                if i + 1 < existingOrdering.count { before = existingOrdering[i + 1] }
            } else {
                before = try lookup(addColumnOrdering, insertAfter)
            }
        }
        if let insertBefore = before, after == nil {
            if let i = indexes[insertBefore] {
                if i - 1 >= 0 { after = existingOrdering[i - 1] }
            } else {
                after = try lookup(addColumnOrdering.map { ($0.1, $0.0) }, insertBefore)
            }
        }
        if let before { addColumnOrdering.append((name, before)) }
        if let after { addColumnOrdering.append((after, name)) }
        if before == nil, after == nil, let last = existingOrdering.last { addColumnOrdering.append((last, name)) }
    }

    mutating func dropColumn(_ name: String) throws {
        guard let i = index(of: name) else { throw SQLRenderError(raises: "KeyError", "'\(name)'") }
        columns.remove(at: i)
        existingOrdering.removeAll { $0 == name }
        // The primary key loses the column (Alembic removes it from the table's key).
        for j in unnamed.indices { unnamed[j] = Self.removing(name, fromPrimaryKey: unnamed[j]) }
        for j in named.indices { named[j].constraint = Self.removing(name, fromPrimaryKey: named[j].constraint) }
    }

    static func removing(_ column: String, fromPrimaryKey constraint: ConstraintSpec) -> ConstraintSpec {
        guard case .primaryKey(let columns) = constraint.kind else { return constraint }
        var result = constraint
        result.kind = .primaryKey(columns: columns.filter { $0 != column })
        return result
    }

    mutating func alterColumn(_ alter: AlterColumn) throws {
        guard let i = index(of: alter.column) else { throw SQLRenderError(raises: "KeyError", "'\(alter.column)'") }
        if let newName = alter.newName, newName != columns[i].spec.name {
            rename(columns[i].spec.name, to: newName)
            columns[i].spec.name = newName
        }
        if let newType = alter.type {
            let old = columns[i].spec.type
            // A change of type affinity copies the data through a CAST (not to JSON on SQLite).
            if let old, let source = columns[i].source, Self.affinity(old) != Self.affinity(newType),
                !(dialect == .sqlite && Self.affinity(newType) == "JSON")
            {
                columns[i].source = .cast(source, newType)
            }
            var type = newType
            if let check = SQLRenderer(dialect: dialect).schemaTypeCheck(type, column: columns[i].spec.name) {
                // The new type's CHECK comes as an add_constraint, which needs a name.
                guard let name = type.enumName else { throw Self.constraintMustHaveAName() }
                named.removeAll { $0.name == name }
                named.append((name, check))
            }
            type.createConstraint = false
            columns[i].spec.type = type
        }
        if let nullable = alter.nullable { columns[i].spec.nullable = nullable }
        if let autoincrement = alter.autoincrement { columns[i].spec.autoincrement = autoincrement }
        if let change = alter.serverDefault { columns[i].spec.serverDefault = change }
        if let change = alter.comment { columns[i].spec.comment = change }
    }

    /// Renames a column in the constraints and indexes that name it.
    mutating func rename(_ old: String, to new: String) {
        func renamed(_ names: [String]) -> [String] { names.map { $0 == old ? new : $0 } }
        func apply(_ constraint: ConstraintSpec) -> ConstraintSpec {
            var result = constraint
            switch constraint.kind {
            case .primaryKey(let columns): result.kind = .primaryKey(columns: renamed(columns))
            case .unique(let columns): result.kind = .unique(columns: renamed(columns))
            case .foreignKey(var fk):
                fk.columns = renamed(fk.columns)
                result.kind = .foreignKey(fk)
            case .check, .exclude: break
            }
            return result
        }
        for j in named.indices { named[j].constraint = apply(named[j].constraint) }
        for j in unnamed.indices { unnamed[j] = apply(unnamed[j]) }
        for j in indexes.indices {
            indexes[j].elements = indexes[j].elements.map { $0 == .column(table: nil, name: old) ? .column(table: nil, name: new) : $0 }
        }
    }

    mutating func addConstraint(_ constraint: ConstraintSpec) throws {
        guard let name = constraint.name else { throw Self.constraintMustHaveAName() }
        if case .primaryKey = constraint.kind {
            unnamed.removeAll { if case .primaryKey = $0.kind { return true } else { return false } }
        }
        if let j = named.firstIndex(where: { $0.name == name }) {
            named[j].constraint = constraint
        } else {
            named.append((name, constraint))
        }
    }

    mutating func dropConstraint(_ name: String) throws {
        if let column = columnNamedChecks.removeValue(forKey: name), let i = columns.firstIndex(where: { $0.key == column }) {
            columns[i].spec.checks.removeAll { $0.name == name }
            return
        }
        guard let j = named.firstIndex(where: { $0.name == name }) else {
            throw SQLRenderError(raises: "ValueError", "No such constraint: '\(name)'")
        }
        named.remove(at: j)
    }

    /// SQLAlchemy's `_type_affinity`: the generic type a type belongs to.
    static func affinity(_ type: SQLType) -> String {
        let name = type.name.split(separator: ".").last.map(String.init) ?? type.name
        switch name {
        case "Integer", "BigInteger", "SmallInteger", "INTEGER", "INT", "BIGINT", "SMALLINT": return "Integer"
        case "String", "Text", "Unicode", "UnicodeText", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB", "Enum", "ENUM",
            "CITEXT":
            return "String"
        case "Numeric", "Float", "Double", "NUMERIC", "DECIMAL", "FLOAT", "REAL", "DOUBLE", "DOUBLE_PRECISION": return "Numeric"
        case "DateTime", "DATETIME", "TIMESTAMP": return "DateTime"
        case "Date", "DATE": return "Date"
        case "Time", "TIME": return "Time"
        case "Boolean", "BOOLEAN": return "Boolean"
        case "LargeBinary", "BLOB", "BINARY", "VARBINARY", "BYTEA", "PickleType": return "LargeBinary"
        case "JSON", "JSONB": return "JSON"
        case "Uuid", "UUID": return "Uuid"
        case "Interval", "INTERVAL": return "Interval"
        default: return name
        }
    }
}
