/// A safety rule over PostgreSQL statements, by squawk's name and with squawk's meaning:
/// every rule and its one-line why declared once, in `LintRule.all`.
struct LintRule: Sendable {
    var name: String
    /// Why the statement is a risk, in one line.
    var message: String
    /// How many times the statement breaks the rule, given what came before it.
    var hits: @Sendable (LintStatement, LintContext) -> Int
}

/// What the statements before this one in the revision's script did, as the rules need it.
struct LintContext {
    var postgresVersion: PostgresVersion
    /// Alembic runs each PostgreSQL migration in a transaction (transactional DDL): a
    /// script starts inside one, as with squawk's `--assume-in-transaction`.
    var inTransaction = true
    /// Tables created inside the open transaction (by their names as written): nobody
    /// else can see them yet.
    var createdInTransaction: Set<String> = []
    /// Constraints added `NOT VALID` in the open transaction, by name (last part).
    var notValidInTransaction: Set<String> = []
    /// `CHECK (column IS NOT NULL) NOT VALID` constraints by name: (table, column), table by its last part.
    var notNullChecks: [String: (table: String, column: String)] = [:]
    /// (table, column) pairs whose NOT NULL check was validated, and tables with a
    /// validation of a constraint this script did not add (which may be such a check).
    var validatedNotNull: Set<String> = []
    var validatedElsewhere: Set<String> = []
    var lockTimeoutSet = false
    var statementTimeoutSet = false
    /// Whether a statement that may be slow came already: the timeouts had to be set
    /// before the first one (the timeout rules look at that one only).
    var pastSlowStatement = false

    /// Whether `table` was created in the open transaction.
    func isNew(_ table: String) -> Bool { inTransaction && createdInTransaction.contains(table) }

    /// How many of the `SET NOT NULL` actions must scan the table: all of them before
    /// PostgreSQL 12; from 12, those whose column no validated `IS NOT NULL` check covers
    /// (the actions before each in the statement count).
    func unpreparedSetNotNull(_ table: String, _ actions: [LintStatement.AlterAction]) -> Int {
        var state = self
        var count = 0
        for action in actions {
            if case .setNotNull(let column) = action {
                let key = Self.last(table)
                let prepared =
                    postgresVersion >= PostgresVersion(major: 12)
                    && (state.validatedNotNull.contains(key + "." + column) || state.validatedElsewhere.contains(key))
                if !prepared { count += 1 }
            }
            state.note(action, on: table)
        }
        return count
    }

    /// How many `VALIDATE CONSTRAINT` actions validate a constraint added `NOT VALID` in
    /// the same open transaction (the actions before each in the statement count).
    func validationsInTransaction(_ table: String, _ actions: [LintStatement.AlterAction]) -> Int {
        var state = self
        var count = 0
        for action in actions {
            if case .validateConstraint(let name) = action, state.inTransaction,
                state.notValidInTransaction.contains(Self.last(name))
            {
                count += 1
            }
            state.note(action, on: table)
        }
        return count
    }

    /// Takes the statement into account, after the rules have read it.
    mutating func advance(past statement: LintStatement) {
        switch statement {
        case .begin:
            if !inTransaction { notValidInTransaction = [] }
            inTransaction = true
        case .commit:
            inTransaction = false
            createdInTransaction = []
        case .createTable(let table, _, _), .createTableAs(let table):
            if inTransaction { createdInTransaction.insert(table) }
        case .alterTable(let table, let actions):
            for action in actions { note(action, on: table) }
        case .set(let name, _):
            if name == "lock_timeout" { lockTimeoutSet = true }
            if name == "statement_timeout" { statementTimeoutSet = true }
        default: break
        }
        if statement.mayBeSlow { pastSlowStatement = true }
    }

    private mutating func note(_ action: LintStatement.AlterAction, on table: String) {
        switch action {
        case .addConstraint(let constraint):
            guard constraint.notValid, let name = constraint.name.map(Self.last) else { return }
            notValidInTransaction.insert(name)
            if let column = constraint.notNullColumn { notNullChecks[name] = (Self.last(table), column) }
        case .validateConstraint(let name):
            if let check = notNullChecks[Self.last(name)], check.table == Self.last(table) {
                validatedNotNull.insert(check.table + "." + check.column)
            } else {
                validatedElsewhere.insert(Self.last(table))
            }
        default: break
        }
    }

    /// The last part of a qualified name.
    static func last(_ name: String) -> String { name.split(separator: ".").last.map(String.init) ?? name }
}

/// The PostgreSQL version the rules assume (`--pg-version`), compared as squawk compares
/// it: a part not given is below every number (`11` < `11.0`).
public struct PostgresVersion: Sendable, Comparable {
    public var major: Int
    public var minor: Int?
    public var patch: Int?

    public init(major: Int, minor: Int? = nil, patch: Int? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// `13`, `13.2`, `13.2.1`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard let first = parts.first, let major = first, parts.count <= 3, !parts.contains(where: { $0 == nil }) else { return nil }
        self.init(major: major, minor: parts.count > 1 ? parts[1] : nil, patch: parts.count > 2 ? parts[2] : nil)
    }

    /// Without `--pg-version`: 15.0.0, squawk's default.
    public static let assumed = PostgresVersion(major: 15, minor: 0, patch: 0)

    public static func < (a: PostgresVersion, b: PostgresVersion) -> Bool {
        (a.major, a.minor ?? -1, a.patch ?? -1) < (b.major, b.minor ?? -1, b.patch ?? -1)
    }
}

extension LintRule {
    /// Every rule, in the order findings of one statement are listed.
    static let all: [LintRule] = [
        LintRule(
            name: "require-concurrent-index-creation",
            message: "CREATE INDEX without CONCURRENTLY stops every write to the table until the index is built."
        ) { statement, context in
            guard case .createIndex(_, let table, false) = statement else { return 0 }
            return context.isNew(table) ? 0 : 1
        },
        LintRule(
            name: "require-concurrent-index-deletion",
            message: "DROP INDEX without CONCURRENTLY locks the table against reads and writes until the drop is done."
        ) { statement, _ in
            guard case .dropIndex(_, false) = statement else { return 0 }
            return 1
        },
        LintRule(
            name: "adding-not-nullable-field",
            message: "SET NOT NULL scans the whole table under a lock that blocks reads and writes."
        ) { statement, context in
            guard case .alterTable(let table, let actions) = statement else { return 0 }
            return context.unpreparedSetNotNull(table, actions)
        },
        LintRule(
            name: "adding-required-field",
            message: "A NOT NULL column without a default fails on a table with rows, and breaks inserts that do not name it."
        ) { statement, _ in
            actions(statement) {
                guard case .addColumn(let column) = $0 else { return false }
                return column.notNull && column.defaultExpression == nil && !column.generated
            }
        },
        LintRule(
            name: "adding-field-with-default",
            message: "A generated column, or a default that may be volatile, rewrites the whole table under an exclusive lock."
        ) { statement, context in
            guard case .alterTable(_, let actions) = statement else { return 0 }
            return actions.reduce(0) { count, action in
                guard case .addColumn(let column) = action else { return count }
                var hits = column.generated ? 1 : 0
                if let expression = column.defaultExpression,
                    !(context.postgresVersion > PostgresVersion(major: 11) && LintDefaults.isNonVolatile(expression))
                {
                    hits += 1
                }
                return count + hits
            }
        },
        LintRule(
            name: "adding-foreign-key-constraint",
            message: "A new foreign key scans the table and blocks writes to both tables while it does; add it NOT VALID, then VALIDATE."
        ) { statement, context in
            guard case .alterTable(let table, _) = statement else { return 0 }
            return actions(statement) {
                switch $0 {
                case .addConstraint(let constraint):
                    return constraint.kind == .foreignKey && !constraint.notValid && !context.isNew(table)
                case .addColumn(let column): return column.references
                default: return false
                }
            }
        },
        LintRule(
            name: "constraint-missing-not-valid",
            message: "A constraint added without NOT VALID, or validated in the transaction that added it, scans the table while blocking writes."
        ) { statement, context in
            guard case .alterTable(let table, let actions) = statement else { return 0 }
            let added = context.isNew(table) ? 0 : Self.actions(statement) {
                guard case .addConstraint(let constraint) = $0 else { return false }
                return !constraint.notValid && !constraint.usingIndex
            }
            return added + context.validationsInTransaction(table, actions)
        },
        LintRule(
            name: "disallowed-unique-constraint",
            message: "A UNIQUE constraint builds its index under a lock that blocks reads and writes; build the index CONCURRENTLY, then add the constraint USING INDEX."
        ) { statement, context in
            guard case .alterTable(let table, _) = statement else { return 0 }
            return actions(statement) {
                switch $0 {
                case .addConstraint(let constraint):
                    return constraint.kind == .unique && !constraint.usingIndex && !context.isNew(table)
                case .addColumn(let column): return column.unique
                default: return false
                }
            }
        },
        LintRule(
            name: "changing-column-type",
            message: "A new column type can rewrite the table under a lock that blocks reads and writes."
        ) { statement, _ in
            actions(statement) { if case .alterColumnType = $0 { return true } else { return false } }
        },
        LintRule(name: "ban-drop-column", message: "Code still running against the old schema may read or write the dropped column.") {
            statement, _ in
            actions(statement) { if case .dropColumn = $0 { return true } else { return false } }
        },
        LintRule(name: "ban-drop-table", message: "Code still running against the old schema may use the dropped table.") {
            statement, _ in
            if case .dropTable = statement { return 1 }
            return 0
        },
        LintRule(name: "renaming-column", message: "Code still running against the old schema uses the old column name.") {
            statement, _ in
            actions(statement) { if case .renameColumn = $0 { return true } else { return false } }
        },
        LintRule(name: "renaming-table", message: "Code still running against the old schema uses the old table name.") {
            statement, _ in
            actions(statement) { if case .renameTable = $0 { return true } else { return false } }
        },
        LintRule(
            name: "prefer-bigint-over-int",
            message: "A 32-bit integer runs out at about 2.1 billion; bigint costs little more."
        ) { statement, _ in
            types(statement).filter { ["INT", "INTEGER", "INT4", "SERIAL", "SERIAL4"].contains($0.name) }.count
        },
        LintRule(
            name: "prefer-identity",
            message: "A serial column's sequence is a separate object with its own ownership and permissions; an identity column is part of the table."
        ) { statement, _ in
            types(statement).filter { ["SERIAL", "SERIAL2", "SERIAL4", "SERIAL8", "SMALLSERIAL", "BIGSERIAL"].contains($0.name) }.count
        },
        LintRule(
            name: "prefer-text-field",
            message: "Widening a varchar(n) later locks the table; text with a CHECK on its length can change without one."
        ) { statement, _ in
            types(statement).filter {
                ["VARCHAR", "CHARACTER VARYING", "CHAR VARYING"].contains($0.name) && !$0.arguments.isEmpty
            }.count
        },
        LintRule(
            name: "prefer-timestamp-tz",
            message: "timestamp without time zone drops the offset, so times written from different zones cannot be compared."
        ) { statement, _ in
            types(statement).filter { ["TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"].contains($0.name) }.count
        },
        LintRule(
            name: "require-lock-timeout",
            message: "Without SET lock_timeout first, a statement waiting for its lock holds up every query queued behind it."
        ) { statement, context in
            statement.mayBeSlow && !context.pastSlowStatement && !context.lockTimeoutSet ? 1 : 0
        },
        LintRule(
            name: "require-statement-timeout",
            message: "Without SET statement_timeout first, a slow statement can hold its locks for as long as it runs."
        ) { statement, context in
            statement.mayBeSlow && !context.pastSlowStatement && !context.statementTimeoutSet ? 1 : 0
        },
    ]

    /// How many of the statement's ALTER TABLE actions `matches` holds for.
    static func actions(_ statement: LintStatement, _ matches: (LintStatement.AlterAction) -> Bool) -> Int {
        guard case .alterTable(_, let actions) = statement else { return 0 }
        return actions.filter(matches).count
    }

    /// The column types the statement declares: a new table's, added columns', changed types.
    private static func types(_ statement: LintStatement) -> [LintStatement.ColumnType] {
        switch statement {
        case .createTable(_, let columns, _): return columns.map(\.type)
        case .alterTable(_, let actions):
            return actions.compactMap {
                switch $0 {
                case .addColumn(let column): return column.type
                case .alterColumnType(_, let type): return type
                default: return nil
                }
            }
        default: return []
        }
    }
}

/// Which DEFAULT expressions PostgreSQL 11 and later add without rewriting the table,
/// told by their form alone: literals, arrays, casts, `COLLATE`, operators between such
/// parts, `CURRENT_TIMESTAMP`, and calls without arguments to the catalogue's functions
/// that are not volatile. Anything else (a sign, parentheses, a call with arguments, a
/// qualified name) may be volatile.
enum LintDefaults {
    /// PostgreSQL 15's `pg_proc` functions that are not volatile and take no argument
    /// (`provolatile <> 'v' AND pronargs = pronargdefaults`), read from a server.
    static let nonVolatileCalls: Set<String> = [
        "current_database", "current_schema", "current_user", "datemultirange", "get_current_ts_config",
        "getdatabaseencoding", "getpgusername", "inet_client_addr", "inet_client_port", "inet_server_addr",
        "inet_server_port", "int4multirange", "int8multirange", "json_build_array", "json_build_object",
        "jsonb_build_array", "jsonb_build_object", "make_interval", "now", "nummultirange",
        "pg_available_extension_versions", "pg_available_extensions", "pg_backend_pid", "pg_client_encoding",
        "pg_conf_load_time", "pg_config", "pg_current_snapshot", "pg_current_xact_id", "pg_current_xact_id_if_assigned",
        "pg_cursor", "pg_event_trigger_ddl_commands", "pg_event_trigger_dropped_objects",
        "pg_event_trigger_table_rewrite_oid", "pg_event_trigger_table_rewrite_reason", "pg_get_catalog_foreign_keys",
        "pg_get_keywords", "pg_get_replication_slots", "pg_listening_channels", "pg_my_temp_schema",
        "pg_postmaster_start_time", "pg_prepared_statement", "pg_show_all_settings", "pg_stat_get_archiver",
        "pg_stat_get_backend_idset", "pg_stat_get_bgwriter_buf_written_checkpoints",
        "pg_stat_get_bgwriter_buf_written_clean", "pg_stat_get_bgwriter_maxwritten_clean",
        "pg_stat_get_bgwriter_requested_checkpoints", "pg_stat_get_bgwriter_stat_reset_time",
        "pg_stat_get_bgwriter_timed_checkpoints", "pg_stat_get_buf_alloc", "pg_stat_get_buf_fsync_backend",
        "pg_stat_get_buf_written_backend", "pg_stat_get_checkpoint_sync_time", "pg_stat_get_checkpoint_write_time",
        "pg_stat_get_slru", "pg_stat_get_snapshot_timestamp", "pg_stat_get_wal", "pg_stat_get_wal_receiver",
        "pg_stat_get_wal_senders", "pg_timezone_abbrevs", "pg_timezone_names", "pg_trigger_depth", "pi", "session_user",
        "statement_timestamp", "transaction_timestamp", "tsmultirange", "tstzmultirange", "txid_current",
        "txid_current_if_assigned", "txid_current_snapshot", "version",
    ]

    static func isNonVolatile(_ tokens: [SQLToken]) -> Bool {
        var reader = LintStatementReader(tokens: tokens)
        return reader.nonVolatileExpression() && reader.atEnd
    }
}

extension LintStatementReader {
    /// Takes `term (operator term)*`, if every term is one `nonVolatileTerm` takes.
    mutating func nonVolatileExpression() -> Bool {
        guard nonVolatileTerm() else { return false }
        while let token = current {
            if token.kind == .symbol, !["(", ")", ",", ";", "[", "]", "."].contains(token.text) {
                position += 1
            } else if token.is("AT"), take("AT", "TIME", "ZONE") {
            } else if token.kind == .word, ["AND", "OR", "LIKE", "ILIKE", "IS", "IN"].contains(token.text) {
                position += 1
            } else {
                return true
            }
            guard nonVolatileTerm() else { return false }
        }
        return true
    }

    /// Takes one literal, array, cast or call without arguments that cannot be volatile.
    mutating func nonVolatileTerm() -> Bool {
        guard let token = current else { return false }
        switch token.kind {
        case .string, .number:
            position += 1
        case .word where ["TRUE", "FALSE", "NULL"].contains(token.text):
            position += 1
        case .word where token.text == "CURRENT_TIMESTAMP":
            position += 1
            if current?.isSymbol("(") == true { return false }
        case .word where token.text == "ARRAY":
            position += 1
            guard takeSymbol("[") else { return false }
            while let next = current, !next.isSymbol("]") {
                guard nonVolatileExpression() else { return false }
                _ = takeSymbol(",")
            }
            guard takeSymbol("]") else { return false }
        case .word where token.text == "CAST":
            position += 1
            guard takeSymbol("("), nonVolatileExpression(), take("AS") else { return false }
            _ = columnType()
            guard takeSymbol(")") else { return false }
        case .word where position + 1 < tokens.count && tokens[position + 1].kind == .string:
            position += 2  // a typed literal: INTERVAL '1 day', DATE '2020-01-01'
        case .word, .quoted:
            guard let name = token.name, LintDefaults.nonVolatileCalls.contains(name), position + 2 < tokens.count + 0,
                tokens[position + 1].isSymbol("("), tokens[position + 2].isSymbol(")")
            else { return false }
            position += 3
        default:
            return false
        }
        while true {
            if takeSymbol("::") {
                _ = columnType()
            } else if take("COLLATE") {
                _ = name()
            } else {
                return true
            }
        }
    }
}
