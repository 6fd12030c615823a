/// ADD COLUMN and ALTER COLUMN, with what Alembic adds around them (the column's
/// constraints and index, a type's CHECK, comments).
extension SQLRenderer {
    mutating func addColumn(_ table: String, _ schema: String?, _ column: ColumnSpec, ifNotExists: Bool) throws -> [String] {
        let d = dialect
        let target = d.table(table, schema: schema)
        var spec = TableSpec(name: table, schema: schema, columns: [column])
        spec.constraints = []
        let autoincrement = column.primaryKey ? autoincrementColumn(spec, [column.name]) : nil
        var statements = [
            "ALTER TABLE \(target) ADD COLUMN " + (ifNotExists ? "IF NOT EXISTS " : "")
                + (try columnSpecification(column, isAutoincrement: autoincrement == column.name, tablePKCount: column.primaryKey ? 1 : 0))
        ]
        // Alembic then adds the column's own constraints and indexes; SQLite skips them.
        var implied: [ConstraintSpec] = []
        if column.unique == true && column.index != true { implied.append(ConstraintSpec(name: nil, kind: .unique(columns: [column.name]))) }
        if let type = column.type?.resolved(for: d.rawValue), let check = schemaTypeCheck(type, column: column.name) {
            implied.append(check)
        }
        for fk in column.foreignKeys {
            implied.append(ConstraintSpec(name: fk.name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
        }
        if d.isPostgreSQL {
            for constraint in implied { statements.append("ALTER TABLE \(target) ADD " + (try self.constraint(constraint))) }
        } else if implied.contains(where: { if case .check = $0.kind { return false } else { return true } }) {
            // SQLite cannot ALTER a constraint in: Alembic raises after the ADD COLUMN.
            throw SQLRenderError(raises: "NotImplementedError", Self.sqliteConstraintMessage, after: statements)
        } else if !implied.isEmpty {
            warnings.append("SQLite cannot add the CHECK constraint of column \(column.name) with ALTER; Alembic skips it too")
        }
        if column.index == true {
            var index = IndexSpec(name: "ix_\(table)_\(column.name)", table: table, schema: schema, elements: [.column(table: nil, name: column.name)])
            index.unique = column.unique == true
            statements.append(try createIndex(index))
        }
        if d.isPostgreSQL, let comment = column.comment {
            statements.append("COMMENT ON COLUMN \(target).\(d.quote(column.name)) IS \(d.stringLiteral(comment))")
        }
        return statements
    }

    mutating func alterColumn(_ alter: AlterColumn) throws -> [String] {
        let d = dialect
        let target = d.table(alter.table, schema: alter.schema)
        let column = d.quote(alter.column)
        var statements: [String] = []
        if !d.isPostgreSQL { warnings.append("SQLite does not support ALTER COLUMN; use batch_alter_table") }
        // A type change replaces the CHECK a non-native Enum makes (Alembic drops the old
        // one first and adds the new one last; SQLite only warns about both).
        if d.isPostgreSQL, alter.type != nil, let old = alter.existingType, let check = schemaTypeCheck(old, column: alter.column) {
            guard let name = check.name else {
                throw SQLRenderError(raises: "CompileError", "Can't emit DROP CONSTRAINT for constraint CheckConstraint(); it has no name")
            }
            statements.append("ALTER TABLE \(target) DROP CONSTRAINT \(d.quote(name))")
        }
        if d.isPostgreSQL, let type = alter.type {
            var text = "ALTER TABLE \(target) ALTER COLUMN \(column) TYPE \(try d.typeName(type))"
            if let using = alter.postgresqlUsing { text += " USING " + d.text(using) }
            statements.append(text)
        }
        if let nullable = alter.nullable {
            statements.append("ALTER TABLE \(target) ALTER COLUMN \(column) " + (nullable ? "DROP NOT NULL" : "SET NOT NULL"))
        }
        if let change = alter.serverDefault {
            if let value = change {
                statements.append("ALTER TABLE \(target) ALTER COLUMN \(column) SET DEFAULT \(try d.defaultClause(value))")
            } else {
                statements.append("ALTER TABLE \(target) ALTER COLUMN \(column) DROP DEFAULT")
            }
        }
        if !d.isPostgreSQL, let type = alter.type {
            statements.append("ALTER TABLE \(target) ALTER COLUMN \(column) TYPE \(try d.typeName(type))")
        }
        if let change = alter.comment {
            guard d.isPostgreSQL else {
                throw SQLRenderError(
                    raises: "UnsupportedCompilationError",
                    "Compiler <SQLiteDDLCompiler> can't render element of type <class 'alembic.ddl.base.ColumnComment'>",
                    after: statements)
            }
            statements.append("COMMENT ON COLUMN \(target).\(column) IS " + (change.map(d.stringLiteral) ?? "NULL"))
        }
        if let newName = alter.newName {
            statements.append("ALTER TABLE \(target) RENAME " + (d.isPostgreSQL ? "" : "COLUMN ") + "\(column) TO \(d.quote(newName))")
        }
        // The new CHECK names the column as it was before a rename, as Alembic writes it.
        if d.isPostgreSQL, let type = alter.type, let check = schemaTypeCheck(type, column: alter.column) {
            statements.append("ALTER TABLE \(target) ADD " + (try constraint(check)))
        }
        return statements
    }
}
