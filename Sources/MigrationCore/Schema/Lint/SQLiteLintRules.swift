/// The pitfalls of SQLite's `ALTER TABLE` (`lint --dialect sqlite`), over the SQL Retort
/// writes for SQLite: statements SQLite refuses always, or only once the table has rows
/// (a migration that passed on an empty test database and fails in production), and the
/// table copies of batch mode. Each was checked against SQLite 3.40 itself.
extension LintRule {
    static let sqlite: [LintRule] = [
        LintRule(
            name: "sqlite-adding-required-field",
            message: "SQLite refuses a NOT NULL column without a default on a table with rows (it passes on an empty one); give it a server_default."
        ) { statement, _ in
            actions(statement) {
                guard case .addColumn(let column) = $0 else { return false }
                return column.notNull && column.defaultExpression == nil && !column.generated && !column.primaryKey
            }
        },
        LintRule(
            name: "sqlite-non-constant-default",
            message: "SQLite refuses to add a column whose default is CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME or an expression once the table has rows."
        ) { statement, _ in
            actions(statement) {
                guard case .addColumn(let column) = $0, let first = column.defaultExpression?.first else { return false }
                return first.isSymbol("(") || ["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"].contains { first.is($0) }
            }
        },
        LintRule(
            name: "sqlite-adding-unique-or-primary-key-column",
            message: "SQLite cannot add a UNIQUE or PRIMARY KEY column with ALTER TABLE; add the column, then a unique index, or use batch_alter_table."
        ) { statement, _ in
            actions(statement) {
                guard case .addColumn(let column) = $0 else { return false }
                return column.unique || column.primaryKey
            }
        },
        LintRule(
            name: "sqlite-alter-column",
            message: "SQLite has no ALTER COLUMN: the statement fails; change the column inside batch_alter_table."
        ) { statement, _ in
            actions(statement) {
                switch $0 {
                case .alterColumnType, .setNotNull, .setDefault: return true
                case .other(let word): return word == "ALTER COLUMN"
                default: return false
                }
            }
        },
        LintRule(
            name: "sqlite-table-rebuild",
            message: "Batch mode copies the whole table into a new one, holding the database's write lock for as long as the copy takes."
        ) { statement, _ in
            guard case .createTable(let table, _, _) = statement, table.hasPrefix("_alembic_tmp_") else { return 0 }
            return 1
        },
    ]
}
