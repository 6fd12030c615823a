/// A SQL type as a migration names it, with the arguments that change its DDL.
public struct SQLType: Sendable, Equatable {
    /// The canonical class name: `Integer`, `String`, `postgresql.JSONB`, `VARCHAR`...
    public var name: String
    public var length: Int?
    public var precision: Int?
    public var scale: Int?
    public var timezone = false
    public var collation: String?
    /// Enum: the values, the type name, whether the database's native enum is used and
    /// whether a CHECK constraint is made when it is not.
    public var enumValues: [String] = []
    public var enumName: String?
    public var enumSchema: String?
    public var nativeEnum = true
    public var createConstraint = false
    /// `postgresql.ENUM(create_type=False)` leaves CREATE TYPE out.
    public var createType = true
    /// ARRAY: the item type and dimensions.
    public var itemType: [SQLType] = []
    public var dimensions: Int?
    /// `with_variant`: another type for a dialect.
    public var variants: [String: [SQLType]] = [:]
    /// Interval and others: extra DDL words (`fields` of postgresql.INTERVAL).
    public var fields: String?
    /// BIT(varying=True) and similar flags.
    public var varying = false
    /// A type class of the project's (`CompiledAs`): the SQLAlchemy type it subclasses,
    /// whose behaviour it keeps (a JSON subclass indexes as JSON).
    public var subclassOf: String?

    public init(name: String) { self.name = name }

    /// The type used for a dialect, after `with_variant`.
    public func resolved(for dialect: String) -> SQLType { variants[dialect]?.first ?? self }
}

/// A piece of SQL inside DDL or DML: defaults, CHECK conditions, index expressions, WHERE.
public indirect enum SQLExpression: Sendable, Equatable {
    /// Text written by the user (`sa.text`, a plain string default is a literal instead).
    case text(String)
    /// SQL written as is, with no bind parameters (`sa.literal_column`).
    case raw(String)
    /// `sa.text(...).bindparams(name=value)`: the text with its `:name` parameters given.
    case boundText(String, binds: [String: SQLExpression])
    /// `CASE WHEN c1 THEN v1 ... ELSE e END`, `whens` and `thens` pairwise.
    case caseWhen(whens: [SQLExpression], thens: [SQLExpression], otherwise: SQLExpression?)
    /// `and_(...)`/`or_(...)`: the operands joined by `AND` or `OR`.
    case clauseList([SQLExpression], conjunction: String)
    /// A modifier written after its operand: `id DESC`, `name ASC`.
    case postfix(SQLExpression, String)
    /// A Python value rendered as a SQL literal.
    case literal(LiteralValue)
    case function(name: String, arguments: [SQLExpression])
    case column(table: String?, name: String)
    /// A column of a table in a schema: `schema.table.name`.
    case schemaColumn(schema: String, table: String, name: String)
    case binary(SQLExpression, String, SQLExpression)
    case unary(String, SQLExpression)
    case cast(SQLExpression, SQLType)
    case null
    case list([SQLExpression])
    /// `select(...).scalar_subquery()`: `(SELECT ...)`, its FROM list without the tables
    /// of the statement around it (SQLAlchemy's correlation; see `correlated(to:)`).
    case scalarSelect(SelectSpec)
}

/// `sa.select(...)`: the columns, the tables (from the columns, the WHERE clause and
/// `select_from`, in that order), the condition and the ordering.
public struct SelectSpec: Sendable, Equatable {
    public var columns: [SQLExpression]
    public var froms: [TableName]
    public var whereClause: SQLExpression?
    public var orderBy: [SQLExpression]
}

/// A table by name, in a schema or not.
public struct TableName: Sendable, Equatable, Hashable {
    public var name: String
    public var schema: String?
}

/// A literal value in SQL.
public enum LiteralValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case float(Double)
    case bool(Bool)
    case none
    /// `decimal.Decimal`, as Python's `str()` writes it.
    case decimal(String)
    /// `datetime.date`, `datetime.datetime` and `datetime.time`: each dialect has its format.
    case date(Timestamp)
    case dateTime(Timestamp)
    case time(Timestamp)
    /// `uuid.UUID`, as 32 lowercase hex digits.
    case uuid(String)
}

/// The fields of a Python date, datetime or time (those a value does not have are 0).
public struct Timestamp: Sendable, Equatable {
    public var year = 0, month = 0, day = 0
    public var hour = 0, minute = 0, second = 0, microsecond = 0

    public init(year: Int = 0, month: Int = 0, day: Int = 0, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.microsecond) = (hour, minute, second, microsecond)
    }
}

/// A column as `sa.Column(...)` declares it.
public struct ColumnSpec: Sendable, Equatable {
    public var name: String
    public var type: SQLType?
    /// nil when not given: SQLAlchemy then makes primary-key columns NOT NULL.
    public var nullable: Bool?
    public var primaryKey = false
    /// `auto` (SQLAlchemy's default), or given as True/False.
    public var autoincrement: Bool?
    public var serverDefault: SQLExpression?
    /// A Python-side `default=`: it keeps SQLAlchemy from treating the column as autoincrement.
    public var hasPythonDefault = false
    /// A `Sequence` given to the column, which does the same.
    public var hasSequence = false
    public var comment: String?
    public var unique: Bool?
    public var index: Bool?
    public var foreignKeys: [ForeignKeySpec] = []
    public var computed: ComputedSpec?
    public var identity: IdentitySpec?
    /// CHECK constraints given inside the Column.
    public var checks: [ConstraintSpec] = []

    public init(name: String) { self.name = name }

    public var isNullable: Bool { nullable ?? !primaryKey }
}

public struct ComputedSpec: Sendable, Equatable {
    public var sql: SQLExpression
    public var persisted: Bool?
}

public struct IdentitySpec: Sendable, Equatable {
    public var always = false
    public var onNull: Bool?
    public var start: Int?
    public var increment: Int?
    public var minValue: Int?
    public var maxValue: Int?
    public var cycle: Bool?
    public var cache: Int?
}

/// A foreign key reference from one or more columns.
public struct ForeignKeySpec: Sendable, Equatable {
    public var name: String?
    public var columns: [String]
    public var referredSchema: String?
    public var referredTable: String
    public var referredColumns: [String]
    public var onDelete: String?
    public var onUpdate: String?
    public var deferrable: Bool?
    public var initially: String?
    public var match: String?
}

/// A table-level constraint.
public struct ConstraintSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case primaryKey(columns: [String])
        case unique(columns: [String])
        case check(SQLExpression)
        case foreignKey(ForeignKeySpec)
        /// PostgreSQL's `EXCLUDE USING method (element WITH operator, ...) WHERE (condition)`.
        case exclude(using: String, elements: [ExcludeElement], whereClause: SQLExpression?)
    }

    public var name: String?
    public var kind: Kind
    public var deferrable: Bool?
    public var initially: String?
    /// Dialect keywords such as `postgresql_nulls_not_distinct`.
    public var options: [String: String] = [:]
}

/// One `(column or expression, operator)` pair of an exclusion constraint.
public struct ExcludeElement: Sendable, Equatable {
    public var expression: SQLExpression
    public var op: String
}

/// An index as `op.create_index` or `sa.Index` declares it.
public struct IndexSpec: Sendable, Equatable {
    public var name: String?
    public var table: String
    public var schema: String?
    /// Column names or expressions, in order.
    public var elements: [SQLExpression]
    public var unique = false
    public var ifNotExists = false
    /// Dialect options as written (`postgresql_using`, `postgresql_where`, `sqlite_where`...).
    public var options: [String: IndexOption] = [:]
}

public enum IndexOption: Sendable, Equatable {
    case bool(Bool)
    case text(String)
    case expression(SQLExpression)
    case list([String])
    /// `postgresql_ops={"column": "opclass"}`.
    case mapping([String: String])
}

/// A table as `op.create_table` declares it.
public struct TableSpec: Sendable, Equatable {
    public var name: String
    public var schema: String?
    public var columns: [ColumnSpec] = []
    public var constraints: [ConstraintSpec] = []
    public var indexes: [IndexSpec] = []
    public var comment: String?
    public var prefixes: [String] = []
    public var ifNotExists = false
    /// Dialect options of the table that change its DDL (`sqlite_autoincrement`), as str() gives them.
    public var options: [String: String] = [:]
}
