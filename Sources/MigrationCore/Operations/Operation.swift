/// One schema or data change a migration makes, typed: what Alembic's `op` call means.
public struct Operation: Sendable, Equatable {
    public var kind: Kind
    /// The script line of the call.
    public var line: Int
    /// Made inside `autocommit_block()`: runs outside a transaction.
    public var inAutocommitBlock = false
    /// Which block (OperationCall.autocommitBlock).
    public var autocommitBlock = 0
    /// Alembic raises this exception running the operation and the script catches it:
    /// only what Alembic wrote before raising is part of the output.
    public var raised: RaisedException?

    public indirect enum Kind: Sendable, Equatable {
        case createTable(TableSpec)
        case dropTable(name: String, schema: String?, ifExists: Bool)
        case renameTable(old: String, new: String, schema: String?)
        case addColumn(table: String, schema: String?, column: ColumnSpec, ifNotExists: Bool)
        case dropColumn(table: String, schema: String?, column: String, ifExists: Bool)
        case alterColumn(AlterColumn)
        case createIndex(IndexSpec)
        case dropIndex(name: String, table: String?, schema: String?, ifExists: Bool, options: [String: IndexOption])
        case addConstraint(table: String, schema: String?, ConstraintSpec)
        case dropConstraint(name: String, table: String, schema: String?, type: String?, ifExists: Bool)
        case createTableComment(table: String, schema: String?, comment: String)
        case dropTableComment(table: String, schema: String?)
        case execute(SQLStatement)
        case bulkInsert(table: String, schema: String?, columns: [String: SQLType], rows: [[(String, LiteralOrExpression)]], multiInsert: Bool)
        case createType(SQLType)
        case dropType(SQLType)
        case batch(BatchSpec)

        public static func == (a: Kind, b: Kind) -> Bool { "\(a)" == "\(b)" }
    }
}

extension Operation {
    /// Whether it is a `batch_alter_table` block.
    public var isBatch: Bool {
        if case .batch = kind { return true }
        return false
    }
}

/// A value in a bulk insert row: a literal, or an expression such as `op.inline_literal`.
public enum LiteralOrExpression: Sendable, Equatable {
    case literal(LiteralValue)
    case expression(SQLExpression)
}

/// `op.alter_column(...)`: each change given, with the `existing_*` facts it needs.
public struct AlterColumn: Sendable, Equatable {
    public var table: String
    public var schema: String?
    public var column: String
    public var nullable: Bool?
    /// Set when `server_default` was given: `.some(nil)` drops the default.
    public var serverDefault: SQLExpression??
    public var newName: String?
    public var type: SQLType?
    /// Set when `comment` was given: `.some(nil)` drops the comment.
    public var comment: String??
    public var existingType: SQLType?
    public var existingNullable: Bool?
    public var existingServerDefault: SQLExpression?
    public var existingComment: String?
    public var postgresqlUsing: String?
    /// `autoincrement=`: Alembic only warns about it, except in a batch table copy.
    public var autoincrement: Bool?
}

/// SQL that `op.execute` sends: text as written, or a simple DML construct.
public enum SQLStatement: Sendable, Equatable {
    case text(String)
    /// `sa.text(...).bindparams(...)` and other SQL expressions sent as they are.
    case expression(SQLExpression)
    case insert(table: String, schema: String?, values: [(String, SQLExpression)])
    /// `t.insert().values([{...}, {...}])`: one INSERT with several rows.
    case insertRows(table: String, schema: String?, columns: [String], rows: [[SQLExpression]])
    case update(table: String, schema: String?, values: [(String, SQLExpression)], whereClause: SQLExpression?)
    case delete(table: String, schema: String?, whereClause: SQLExpression?)
    case select(SelectSpec)
    /// `t.insert().from_select(columns, select)`.
    case insertFromSelect(table: String, schema: String?, columns: [String], select: SelectSpec)

    public static func == (a: SQLStatement, b: SQLStatement) -> Bool { "\(a)" == "\(b)" }
}

/// `with op.batch_alter_table(...) as batch_op:` and what was done on `batch_op`.
public struct BatchSpec: Sendable, Equatable {
    public var table: String
    public var schema: String?
    /// `auto` (default), `always` or `never`.
    public var recreate: String
    public var operations: [Operation]
    public var hasCopyFrom: Bool
    /// The table given as `copy_from`: what the table copy starts from offline.
    public var copyFrom: TableSpec?
    /// Where `add_column(insert_before=..., insert_after=...)` puts a column, by its name.
    public var placements: [String: ColumnPlacement] = [:]
    /// Options given that only change a table copy and that Retort does not follow
    /// (`table_args`, `table_kwargs`, `partial_reordering`): a copy with them is refused.
    public var unfollowedCopyOptions: [String] = []
}

/// The neighbours an added column is placed between in a batch table copy.
public struct ColumnPlacement: Sendable, Equatable {
    public var before: String?
    public var after: String?

    public init(before: String?, after: String?) {
        self.before = before
        self.after = after
    }
}
