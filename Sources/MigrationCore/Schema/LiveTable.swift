/// A table read from a live database: the table as SQLAlchemy's reflection makes it
/// (what Alembic's online batch copies, and so what Retort's copy starts from), and
/// what the live table has that such a copy does not keep.
public struct LiveTable: Sendable, Equatable {
    /// What the name stands for in the database.
    public enum Kind: String, Sendable {
        case table
        case view
        /// `CREATE VIRTUAL TABLE ... USING fts5(...)` and the like: no columns of its own to copy.
        case virtualTable = "virtual table"
    }

    public var kind: Kind
    /// Columns in the database's order with reflected types and defaults, and the
    /// constraints and indexes reflection reads, in reflected form (table-level
    /// constraints only, no column flags).
    public var spec: TableSpec
    /// Triggers on the table, by name: `DROP TABLE` takes them with it.
    public var triggers: [String] = []
    /// Views whose definition names the table.
    public var views: [String] = []
    /// What the table has that reflection leaves out, so that a copy made from `spec`
    /// loses it: each in words ("COLLATE NOCASE of column title", "expression index
    /// ix_lower_title"). Triggers are listed in `triggers`, not here.
    public var notReflected: [String] = []
    /// The notes reflection itself gives (SQLAlchemy's warnings).
    public var warnings: [String] = []
    /// Why a table copy of it cannot succeed, when that is known before trying.
    public var copyBlocker: String?
    /// What the database enforces beyond `spec`, for comparing it with the history.
    public var details = Details()

    /// The facts of the table that reflection does not carry into `spec`.
    public struct Details: Sendable, Equatable {
        /// Collations other than the default, by column.
        public var collations: [String: String] = [:]
        /// Indexes reflection skips (on expressions), by name.
        public var unreflectedIndexes: [String] = []
        /// Those indexes' elements as their CREATE INDEX writes them, and whether unique, by
        /// name (what drift compares them by).
        public var expressionIndexes: [String: ExpressionIndex] = [:]
        /// Every UNIQUE the table enforces, by its columns (also those reflection misses).
        public var uniqueColumnSets: [[String]] = []
        /// The foreign keys with the actions the database enforces.
        public var foreignKeys: [ForeignKeySpec] = []

        public init() {}
    }

    /// An index on expressions, as SQLite keeps its CREATE INDEX.
    public struct ExpressionIndex: Sendable, Equatable {
        public var elements: [String]
        public var unique: Bool
    }

    public init(kind: Kind, spec: TableSpec) {
        self.kind = kind
        self.spec = spec
    }

    /// Everything a table copy of this table loses, in words, for the confirmation:
    /// what reflection leaves out, the triggers, and the unnamed CHECKs Alembic omits.
    public var lostByCopy: [String] {
        var lost = notReflected
        for constraint in spec.constraints {
            if case .check(let condition) = constraint.kind, constraint.name == nil {
                lost.append("the unnamed CHECK (\(SQLExpressionText.plain(condition))), which Alembic's copy omits too")
            }
        }
        lost += triggers.map { "trigger \($0), which DROP TABLE removes with the table" }
        return lost
    }
}

/// The text of a reflected expression, as reflection read it.
enum SQLExpressionText {
    static func plain(_ expression: SQLExpression) -> String {
        switch expression {
        case .text(let text), .raw(let text): return text
        default: return (try? Dialect.sqlite.ddlExpression(expression)) ?? "\(expression)"
        }
    }
}
