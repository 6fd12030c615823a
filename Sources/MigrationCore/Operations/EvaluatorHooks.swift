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

    public init(raises: ((OperationCall) -> RaisedException?)? = nil, compile: ((PyValue) -> String?)? = nil) {
        self.raises = raises
        self.compile = compile
    }
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
        default: return [type] + base
        }
    }
}
