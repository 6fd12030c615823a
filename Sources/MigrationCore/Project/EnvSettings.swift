import Foundation

/// What the project's env.py configures for a run: where the database is, and what
/// changes the SQL or the version rows.
///
/// Read either by running env.py under the project's Python with Alembic's environment
/// intercepted (nothing is migrated), or, without a Python, from env.py's text for the
/// common forms; `unknowns` says what the reading could not tell.
public struct EnvSettings: Sendable, Equatable {
    public enum Reader: String, Sendable, Equatable {
        /// env.py ran under the project's Python, up to `context.run_migrations()`.
        case python
        /// env.py was read as text.
        case text
    }

    public var reader: Reader
    /// The env.py file read.
    public var path: String?
    /// The URL env.py connects to, as it gives it (it may hold a password: never print it).
    public var url: String?
    /// Where env.py took the URL from (`DATABASE_URL`, the connection's engine, ...).
    public var urlSource: String?
    public var dialect: String?
    public var driver: String?
    public var versionTable: String?
    public var versionTableSchema: String?
    public var transactionPerMigration: Bool?
    public var transactionalDDL: Bool?
    public var includeSchemas: Bool?
    public var renderAsBatch: Bool?
    /// `target_metadata`'s naming convention when it is not SQLAlchemy's default; nil
    /// when it is the default or there is no metadata (see `unknowns` for "could not tell").
    public var namingConvention: [String: String]?
    /// Operations that plugins registered on Alembic's `op` (`alembic_postgresql_enum`, ...).
    public var plugins: [String] = []
    /// Statements env.py runs on the connection before migrating (`SET search_path ...`).
    public var connectionStatements: [String] = []
    /// How many times env.py called `context.configure()` (more than one: it loops over
    /// several schemas or databases).
    public var configureCalls = 0
    /// Whether env.py read `-x` arguments or anything else this reading could not follow,
    /// each a sentence naming the line.
    public var unknowns: [String] = []
    /// env.py failed while it was read (the exception and where), when it did.
    public var failure: String?
    /// `online` (env.py connected) or `offline` (env.py was read in `--sql` mode,
    /// because connecting failed).
    public var mode: String?

    public init(reader: Reader, path: String? = nil) {
        self.reader = reader
        self.path = path
    }

    /// The statements of `connectionStatements` that only set the session up
    /// (`SET search_path`, `SET ROLE`, timeouts), which Retort makes on its own
    /// connections too; the others only the project's Alembic runs.
    public var sessionStatements: [String] {
        connectionStatements.filter(Self.isSessionSetting)
    }

    /// `SET x = y` / `SET x TO y` / `SET ROLE r`, one statement, not `SET TRANSACTION` or `SET CONSTRAINTS`.
    static func isSessionSetting(_ sql: String) -> Bool {
        let text = sql.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard text.hasPrefix("SET "), !text.dropLast(text.hasSuffix(";") ? 1 : 0).contains(";") else { return false }
        return !text.hasPrefix("SET TRANSACTION") && !text.hasPrefix("SET CONSTRAINTS")
            && !text.hasPrefix("SET SESSION CHARACTERISTICS")
    }

    /// Whether env.py loops over several schemas or databases.
    public var runsSeveralTimes: Bool { configureCalls > 1 }
}
