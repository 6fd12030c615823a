/// One `op.X(...)` call as the script made it, in the order it ran.
public struct OperationCall: Sendable {
    /// The operation's name: `create_table`, `add_column`, `execute`, `batch_alter_table`...
    public var name: String
    public var arguments: [PyValue]
    public var keywords: [LibraryObject.Keyword]
    public var line: Int
    /// For `batch_alter_table`: the operations made on its `batch_op`, in order.
    public var nested: [OperationCall] = []
    /// Whether it ran inside `op.get_context().autocommit_block()`.
    public var inAutocommitBlock = false
    /// Which autocommit block, counted from 1 in the function (0: none): two blocks in a
    /// row each end and restart the transaction.
    public var autocommitBlock = 0
    /// The exception Alembic raises running it, when a `try` caught it: only what was
    /// written before the exception is part of the output.
    public var raised: RaisedException?

    public func keyword(_ name: String) -> PyValue? { keywords.last(where: { $0.name == name })?.value }
}

/// What evaluating one of a script's functions found: the operations, in order, and the
/// reasons it could not be followed everywhere.
public struct FunctionEvaluation: Sendable {
    /// `upgrade` or `downgrade`.
    public var function: String
    /// False when the script has no such function.
    public var exists: Bool
    public var line: Int?
    public var calls: [OperationCall]
    public var unsupported: [Unsupported]
    /// The Inspector questions the schema it was given answered.
    public var inspections: [Inspection] = []
    /// True when it asked the Inspector and no schema was given to answer.
    public var needsSchema = false
    /// Lines that made a Python set of more than one item: Python iterates it in hash
    /// order (for strings, a new order in every process), so statements made in a loop
    /// over it may come in another order from Alembic.
    public var unorderedSets: [Int] = []
    /// Whether what it does rests on more than the script's own text: a module of the
    /// project it imports, or an environment variable (its SQL cannot be kept by the
    /// script's stamp alone).
    public var readsOutsideScript = false
    /// The queries whose rows the database gave (a live run), by line and SQL.
    public var queries: [Inspection] = []

    /// True when every statement was understood: the operations are the whole story.
    public var isInterpretable: Bool { unsupported.isEmpty }
}

/// A static evaluator for the Python of revision scripts: it follows `upgrade()` or
/// `downgrade()` statement by statement, for one target dialect, and records the Alembic
/// operations they make. It never runs anything; where it cannot know what Python would
/// do, it records why and where, keeps what came before, and does not guess.
public struct Evaluator {
    /// The file being followed: the revision script, or while one of its functions runs,
    /// the project module that defines it (reasons name where the trouble is).
    public internal(set) var path: String
    /// `sqlite` or `postgresql`: what `op.get_bind().dialect.name` answers.
    public let dialect: String
    /// True when producing SQL without a database (Alembic's `--sql`): what
    /// `context.is_offline_mode()` answers, and why `try` bodies cannot fail.
    public let offline: Bool
    /// The SQL layer's answers to what Alembic does with an operation (see EvaluatorHooks).
    public var hooks = EvaluatorHooks()

    var globals: [String: PyValue] = [:]
    /// Local scopes of the functions being run, innermost last.
    var frames: [[String: PyValue]] = []
    /// Where operations go: the function's list, or a batch block's.
    var sinks: [[OperationCall]] = [[]]
    var unsupported: [Unsupported] = []
    var inAutocommitBlock = false
    var autocommitBlock = 0
    var autocommitBlocks = 0
    var callDepth = 0
    /// How many `try` or `suppress` blocks enclose the statement being run.
    var guardDepth = 0
    static let maxCallDepth = 40
    /// Loops stop after this many iterations in all, so a huge `range` cannot hang the tool.
    static let maxIterations = 100_000
    var iterations = 0
    /// Values nested deeper than this are not kept (see `bind`).
    static let maxNesting = 100
    /// How many containers and library objects the nesting checks of one function visit.
    static let nestingBudget = 10_000_000
    var nestingBudget = Evaluator.nestingBudget
    /// The line of the statement being run, for reasons found away from an expression.
    var currentLine = 1
    /// Where imports of the project's own modules are read from (nil: none are).
    var modules: ProjectModules?
    /// The project module whose code runs now; nil for the revision script itself.
    var scope: ProjectModule?
    /// While a project module's function runs: the script line that called into it, which
    /// the operations it makes are recorded at (the script's line is what people read).
    var scriptLine: Int?
    /// The `with` blocks whose context manager (a `@contextmanager` function) is running,
    /// innermost last: its `yield` runs the block (see Evaluator+ContextManagers).
    var contextManagers: [ContextManagerRun] = []
    /// The revision script's file and names, kept while a project module's function runs.
    var home: (path: String, globals: [String: PyValue])?
    /// The first top-level statement that could not be followed (names after it unbound).
    var topLevelStop: Unsupported?
    /// The Inspector questions answered so far, in order (see Evaluator+Inspector).
    var inspections: [Inspection] = []
    /// Whether the function asked the Inspector with nothing to answer it: given the
    /// schema before it, it may be interpretable.
    var askedWithoutSchema = false
    /// Inspectors made so far, and the answers each gave (see Evaluator+Inspector).
    var inspectorCount = 0
    var inspectorAnswers: [String: PyValue] = [:]
    /// See FunctionEvaluation.unorderedSets; those the module's top level made count for
    /// every function.
    var unorderedSets: [Int] = []
    var moduleUnorderedSets: [Int] = []
    /// What each TypeDecorator `__init__` being run gave `super().__init__()`, innermost
    /// last (nil until it calls it).
    var superInitArguments: [LibraryObject?] = []
    /// The queries the database answered, in order (see Evaluator+Rows).
    var queries: [Inspection] = []
    /// See FunctionEvaluation.readsOutsideScript (imports at the top level count too, so
    /// it is not reset per function).
    var readsOutsideScript = false

    /// Control flow that leaves a block early.
    enum Flow: Error {
        /// Evaluation cannot go on: what follows depends on something unknown.
        case stop(Unsupported)
        case returned(PyValue)
        case breakLoop
        case continueLoop
        /// Alembic raises this exception here: a `try` may catch it.
        case raised(RaisedException, Unsupported)
    }

    /// Prepares to evaluate functions of `module`: runs its top-level statements, binding
    /// imports, constants and function definitions.
    public init(
        module: Module, path: String, dialect: String, offline: Bool = true, modules: ProjectModules? = .shared,
        scope: ProjectModule? = nil
    ) {
        self.path = path
        self.dialect = dialect
        self.offline = offline
        self.modules = modules
        self.scope = scope
        frames = []
        do {
            try run(module.body, topLevel: true)
        } catch {
            // A module-level statement that cannot be followed leaves later names unbound;
            // using them reports it.
        }
        unsupported = []
        sinks = [[]]
        moduleUnorderedSets = unorderedSets
    }

    /// Evaluates the module's function `name` (`upgrade` or `downgrade`) with no arguments.
    public mutating func evaluate(function name: String) -> FunctionEvaluation {
        guard case .function(let function)? = globals[name] else {
            return FunctionEvaluation(function: name, exists: false, line: nil, calls: [], unsupported: [])
        }
        sinks = [[]]
        unsupported = []
        inspections = []
        askedWithoutSchema = false
        inspectorAnswers = [:]
        queries = []
        unorderedSets = moduleUnorderedSets
        iterations = 0
        nestingBudget = Self.nestingBudget
        do {
            _ = try call(function, arguments: [], keywords: [], line: function.line)
        } catch Flow.stop(let reason) {
            note(reason)
        } catch Flow.raised(_, let reason) {
            note(reason)
        } catch {
            note(Unsupported(path: path, line: function.line, reason: "\(error)"))
        }
        return FunctionEvaluation(
            function: name, exists: true, line: function.line, calls: sinks.first ?? [], unsupported: unsupported,
            inspections: inspections, needsSchema: askedWithoutSchema, unorderedSets: unorderedSets,
            readsOutsideScript: readsOutsideScript, queries: queries)
    }

    /// Evaluates `upgrade` or `downgrade` of the script at `path`, parsed from `source`.
    public static func evaluate(source: [UInt8], path: String, function: String, dialect: String, offline: Bool = true)
        throws -> FunctionEvaluation
    {
        let module = try PythonParser.parse(source, path: path)
        var evaluator = Evaluator(module: module, path: path, dialect: dialect, offline: offline)
        return evaluator.evaluate(function: function)
    }

    // MARK: Names

    func lookup(_ name: String, line: Int) -> PyValue {
        if let frame = frames.last, let value = frame[name] { return value }
        if let value = globals[name] { return value }
        if let builtin = Builtins.value(name) { return builtin }
        return .unknown(Unsupported(path: path, line: line, reason: "name '\(name)' is not defined in " + (scope.map { "module \($0.name)" } ?? "the script")))
    }

    mutating func bind(_ name: String, _ value: PyValue) {
        // Every value that grows from one statement to the next passes through a name:
        // checking here keeps `a = [a]` in a loop from nesting values deeper than the
        // evaluator (and Swift's release of them) can recurse.
        var value = value
        switch value.nesting(limit: Self.maxNesting, budget: &nestingBudget) {
        case .within: break
        case .tooDeep:
            value = .unknown(unsupportedHere(currentLine, "a value nested more than \(Self.maxNesting) levels deep"))
        case .tooLarge:
            value = .unknown(unsupportedHere(currentLine, "more data than the evaluator follows in one function"))
        }
        if frames.isEmpty {
            globals[name] = value
        } else {
            frames[frames.count - 1][name] = value
        }
    }

    mutating func unbind(_ name: String) {
        if frames.isEmpty {
            globals[name] = nil
        } else {
            frames[frames.count - 1][name] = nil
        }
    }

    /// Records a reason once.
    mutating func note(_ reason: Unsupported) {
        if !unsupported.contains(reason) { unsupported.append(reason) }
    }

    mutating func emit(_ call: OperationCall) {
        var call = call
        call.inAutocommitBlock = inAutocommitBlock
        call.autocommitBlock = autocommitBlock
        if let scriptLine { call.line = scriptLine }
        sinks[sinks.count - 1].append(call)
    }

    /// Records an `op` call. Inside a `try` (outside batch blocks) it first asks whether
    /// Alembic raises there, and if so raises the same exception for the handlers.
    mutating func record(_ call: OperationCall) throws {
        guard guardDepth > 0, sinks.count == 1, let exception = hooks.raises?(call) else {
            emit(call)
            return
        }
        var raising = call
        raising.raised = exception
        emit(raising)
        throw Flow.raised(
            exception, unsupportedHere(call.line, "Alembic raises \(exception.type) here: \(exception.message)"))
    }

    func unsupportedHere(_ line: Int, _ reason: String) -> Unsupported {
        Unsupported(path: path, line: line, reason: reason)
    }
}

extension Evaluator {
    /// Evaluates one Python expression with `variables` as its names (a template's
    /// `${...}`); `line` is where it stands, for reasons.
    public static func evaluateExpression(_ text: String, variables: [String: PyValue], path: String, line: Int) throws
        -> PyValue
    {
        let module = try PythonParser.parse(Array(("(" + text + "\n)\n").utf8), path: path)
        guard module.body.count == 1, case .expression(let expression) = module.body[0].kind else {
            return .unknown(Unsupported(path: path, line: line, reason: "'\(text)' is not one expression"))
        }
        var evaluator = Evaluator(module: Module(body: []), path: path, dialect: "", offline: true)
        for (name, value) in variables { evaluator.globals[name] = value }
        do {
            return try evaluator.evaluate(expression)
        } catch Flow.stop(let reason) {
            return .unknown(Unsupported(path: path, line: line, reason: reason.reason))
        }
    }
}
