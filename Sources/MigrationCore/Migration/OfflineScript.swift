/// A plan written as the SQL script Alembic's offline mode (`--sql`) prints, byte for byte.
///
/// Alembic's `run_migrations` writes, per step: `CREATE TABLE` for the version table when
/// no row is current, `-- Running <step>`, the body's statements, then the row changes.
/// Every piece is followed by a blank line. On a database with transactional DDL
/// (PostgreSQL) the run is wrapped in `BEGIN;` / `COMMIT;`, or each step is with
/// `transaction_per_migration`.
public enum OfflineScript {
    public struct Options: Sendable, Equatable {
        public var dialect: Dialect
        /// env.py's `transaction_per_migration`.
        public var transactionPerMigration: Bool
        public var versionTable: VersionTable

        public init(dialect: Dialect, transactionPerMigration: Bool = false, versionTable: VersionTable = .init()) {
            self.dialect = dialect
            self.transactionPerMigration = transactionPerMigration
            self.versionTable = versionTable
        }
    }

    /// Alembic's refusal of a purging stamp in offline mode.
    public static let purgeRefusal = "Can't use --purge with --sql mode"

    /// The whole script for `plan`; nothing is returned unless every step could be written.
    public static func render(_ plan: MigrationPlan, _ options: Options, bodies: some RevisionBodyProvider) throws
        -> String
    {
        if plan.purge { throw CommandFailure(.usage, purgeRefusal) }
        let dialect = options.dialect
        let table = options.versionTable
        try bodies.prepare(plan, dialect: dialect)
        // Bytes, made a string once at the end: a 5,000-step script is 60,000 appends.
        var out = ByteText()
        // Alembic's `static_output`: every piece ends with a blank line.
        func emit(_ text: String) {
            out += text
            out += "\n\n"
        }
        // `_exec` in offline mode: tabs become four spaces, and the text is stripped.
        func statement(_ text: String) {
            let spaced = PythonText.containsTab(text) ? text.replacingOccurrences(of: "\t", with: "    ") : text
            out += PythonText.strip(spaced)
            out += ";\n\n"
        }
        // Quoted once: 5,000 steps would otherwise quote the same name 10,000 times.
        let tableName = table.qualifiedName(dialect)

        let outerTransaction = dialect.transactionalDDL && !options.transactionPerMigration
        let stepTransactions = dialect.transactionalDDL && options.transactionPerMigration
        if outerTransaction { emit("BEGIN;") }
        for step in plan.steps {
            if stepTransactions { emit("BEGIN;") }
            if step.headsBefore.isEmpty {
                do {
                    statement(try table.createStatement(dialect))
                } catch let error as MigrationPlanError {
                    throw CommandFailure(.usage, error.message)
                }
            }
            emit("-- Running \(step.shortLog)")
            for comment in bodies.comments(for: step) { emit("-- " + comment) }
            let printed = bodies.printed(for: step)
            let statements = try bodies.statements(for: step, dialect: dialect)
            for (index, body) in statements.enumerated() {
                for text in printed where text.after == index { out += text.text }
                statement(body)
            }
            for text in printed where text.after >= statements.count { out += text.text }
            for change in step.versionChanges {
                statement(table.statement(for: change, dialect, qualifiedName: tableName))
            }
            if stepTransactions { emit("COMMIT;") }
        }
        if outerTransaction { emit("COMMIT;") }
        return out.string
    }
}

/// Text built by appending strings' bytes to one buffer.
struct ByteText {
    private var bytes: [UInt8] = []

    static func += (text: inout ByteText, piece: String) { text.bytes.append(contentsOf: piece.utf8) }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
