/// The new table of a batch copy: its columns in SQLAlchemy's order and its constraints
/// in Alembic's, and the table it leaves in the replayed schema.
extension BatchCopy {
    /// The columns in their final order: added columns placed by SQLAlchemy's topological
    /// sort of the ordering pairs (in layers, so a column added after one that was then
    /// dropped comes first, as in Alembic).
    func orderedColumns() -> [Column] {
        guard !addColumnOrdering.isEmpty else { return columns }
        let keys = columns.map(\.key)
        var pairs: [(String, String)] = []
        for (i, element) in existingOrdering.enumerated() where i > 0 && i - 1 < keys.count {
            pairs.append((keys[i - 1], element))
        }
        pairs += addColumnOrdering
        var parents: [String: Set<String>] = [:]
        for (parent, child) in pairs where parent != child { parents[child, default: []].insert(parent) }
        var todo = keys
        var remaining = Set(keys)
        var order: [String] = []
        while !remaining.isEmpty {
            let layer = todo.filter { remaining.isDisjoint(with: parents[$0] ?? []) }
            guard !layer.isEmpty else { return columns }  // a cycle: SQLAlchemy raises; keep the order
            order += layer
            remaining.subtract(layer)
            todo = todo.filter { remaining.contains($0) }
        }
        return order.compactMap { key in columns.first { $0.key == key } }
    }

    /// The new table under its temporary name: type-bound CHECKs of the kept columns,
    /// then the named constraints, then the unnamed ones whose columns all remain.
    func newTable() -> (table: TableSpec, columns: [Column]) {
        let ordered = orderedColumns()
        var table = TableSpec(name: String(("_alembic_tmp_" + original.name).prefix(50)), schema: original.schema)
        // Alembic passes the old table's dialect keywords on (`table_kwargs`).
        table.options = original.options
        let keys = Set(ordered.map(\.key))
        let names = Set(ordered.map(\.spec.name))
        var primaryKey: ConstraintSpec?
        var constraints: [ConstraintSpec] = []
        let renderer = SQLRenderer(dialect: dialect)
        for column in ordered {
            if let type = column.spec.type?.resolved(for: dialect.rawValue), let check = renderer.schemaTypeCheck(type, column: column.spec.name) {
                constraints.append(check)
            }
        }
        for constraint in named.map(\.constraint) + unnamed {
            guard Self.columns(of: constraint).isSubset(of: names.union(keys)) else { continue }
            if case .primaryKey = constraint.kind { primaryKey = constraint } else { constraints.append(constraint) }
        }
        var pkColumns: [String] = []
        if let primaryKey, case .primaryKey(let columns) = primaryKey.kind, !columns.isEmpty {
            pkColumns = columns
            constraints.insert(primaryKey, at: 0)
        }
        table.constraints = constraints
        table.columns = ordered.map { column in
            var spec = column.spec
            spec.primaryKey = pkColumns.contains(spec.name)
            if var type = spec.type {
                type.createConstraint = false  // made above, in Alembic's order
                spec.type = type
            }
            return spec
        }
        return (table, ordered)
    }

    /// The table after the batch, for the replayed schema: the new table under the old
    /// name, with its indexes.
    func resultingTable() -> TableSpec {
        var table = newTable().table
        table.name = original.name
        table.indexes = (indexes + newIndexes).map { index in
            var copy = index
            copy.table = original.name
            copy.schema = original.schema
            return copy
        }
        return table
    }

    /// The columns a constraint names (none for CHECK: SQLAlchemy finds none in text).
    static func columns(of constraint: ConstraintSpec) -> Set<String> {
        switch constraint.kind {
        case .primaryKey(let columns), .unique(let columns): return Set(columns)
        case .foreignKey(let fk): return Set(fk.columns)
        case .check, .exclude: return []
        }
    }
}
