/// One revision function, read and rendered: its operations, its SQL for a dialect, and
/// everything that kept it from being fully understood.
public struct RevisionBody: Sendable {
    public enum Direction: String, Sendable { case upgrade, downgrade }

    public var revision: String
    public var path: String
    public var direction: Direction
    public var dialect: Dialect
    /// False when the script has no such function (Alembic would fail to run it).
    public var exists: Bool
    public var operations: [Operation]
    public var statements: [String]
    /// For each of `statements`, the line of the operation that wrote it (0 for the
    /// COMMIT and BEGIN around an autocommit block). Filled when the body is rendered.
    public var statementLines: [Int] = []
    public var unsupported: [Unsupported]
    public var warnings: [String]
    /// Each operation's own statements, in `operations`' order (without the COMMIT and
    /// BEGIN around an autocommit block); for one whose error the script caught, the
    /// error instead (its statements in `statements` are what Alembic's offline mode
    /// wrote before raising).
    public var statementsByOperation: [Result<[String], SQLRenderError>] = []
    /// The tables its batch operations copied from the schema it was given, in order.
    public var copiedTables: [SchemaModel.Key] = []
    /// The schema it was given, as the function leaves it (nil without one).
    public var schemaAfter: SchemaModel?
    /// The Inspector questions that the schema it was given answered (offline, the
    /// schema the history describes): the output says its SQL rests on them.
    public var inspections: [Inspection] = []
    /// What the output says about each answered question (a `--` comment in `--sql`;
    /// in a live plan, a mark that the database decides it when the step runs).
    public var inspectionNotes: [String] {
        inspections.map {
            offline
                ? "line \($0.line): inspector.\($0.question) answered from the schema the history describes (no database offline)"
                : "line \($0.line): inspector.\($0.question) asks the database: decided when it runs"
        }
    }
    /// The reads the database answered in a live run (line and SQL).
    public var queries: [Inspection] = []
    /// Each read, as a live plan marks it.
    public var queryNotes: [String] {
        queries.map { "line \($0.line): reads rows (\($0.question.split(whereSeparator: \.isNewline).joined(separator: " "))): decided when it runs" }
    }
    /// Whether `context.is_offline_mode()` answered True (the `--sql` reading).
    public var offline = true
    /// The PostgreSQL server's version (libpq's number) in a live run: before 18 a
    /// generated column without `persisted` is STORED, as SQLAlchemy writes it then.
    public var serverVersion: Int?
    /// Whether it asked the Inspector (answered or not): in a live run, the database it
    /// runs on decides its statements.
    /// A function that asked without an answer and is whole anyway (it never uses the
    /// result: `execute(text("SELECT setval(...)"))`) runs its statements as written.
    public var asksTheDatabase: Bool { !inspections.isEmpty || !queries.isEmpty || (asksWithoutAnswer && !isInterpretable) }
    var asksWithoutAnswer = false
    /// Lines that made a Python set (FunctionEvaluation.unorderedSets): statements made
    /// in a loop over one may come in a different order from Alembic's, run to run.
    public var unorderedSets: [Int] = []
    /// Whether its SQL rests on a project module or the environment as well as the
    /// script (FunctionEvaluation.readsOutsideScript): not kept by the script's stamp.
    public var readsOutsideScript = false
    /// For a function not interpreted to the end: what its code may do to the schema
    /// (the schemas after it stay sure about the tables it cannot touch).
    public var footprint: SchemaFootprint?
    /// Whether it could be interpreted with the schema before it and was not given one:
    /// a batch table copy, or a question to the Inspector.
    public var needsSchema = false

    /// Whether the operations and statements are the whole of what the function does.
    public var isInterpretable: Bool { exists && unsupported.isEmpty }

    /// Reads `revision`'s script and renders `direction` for `dialect`. `offline` is what
    /// `context.is_offline_mode()` answers: true for `--sql` output, as Alembic's.
    /// `schema` is what the database holds before the function runs, when known: SQLite's
    /// batch operations need it to copy a table.
    /// `database` answers the function's own reads in a live run (the step's connection).
    public static func render(
        _ revision: Revision, _ direction: Direction, dialect: Dialect, offline: Bool = true, schema: SchemaModel? = nil,
        database: (any DatabaseConnection)? = nil, serverVersion: Int? = nil
    ) -> RevisionBody {
        renderBoth(
            revision, dialect: dialect, offline: offline, directions: [direction], schemas: [schema], database: database,
            serverVersion: serverVersion)[0]
    }

    /// Both functions of `revision`, reading and parsing the script once.
    public static func renderBoth(
        _ revision: Revision, dialect: Dialect, offline: Bool = true, directions: [Direction] = [.upgrade, .downgrade],
        schemas: [SchemaModel?] = [nil, nil], database: (any DatabaseConnection)? = nil, serverVersion: Int? = nil
    ) -> [RevisionBody] {
        func empty(_ direction: Direction) -> RevisionBody {
            RevisionBody(
                revision: revision.id, path: revision.path, direction: direction, dialect: dialect, exists: true,
                operations: [], statements: [], unsupported: [], warnings: [])
        }
        guard dialect.rendersNatively else {
            // MySQL's SQL is Alembic's to write: the second engine renders and runs it.
            return directions.map { direction in
                var body = empty(direction)
                body.unsupported = [
                    Unsupported(
                        path: revision.path, line: 1,
                        reason: "Retort does not write \(dialect.displayName) SQL itself; the project's Alembic does")
                ]
                return body
            }
        }
        let module: Module
        do {
            module = try PythonParser.parse(try FileBytes.read(revision.path), path: revision.path)
        } catch {
            let reason =
                (error as? PythonSyntaxError).map { Unsupported(path: revision.path, line: $0.line, reason: $0.message) }
                ?? Unsupported(path: revision.path, line: 1, reason: "\(error)")
            return directions.map { direction in
                var body = empty(direction)
                body.unsupported = [reason]
                return body
            }
        }
        return renderBoth(
            revision, module: module, dialect: dialect, offline: offline, directions: directions, schemas: schemas,
            database: database, serverVersion: serverVersion)
    }

    /// `renderBoth` for a script already parsed into `module`: the loader renders the
    /// functions of each script it parses anyway (`RevisionLoader.BodyRequest`), so that a
    /// first `upgrade --sql` parses every script once, not twice.
    static func renderBoth(
        _ revision: Revision, module: Module, dialect: Dialect, offline: Bool = true,
        directions: [Direction] = [.upgrade, .downgrade], schemas: [SchemaModel?] = [nil, nil],
        database: (any DatabaseConnection)? = nil, serverVersion: Int? = nil
    ) -> [RevisionBody] {
        func empty(_ direction: Direction) -> RevisionBody {
            RevisionBody(
                revision: revision.id, path: revision.path, direction: direction, dialect: dialect, exists: true,
                operations: [], statements: [], unsupported: [], warnings: [])
        }
        let prepared = Evaluator(module: module, path: revision.path, dialect: dialect.rawValue, offline: offline)
        return directions.enumerated().map { index, direction in
            let schema = index < schemas.count ? schemas[index] : nil
            var evaluator = prepared
            evaluator.hooks = hooks(path: revision.path, dialect: dialect, schema: schema, offline: offline)
            if !offline, let database { evaluator.hooks.query = reads(on: database, path: revision.path, dialect: dialect) }
            var body = empty(direction)
            body.offline = offline
            body.serverVersion = serverVersion
            body.fill(from: evaluator.evaluate(function: direction.rawValue), schema: schema)
            if body.exists && !body.isInterpretable { body.footprint = FootprintReader.read(module, function: direction.rawValue) }
            return body
        }
    }

    /// Types the evaluated calls and writes their SQL.
    private mutating func fill(from evaluation: FunctionEvaluation, schema: SchemaModel?) {
        guard evaluation.exists else {
            exists = false
            // Alembic loads the script as a module named after its file (`a1.py` is `a1_py`).
            let file = path.split(separator: "/").last.map(String.init) ?? path
            let module = String(file.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            unsupported = [
                Unsupported(
                    path: path, line: 1,
                    reason: "the script has no \(direction.rawValue)() function, so Alembic fails on it too "
                        + "(AttributeError: module '\(module)' has no attribute '\(direction.rawValue)')")
            ]
            return
        }
        let built = OperationBuilder(path: path, dialect: dialect.rawValue).build(evaluation.calls)
        operations = built.operations
        unsupported = evaluation.unsupported + built.unsupported
        inspections = evaluation.inspections
        queries = evaluation.queries
        asksWithoutAnswer = evaluation.needsSchema
        unorderedSets = evaluation.unorderedSets
        readsOutsideScript = evaluation.readsOutsideScript
        needsSchema = schema == nil && (evaluation.needsSchema || built.operations.contains(where: \.isBatch))
        var renderer = SQLRenderer(dialect: dialect)
        renderer.schema = schema
        renderer.revision = revision
        // SQLAlchemy asks the server: offline it assumes one that has VIRTUAL columns.
        renderer.virtualGeneratedColumns = offline || (serverVersion ?? 0) >= 180000
        var block = 0
        for operation in built.operations {
            // Alembic's autocommit_block ends the migration's transaction around its
            // statements in a transactional script (PostgreSQL's), each block on its own.
            if operation.autocommitBlock != block {
                if dialect == .postgresql {
                    if block != 0 { statements.append("BEGIN") }
                    if operation.autocommitBlock != 0 { statements.append("COMMIT") }
                    statementLines += Array(repeating: 0, count: statements.count - statementLines.count)
                }
                block = operation.autocommitBlock
            }
            do {
                let own = try renderer.statements(operation)
                statements += own
                statementLines += Array(repeating: operation.line, count: own.count)
                statementsByOperation.append(.success(own))
            } catch let error as SQLRenderError where error.exception != nil && operation.raised != nil {
                // Alembic raised here and the script caught it (the evaluator followed the handler).
                statements += error.partial
                statementLines += Array(repeating: operation.line, count: error.partial.count)
                statementsByOperation.append(.failure(error))
            } catch {
                // The output stops before the operation that cannot be written: the ones
                // after it never run alone (Alembic's would stop there too).
                unsupported.append(Unsupported(path: path, line: operation.line, reason: "\(error)"))
                statementsByOperation.append(.success([]))
                operations = Array(operations.prefix(statementsByOperation.count))
                break
            }
        }
        if block != 0, dialect == .postgresql {
            statements.append("BEGIN")
            statementLines.append(0)
        }
        unsupported.sort { $0.line < $1.line }
        warnings = renderer.warnings
        copiedTables = renderer.copiedTables
        schemaAfter = renderer.schema
    }

    /// The SQL layer's answers to the evaluator: whether Alembic raises on an operation
    /// (building or rendering it), and what `construct.compile(bind)` gives. `schema` is
    /// the schema before the function (the operations before the one asked about are not
    /// applied to it: only a batch table copy reads it). Offline, the Inspector's
    /// questions are answered from `schema` with the function's operations so far applied.
    static func hooks(path: String, dialect: Dialect, schema: SchemaModel?, offline: Bool) -> EvaluatorHooks {
        let builder = OperationBuilder(path: path, dialect: dialect.rawValue)
        var inspect: ((InspectorQuestion, [OperationCall]) -> InspectorAnswer)?
        // Offline, the schema the history describes answers; in a live run, the database
        // as read with every table (and the plan's operations before the step applied).
        if let schema, offline ? !schema.isLive : (schema.isLive && schema.holdsEveryTable) {
            inspect = { question, calls in
                let built = builder.build(calls)
                if let first = built.unsupported.first {
                    return .unknown("an operation before it cannot be read (\(first.description))")
                }
                var model = schema
                model.apply(built.operations, revision: "this revision")
                return HistoryInspector(schema: model, dialect: dialect).answer(question)
            }
        }
        return EvaluatorHooks(
            raises: { call in
                do {
                    var renderer = SQLRenderer(dialect: dialect)
                    renderer.schema = schema
                    _ = try renderer.statements(try builder.build(call, batchTable: nil))
                } catch let error as SQLRenderError {
                    return error.exception
                } catch {}
                return nil
            },
            compile: { value in
                guard let expression = try? builder.schema.expression(value, line: 0) else { return nil }
                return try? dialect.expression(expression)
            },
            inspect: inspect)
    }
}

extension RevisionBody {
    /// The function's own reads answered on `database`: the statement written as the
    /// renderer writes it, sent if it is a plain read, its rows typed as the driver types
    /// them. A statement that writes is not a read: it runs as an operation.
    static func reads(on database: any DatabaseConnection, path: String, dialect: Dialect) -> (QueryRequest) -> QueryAnswer {
        let builder = OperationBuilder(path: path, dialect: dialect.rawValue)
        return { request in
            let line = request.line
            var value = request.statement
            if !request.parameters.isEmpty {
                guard let bound = Evaluator.withParameters(request.statement, request.parameters, line: line) else {
                    return .unknown("the parameters of the query are not supported yet")
                }
                value = bound
            }
            let sql: String
            do {
                sql = try SQLRenderer(dialect: dialect).statement(try builder.statement(value, line: line))
            } catch {
                return .unknown("the query cannot be written: \(error)")
            }
            guard isRead(sql) else { return .notARead }
            if let earlier = request.afterStatementAt {
                return .unknown(
                    "a read after this function's own statements (line \(earlier)), which have not run when Retort "
                        + "writes the step: not supported yet")
            }
            do throws(DatabaseError) {
                return .rows(sql, try database.queryRows(sql))
            } catch {
                // Planned before the steps ahead of it ran: a table one of them makes is not there yet.
                return .unknown("the query failed on the database: \(error.summary) (when the plan is made, the steps before this one have not run)")
            }
        }
    }

    /// A single SELECT (or WITH ... SELECT) that locks and changes nothing: no writing
    /// keyword, and no function but those that only compute (`setval()`, `nextval()` and
    /// a project's own functions may change things, so such a statement runs as written).
    static func isRead(_ sql: String) -> Bool {
        let upper = sql.uppercased()
        let words = upper.split(whereSeparator: { !$0.isLetter && $0 != "_" }).map(String.init)
        guard let first = words.first, first == "SELECT" || first == "WITH" else { return false }
        let writes: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "FOR", "CREATE", "DROP", "ALTER"]
        guard !words.contains(where: writes.contains), !sql.contains(";") else { return false }
        // Each `name(`: a keyword that takes parentheses or a function known to only compute.
        let computing: Set<String> = [
            "SELECT", "IN", "EXISTS", "ANY", "ALL", "OVER", "FROM", "AS", "VALUES", "COUNT", "SUM", "MIN", "MAX", "AVG",
            "COALESCE", "NULLIF", "LOWER", "UPPER", "LENGTH", "TRIM", "ABS", "ROUND", "CAST", "SUBSTR", "SUBSTRING",
            "REPLACE", "CONCAT", "GREATEST", "LEAST", "ROW_NUMBER", "JSON_EXTRACT", "IFNULL", "DISTINCT", "NOT", "AND", "OR",
            "ON", "WHERE", "VARCHAR", "CHAR", "NUMERIC", "DECIMAL",
        ]
        var name = ""
        var last = ""
        for character in upper {
            if character.isLetter || character.isNumber || character == "_" {
                name.append(character)
                continue
            }
            if !name.isEmpty { last = name }
            name = ""
            if character == "(" {
                if !last.isEmpty, !computing.contains(last) { return false }
                last = ""
            } else if !character.isWhitespace {
                last = ""
            }
        }
        return true
    }
}
