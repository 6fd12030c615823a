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
    public var unsupported: [Unsupported]
    public var warnings: [String]

    /// Whether the operations and statements are the whole of what the function does.
    public var isInterpretable: Bool { exists && unsupported.isEmpty }

    /// Reads `revision`'s script and renders `direction` for `dialect`. `offline` is what
    /// `context.is_offline_mode()` answers: true for `--sql` output, as Alembic's.
    public static func render(_ revision: Revision, _ direction: Direction, dialect: Dialect, offline: Bool = true) -> RevisionBody {
        var body = RevisionBody(
            revision: revision.id, path: revision.path, direction: direction, dialect: dialect, exists: true, operations: [],
            statements: [], unsupported: [], warnings: [])
        let module: Module
        do {
            module = try PythonParser.parse(try FileBytes.read(revision.path), path: revision.path)
        } catch let error as PythonSyntaxError {
            body.unsupported = [Unsupported(path: revision.path, line: error.line, reason: error.message)]
            return body
        } catch {
            body.unsupported = [Unsupported(path: revision.path, line: 1, reason: "\(error)")]
            return body
        }
        var evaluator = Evaluator(module: module, path: revision.path, dialect: dialect.name.rawValue, offline: offline)
        let evaluation = evaluator.evaluate(function: direction.rawValue)
        guard evaluation.exists else {
            body.exists = false
            body.unsupported = [
                Unsupported(path: revision.path, line: 1, reason: "the script has no \(direction.rawValue)() function")
            ]
            return body
        }
        let built = OperationBuilder(path: revision.path, dialect: dialect.name.rawValue).build(evaluation.calls)
        body.operations = built.operations
        body.unsupported = evaluation.unsupported + built.unsupported
        var renderer = SQLRenderer(dialect: dialect)
        var inAutocommit = false
        for operation in built.operations {
            // Alembic's autocommit_block ends the migration's transaction around its
            // statements in a transactional script (PostgreSQL's).
            if operation.inAutocommitBlock != inAutocommit {
                inAutocommit = operation.inAutocommitBlock
                if dialect == .postgresql { body.statements.append(inAutocommit ? "COMMIT" : "BEGIN") }
            }
            do {
                body.statements += try renderer.statements(operation)
            } catch {
                body.unsupported.append(Unsupported(path: revision.path, line: operation.line, reason: "\(error)"))
            }
        }
        if inAutocommit, dialect == .postgresql { body.statements.append("BEGIN") }
        body.unsupported.sort { $0.line < $1.line }
        body.warnings = renderer.warnings
        return body
    }
}
