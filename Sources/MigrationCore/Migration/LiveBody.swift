/// One revision function ready to run on a live database: each statement with the script
/// line of the operation it comes from and whether it must run outside a transaction,
/// and the operations that can destroy data.
public struct LiveBody: Sendable {
    /// One statement, as it will be sent (without a trailing `;`).
    public struct Statement: Sendable, Equatable {
        public var sql: String
        /// The script line of the `op.*` call that made it.
        public var line: Int
        /// Why it runs outside a transaction (`op.get_context().autocommit_block()`,
        /// `CREATE INDEX CONCURRENTLY`, ...), or nil when it runs inside one.
        public var outsideTransaction: String?
        /// Whether it is one SQL command, as everything Retort renders is; raw SQL from
        /// `op.execute` may hold several, which only a statement sent on its own can.
        public var isSingleCommand: Bool

        public init(sql: String, line: Int, outsideTransaction: String? = nil, isSingleCommand: Bool = true) {
            self.sql = sql
            self.line = line
            self.outsideTransaction = outsideTransaction
            self.isSingleCommand = isSingleCommand
        }
    }

    /// An operation that can destroy data (`OperationText.isDestructive`), for the plan.
    public struct Destructive: Sendable, Equatable {
        public var line: Int
        public var description: String
        /// The table whose rows it can destroy (`schema.table`), or nil for raw SQL that
        /// Retort cannot inspect.
        public var table: String? = nil
    }

    public var revision: String
    public var path: String
    public var direction: RevisionBody.Direction
    public var statements: [Statement]
    public var destructive: [Destructive]
    /// What kept the function from being fully understood; empty when it can run.
    public var unsupported: [Unsupported]
    /// Whether it has a `batch_alter_table`, whose table copy needs the schema before it.
    public var hasBatch: Bool
    /// The renderer's notes on statements the database will refuse or that drop
    /// something (SQLite's ALTER COLUMN, an unnamed CHECK left out of a table copy).
    public var warnings: [String] = []
    /// The tables its batch operations copy as they are in the database: a live run
    /// reads them again in the step's transaction and writes the copy from what it reads.
    public var copiedTables: [SchemaModel.Key] = []
    /// The operations, in order (what a plan's later table copies see applied).
    var operations: [Operation] = []
    /// The schema it was rendered against, as the function leaves it.
    var schemaAfter: SchemaModel?

    /// Whether it asks the Inspector or reads rows, and uses the answer: the database it
    /// runs on decides its statements, so a run writes them again in the step's
    /// transaction (`LiveBodies.statements(for:on:)`).
    public var asksTheDatabase = false
    /// The questions it asked, each as the plan marks it (`line 24: inspector.has_table('jobs')
    /// asks the database: decided when it runs`).
    public var decidedWhenItRuns: [String] = []

    /// Whether its statements are written again from the database as the step's
    /// transaction reads it (a table copy, an Inspector question, a read of rows).
    public var isWrittenWhenItRuns: Bool { !copiedTables.isEmpty || asksTheDatabase }

    public var isInterpretable: Bool { unsupported.isEmpty }
    /// False when the script has no such function (no engine can run it).
    public var exists = true

    /// Reads and renders `revision`'s function for a live run on `dialect`: Alembic's
    /// online mode (`context.is_offline_mode()` is False). `schema` is the database
    /// before the function runs, for batch table copies (read from the live database).
    public static func render(
        _ revision: Revision, _ direction: RevisionBody.Direction, dialect: Dialect, serverVersion: Int? = nil,
        schema: SchemaModel? = nil, database: (any DatabaseConnection)? = nil
    ) -> LiveBody {
        let body = RevisionBody.render(
            revision, direction, dialect: dialect, offline: false, schema: schema, database: database, serverVersion: serverVersion)
        var live = LiveBody(
            revision: revision.id, path: revision.path, direction: direction, statements: [], destructive: [],
            unsupported: body.isInterpretable ? [] : body.unsupported,
            hasBatch: body.operations.contains { if case .batch = $0.kind { return true } else { return false } })
        live.operations = body.operations
        live.exists = body.exists
        live.copiedTables = body.copiedTables
        live.schemaAfter = body.schemaAfter
        live.asksTheDatabase = body.asksTheDatabase
        live.decidedWhenItRuns = body.inspectionNotes + body.queryNotes
        guard body.isInterpretable else { return live }
        // Operation by operation, to know which line each statement comes from.
        // (RevisionBody's whole list also has the COMMIT/BEGIN that the offline script
        // writes around an autocommit block; a live run leaves the transaction instead.)
        for (operation, rendered) in zip(body.operations, body.statementsByOperation) {
            if OperationText.isDestructive(operation) {
                live.destructive.append(
                    Destructive(
                        line: operation.line, description: OperationText.line(operation, dialect: dialect),
                        table: OperationText.affectedTable(operation)))
            }
            let texts: [String]
            switch rendered {
            case .success(let statements): texts = statements
            case .failure(let error):
                // Alembic raises here and the script catches it: what reached the database
                // before the exception is not known for a live run, so it is not run.
                live.unsupported.append(Unsupported(path: revision.path, line: operation.line, reason: "\(error)"))
                continue
            }
            var makesTables = false
            var isRawSQL = false
            switch operation.kind {
            case .createTable, .batch: makesTables = true
            case .execute(.text), .execute(.expression): isRawSQL = true
            default: break
            }
            for var sql in texts {
                if makesTables && sql.hasPrefix("CREATE TABLE ") { sql = onlineLayout(sql) }
                let reason =
                    operation.inAutocommitBlock
                    ? "autocommit_block()"
                    : OutsideTransaction.reason(sql, dialect: dialect, serverVersion: serverVersion)
                live.statements.append(
                    Statement(sql: sql, line: operation.line, outsideTransaction: reason, isSingleCommand: !isRawSQL))
            }
        }
        // Each note once, in order (a note may come from more than one pass of the renderer).
        var seen = Set<String>()
        live.warnings = body.warnings.filter { seen.insert($0).inserted }
        return live
    }

    /// SQLAlchemy indents a CREATE TABLE's columns with a tab, which Alembic's offline
    /// mode (and so the renderer) writes as four spaces; SQLite keeps the text it was
    /// sent in `sqlite_master`, so a live run sends the tab, as Alembic online does.
    /// SQLAlchemy ends the statement with two line breaks, which SQLite keeps too when
    /// table options (`WITHOUT ROWID`, `STRICT`) follow the column list.
    static func onlineLayout(_ createTable: String) -> String {
        let text = createTable.replacingOccurrences(of: "\n    ", with: "\n\t")
        return text.hasSuffix(")") ? text : text + "\n\n"
    }

    /// Whether any statement runs outside a transaction.
    public var hasStatementsOutsideTransaction: Bool {
        statements.contains { $0.outsideTransaction != nil }
    }
}
