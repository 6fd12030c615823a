/// The table a batch copy starts from when there is no copy_from: what SQLite's
/// reflection gives back of the table in the replayed schema.
extension BatchCopy {
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
                // Reflection gives the CHECK as a constraint and the type without it.
                var plain = type
                plain.createConstraint = false
                result.columns[i].type = plain
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
}
