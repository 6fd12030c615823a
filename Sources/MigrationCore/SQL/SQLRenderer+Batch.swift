/// `batch_alter_table`: Alembic runs `batch_op.execute` at once and the other operations
/// when the block ends, either as they are (ALTER) or through a table copy ("move and
/// copy"), which offline needs the table as `copy_from`.
extension SQLRenderer {
    mutating func batch(_ batch: BatchSpec) throws -> [String] {
        var statements: [String] = []
        var deferred: [Operation] = []
        // The parts are written with rawStatements: the batch as a whole updates the schema.
        for operation in batch.operations {
            if case .execute = operation.kind {
                statements += try rawStatements(operation)
            } else {
                deferred.append(operation)
            }
        }
        let recreate: Bool
        switch batch.recreate {
        case "always": recreate = true
        case "never": recreate = false
        default: recreate = dialect == .sqlite && deferred.contains(where: Self.needsTableCopyOnSQLite)
        }
        guard recreate else {
            guard batch.placements.isEmpty else {
                throw SQLRenderError(
                    raises: "CommandError",
                    "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'",
                    after: statements)
            }
            for operation in deferred { statements += try rawStatements(operation) }
            return statements
        }
        var copy: BatchCopy
        if let table = batch.copyFrom {
            copy = BatchCopy(table, dialect: dialect)
        } else if let schema, dialect == .sqlite || schema.isLive {
            // Alembic reflects the table from the live database: a live run has read it
            // (SchemaModel(live:)); offline, Retort knows it from the revisions before
            // (when the caller replayed them), which Alembic's offline mode cannot.
            copy = BatchCopy(reflecting: try schema.table(batch.table, schema: batch.schema).get(), dialect: dialect)
            copy.isLive = schema.isLive
            copiedTables.append(SchemaModel.Key(batch.table, schema: batch.schema))
            for lost in schema.copyLosses[SchemaModel.Key(batch.table, schema: batch.schema)] ?? [] {
                warnings.append("the copy of table \(batch.table) loses \(lost)")
            }
        } else {
            throw SQLRenderError(
                raises: "CommandError",
                "This operation cannot proceed in --sql mode; batch mode with dialect \(dialect.rawValue) requires a live "
                    + "database connection with which to reflect the table \"\(batch.table)\". To generate a batch SQL migration "
                    + "script using table \"move and copy\", a complete Table object should be passed to the \"copy_from\" "
                    + "argument of the batch_alter_table() method so that table reflection can be skipped.",
                after: statements)
        }
        guard batch.unfollowedCopyOptions.isEmpty else {
            throw SQLRenderError(
                "batch_alter_table(\(batch.unfollowedCopyOptions.joined(separator: ", "))=...) in a table copy is not supported yet")
        }
        copy.placements = batch.placements
        do {
            for operation in deferred { try copy.apply(operation) }
            statements += try tableCopy(copy)
            warnings += copy.warnings
            copiedTable = copy.resultingTable()
            return statements
        } catch var error as SQLRenderError {
            error.partial = statements + error.partial
            throw error
        }
    }

    /// SQLite's `requires_recreate_in_batch`: anything but indexes and simple added
    /// columns (Alembic adds a column's constraints as separate batch operations).
    static func needsTableCopyOnSQLite(_ operation: Operation) -> Bool {
        switch operation.kind {
        case .createIndex, .dropIndex: return false
        case .addColumn(_, _, let column, _):
            // A server default other than a plain string is a SQL expression.
            if let value = column.serverDefault, value.stringLiteralValue == nil { return true }
            if column.computed?.persisted == true { return true }
            if !column.foreignKeys.isEmpty || (column.unique == true && column.index != true) { return true }
            if let type = column.type, SQLRenderer(dialect: .sqlite).schemaTypeCheck(type, column: column.name) != nil { return true }
            return false
        default: return true
        }
    }

    /// The statements of a table copy: on PostgreSQL first dropping the named
    /// constraints the copy keeps (their names must be free), then CREATE TABLE under the
    /// temporary name, INSERT ... SELECT, DROP TABLE, RENAME, and the indexes.
    mutating func tableCopy(_ copy: BatchCopy) throws -> [String] {
        let d = dialect
        let original = copy.original
        let target = d.table(original.name, schema: original.schema)
        var statements: [String] = []
        if d.isPostgreSQL {
            let kept = Set(copy.named.map(\.name))
            for constraint in BatchCopy.constraintsInCreationOrder(original) {
                if let name = constraint.name, kept.contains(name) {
                    statements.append("ALTER TABLE \(target) DROP CONSTRAINT \(d.quote(name))")
                }
            }
        }
        let (table, columns) = copy.newTable()
        let temporary = d.table(table.name, schema: table.schema)
        statements += try createTable(table)
        let qualified = (original.schema.map { d.quote($0) + "." } ?? "") + d.quote(original.name) + "."
        let transferred = columns.filter { $0.source != nil }
        let names = transferred.map { d.quote($0.spec.name) }.joined(separator: ", ")
        let selected = try transferred.map { column -> String in
            switch column.source {
            case .cast(_, let type)?:
                return "CAST(\(qualified)\(d.quote(column.key)) AS \(try d.typeName(type))) AS \(d.quote(column.key))"
            default:
                return qualified + d.quote(column.key)
            }
        }.joined(separator: ", ")
        statements.append("INSERT INTO \(temporary) (\(names)) SELECT \(selected) \nFROM \(target)")
        statements.append("DROP TABLE \(target)")
        statements.append("ALTER TABLE \(temporary) RENAME TO \(d.quote(original.name))")
        let kept = Set(table.columns.map(\.name))
        for var index in copy.indexes + copy.newIndexes {
            // Alembic writes an index on a dropped column as it was (the database then
            // refuses it), as a live run does too; from the replayed schema offline,
            // Retort leaves it out, as the database has dropped it with the column.
            let lost = index.elements.contains { if case .column(nil, let name) = $0 { return !kept.contains(name) } else { return false } }
            if lost && copy.isReflected && !copy.isLive { continue }
            if lost && copy.isLive {
                warnings.append(
                    "index \(index.name ?? "?") is on a column the copy drops: Alembic creates it again and the database "
                        + "refuses it; drop the index first in the migration")
            }
            index.table = original.name
            index.schema = original.schema
            statements.append(try createIndex(index))
        }
        return statements
    }
}

extension SQLExpression {
    /// The text of a string literal.
    var stringLiteralValue: String? {
        if case .literal(.string(let s)) = self { return s }
        return nil
    }
}
