import Foundation

/// A one-line description of an operation, and what kind of change it is, for `retort
/// ops` and the browser's Operations tab.
public enum OperationText {
    /// What an operation does to the schema or data, for colouring and warnings.
    public enum Effect: String, Sendable {
        case create, drop, alter, data
    }

    public static func effect(_ operation: Operation) -> Effect {
        switch operation.kind {
        case .createTable, .addColumn, .createIndex, .addConstraint, .createTableComment, .createType: return .create
        case .dropTable, .dropColumn, .dropIndex, .dropConstraint, .dropTableComment, .dropType: return .drop
        case .renameTable, .alterColumn, .batch: return .alter
        case .execute, .bulkInsert: return .data
        }
    }

    /// Whether the operation can destroy data: dropping a table or column, or SQL that
    /// Retort cannot inspect. (Dropping an index or constraint loses no rows.)
    public static func isDestructive(_ operation: Operation) -> Bool {
        switch operation.kind {
        // Dropping an index or a constraint loses no rows, but what relied on it (a
        // uniqueness rule, a foreign key, a query plan) goes: the issue counts them too.
        case .dropTable, .dropColumn, .dropIndex, .dropConstraint: return true
        case .execute(.text), .execute(.expression): return true
        case .execute(.delete), .execute(.update): return true
        case .alterColumn(let alter): return alter.type != nil
        case .batch(let batch): return batch.operations.contains(where: isDestructive)
        default: return false
        }
    }

    /// The table (`schema.table`) whose rows a destructive operation can lose; nil for
    /// raw SQL, whose target Retort cannot inspect.
    public static func affectedTable(_ operation: Operation) -> String? {
        func table(_ name: String, _ schema: String?) -> String { (schema.map { $0 + "." } ?? "") + name }
        switch operation.kind {
        case .dropTable(let name, let schema, _): return table(name, schema)
        case .dropColumn(let name, let schema, _, _): return table(name, schema)
        case .dropIndex(_, let name?, let schema, _, _): return table(name, schema)
        case .dropConstraint(_, let name, let schema, _, _): return table(name, schema)
        case .alterColumn(let alter): return table(alter.table, alter.schema)
        case .execute(.delete(let name, let schema, _)), .execute(.update(let name, let schema, _, _)):
            return table(name, schema)
        case .batch(let batch): return table(batch.table, batch.schema)
        default: return nil
        }
    }

    public static func line(_ operation: Operation, dialect: Dialect) -> String {
        let d = dialect
        func table(_ name: String, _ schema: String?) -> String { (schema.map { $0 + "." } ?? "") + name }
        func type(_ t: SQLType?) -> String { t.flatMap { try? d.typeName($0) } ?? t?.name ?? "?" }
        switch operation.kind {
        case .createTable(let spec):
            let columns = spec.columns.map { "\($0.name) \(type($0.type))" }.joined(separator: ", ")
            return "create table \(table(spec.name, spec.schema)) (\(columns))"
        case .dropTable(let name, let schema, _):
            return "drop table \(table(name, schema))"
        case .renameTable(let old, let new, let schema):
            return "rename table \(table(old, schema)) to \(new)"
        case .addColumn(let t, let schema, let column, _):
            return "add column \(table(t, schema)).\(column.name) \(type(column.type))" + (column.isNullable ? "" : " NOT NULL")
        case .dropColumn(let t, let schema, let column, _):
            return "drop column \(table(t, schema)).\(column)"
        case .alterColumn(let alter):
            var changes: [String] = []
            if let nullable = alter.nullable { changes.append(nullable ? "nullable" : "not null") }
            if let newType = alter.type { changes.append("type \(type(newType))") }
            if let change = alter.serverDefault {
                changes.append(change.map { "default \((try? d.expression($0)) ?? "?")" } ?? "no default")
            }
            if let newName = alter.newName { changes.append("rename to \(newName)") }
            if let comment = alter.comment { changes.append(comment.map { "comment '\($0)'" } ?? "no comment") }
            return "alter column \(table(alter.table, alter.schema)).\(alter.column): " + changes.joined(separator: ", ")
        case .createIndex(let index):
            let elements = index.elements.map { (try? d.expression($0)) ?? "?" }.joined(separator: ", ")
            return "create \(index.unique ? "unique " : "")index \(index.name ?? "?") on \(table(index.table, index.schema)) (\(elements))"
        case .dropIndex(let name, let t, let schema, _, _):
            return "drop index \(name)" + (t.map { " on \(table($0, schema))" } ?? "")
        case .addConstraint(let t, let schema, let constraint):
            let kind: String
            switch constraint.kind {
            case .primaryKey: kind = "primary key"
            case .unique: kind = "unique constraint"
            case .check: kind = "check constraint"
            case .foreignKey: kind = "foreign key"
            case .exclude: kind = "exclusion constraint"
            }
            return "create \(kind) \(constraint.name ?? "(unnamed)") on \(table(t, schema))"
        case .dropConstraint(let name, let t, let schema, let type, _):
            return "drop \(type.map { $0 + " " } ?? "")constraint \(name) on \(table(t, schema))"
        case .createTableComment(let t, let schema, let comment):
            return "comment on table \(table(t, schema)): '\(comment)'"
        case .dropTableComment(let t, let schema):
            return "drop comment on table \(table(t, schema))"
        case .execute(let statement):
            switch statement {
            case .text(let sql):
                let first = PythonText.splitLines(sql.trimmingCharacters(in: .whitespacesAndNewlines)).first ?? ""
                return "execute: \(first)"
            case .expression(let expression):
                let sql = (try? d.expression(expression)) ?? "?"
                return "execute: " + (PythonText.splitLines(sql.trimmingCharacters(in: .whitespacesAndNewlines)).first ?? "")
            case .insert(let t, let schema, _): return "insert into \(table(t, schema))"
            case .insertRows(let t, let schema, _, let rows):
                return "insert \(rows.count) row\(rows.count == 1 ? "" : "s") into \(table(t, schema))"
            case .update(let t, let schema, _, _): return "update \(table(t, schema))"
            case .delete(let t, let schema, _): return "delete from \(table(t, schema))"
            case .select(let select): return "select from " + select.froms.map { table($0.name, $0.schema) }.joined(separator: ", ")
            case .insertFromSelect(let t, let schema, _, _): return "insert into \(table(t, schema)) from a select"
            }
        case .bulkInsert(let t, let schema, _, let rows, _):
            return "bulk insert \(rows.count) row\(rows.count == 1 ? "" : "s") into \(table(t, schema))"
        case .createType(let t):
            return "create type \(t.enumName ?? t.name)"
        case .dropType(let t):
            return "drop type \(t.enumName ?? t.name)"
        case .batch(let batch):
            let inner = batch.operations.map { line($0, dialect: dialect) }.joined(separator: "; ")
            return "batch on \(table(batch.table, batch.schema)): \(inner)"
        }
    }
}
