/// What the evaluator asks the SQL layer while it follows a script: the evaluator knows
/// Python, the SQL layer knows what Alembic does with an operation for a dialect.
public struct EvaluatorHooks {
    /// The Python exception Alembic raises when it runs `call` (an `op` call outside a
    /// batch block), or nil when it runs. Asked only where a `try` or `suppress` could
    /// catch it, since that decides which statements run next.
    public var raises: ((OperationCall) -> RaisedException?)?
    /// `expression.compile(bind)`: the SQL text SQLAlchemy compiles a construct to for
    /// the dialect, or nil when it cannot be written.
    public var compile: ((PyValue) -> String?)?
    /// A question to `sa.inspect(bind)`, with the operations the function made before it
    /// (they changed the schema the question is about). Nil: nothing can answer it here.
    public var inspect: ((InspectorQuestion, [OperationCall]) -> InspectorAnswer)?
    /// `bind.execute(statement, params...)` in a live run: the rows the database gives
    /// for a read, as the step's transaction sees it. Nil: nothing can answer (offline).
    public var query: ((QueryRequest) -> QueryAnswer)?

    public init(
        raises: ((OperationCall) -> RaisedException?)? = nil, compile: ((PyValue) -> String?)? = nil,
        inspect: ((InspectorQuestion, [OperationCall]) -> InspectorAnswer)? = nil,
        query: ((QueryRequest) -> QueryAnswer)? = nil
    ) {
        self.raises = raises
        self.compile = compile
        self.inspect = inspect
        self.query = query
    }
}

/// One `bind.execute(statement, params...)` a function makes.
public struct QueryRequest: Sendable {
    public var statement: PyValue
    public var parameters: [PyValue]
    public var line: Int
    /// The line of the function's first statement before it, if any: the database has not
    /// seen that statement when the step is written, so a read cannot be answered.
    public var afterStatementAt: Int?
}

/// What answers a migration's own query.
public enum QueryAnswer: Sendable {
    /// The SQL sent and the rows.
    case rows(String, QueryRows)
    /// Not a read (an UPDATE, a SELECT ... FOR UPDATE): it runs as an operation.
    case notARead
    case unknown(String)
}

/// One call of an Inspector method (`sa.inspect(bind).get_columns("jobs")`).
public struct InspectorQuestion: Sendable {
    /// `has_table`, `get_columns`, `get_indexes`...
    public var method: String
    public var arguments: [PyValue]
    public var keywords: [LibraryObject.Keyword]
    /// The file and line of the call (a project module's, when one of its functions asks).
    public var path: String
    public var line: Int

    public func keyword(_ name: String) -> PyValue? { keywords.last(where: { $0.name == name })?.value }

    /// The argument at `position`, or given by keyword `name`.
    public func argument(_ position: Int, _ name: String) -> PyValue? {
        position < arguments.count ? arguments[position] : keyword(name)
    }

    /// The call as the script wrote it, with its literal arguments: `get_columns('jobs')`.
    public var text: String {
        let parts = arguments.map(PythonFormat.repr) + keywords.map { "\($0.name)=\(PythonFormat.repr($0.value))" }
        return "\(method)(\(parts.joined(separator: ", ")))"
    }
}

/// What answers an Inspector question: a value, the exception SQLAlchemy raises (a table
/// that does not exist), or why it cannot be known.
public enum InspectorAnswer: Sendable {
    case value(PyValue)
    case raises(RaisedException)
    case unknown(String)
}

/// An exception Alembic raises: its class and message, as Python would print them.
public struct RaisedException: Sendable, Equatable {
    /// The class name without its module: `NotImplementedError`, `CompileError`.
    public var type: String
    public var message: String

    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// The class and its bases up to BaseException, by unqualified name.
    public var ancestors: [String] {
        let base = ["Exception", "BaseException"]
        switch type {
        case "NotImplementedError": return ["NotImplementedError", "RuntimeError"] + base
        case "CompileError": return ["CompileError", "SQLAlchemyError"] + base
        case "UnsupportedCompilationError": return ["UnsupportedCompilationError", "CompileError", "SQLAlchemyError"] + base
        case "KeyError", "IndexError": return [type, "LookupError"] + base
        case "NoSuchTableError", "NoInspectionAvailable": return [type, "InvalidRequestError", "SQLAlchemyError"] + base
        default: return [type] + base
        }
    }
}
