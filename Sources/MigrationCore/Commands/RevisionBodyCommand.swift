/// `ops REV` and `sql REV`: one revision's function, as operations or as SQL.
public enum RevisionBodyCommand {
    public enum Output: Sendable { case operations, sql }

    public static func run(
        _ graph: RevisionGraph, revision spec: String, direction: RevisionBody.Direction, dialect: Dialect, output: Output,
        json: Bool, engine: EngineChoice = .native, alembic: () -> AlembicPreviews? = { nil }, pythonHint: () -> String? = { nil },
        to out: inout some TextOutputStream, errors: inout some TextOutputStream
    ) throws {
        let targets: [Int]
        do {
            targets = try graph.targets(for: spec).compactMap(\.node)
        } catch {
            throw RevisionFailureText.failure(error)
        }
        guard targets.count == 1, let node = targets.first else {
            throw CommandFailure(.usage, "'\(spec)' names \(targets.count) revisions; name one")
        }
        var body = RevisionBody.render(graph.revisions[node], direction, dialect: dialect)
        if !body.isInterpretable, body.needsSchema {
            // A table copy or an Inspector question needs the schema: replay the revisions before.
            body = SchemaTimeline(graph: graph, dialect: dialect).body(node, direction)
        }
        // SQL Retort refuses (or, with --engine alembic, any) comes from the project's Alembic.
        var alembicRefusal: String?
        if output == .sql, engine == .alembic || (engine == .auto && !body.isInterpretable), let previews = alembic() {
            switch previews.statements(body.revision, direction, dialect: dialect) {
            case .success(let statements):
                let reason =
                    engine == .alembic
                    ? "--engine alembic"
                    : RoutedExecutor.refusal(
                        body.unsupported.first, revision: body.revision, function: direction.rawValue, path: body.path)
                errors.write("note: written by the project's Alembic in offline mode (\(reason))\n")
                if json {
                    var document = self.json(body, output)
                    if case .object(var fields) = document {
                        fields = fields.map { key, value in
                            switch key {
                            case "statements": return (key, .array(statements.map(JSONValue.string)))
                            case "engine": return (key, .string("alembic"))
                            default: return (key, value)
                            }
                        }
                        document = .object(fields)
                    }
                    out.write(document.rendered() + "\n")
                } else {
                    for statement in statements { out.write(statement + ";\n\n") }
                }
                return
            case .failure(let refusal):
                alembicRefusal = refusal.description
            }
        }
        if json {
            out.write(self.json(body, output).rendered() + "\n")
        } else {
            switch output {
            case .sql:
                for note in body.inspectionNotes { out.write("-- \(note)\n\n") }
                for statement in body.statements { out.write(statement + ";\n\n") }
            case .operations:
                for operation in body.operations { out.write(OperationText.line(operation, dialect: dialect) + "\n") }
            }
            for warning in body.warnings { errors.write("warning: \(warning)\n") }
        }
        if !body.isInterpretable {
            let reasons = body.unsupported.map { "  \($0)" }.joined(separator: "\n")
            var message =
                "\(body.direction.rawValue)() of \(body.revision) cannot be fully interpreted"
                + (body.statements.isEmpty && body.operations.isEmpty ? "" : "; the output above is only what comes before") + ":\n" + reasons
            if let alembicRefusal {
                message += "\n  the project's Alembic cannot write it offline either: \(alembicRefusal)"
            } else if body.exists, let pythonHint = pythonHint(), output == .sql {
                message += "\n" + pythonHint
            }
            throw CommandFailure(.uninterpretable, message)
        }
    }

    static func json(_ body: RevisionBody, _ output: Output) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("revision", .string(body.revision)),
            ("direction", .string(body.direction.rawValue)),
            ("dialect", .string(body.dialect.rawValue)),
        ]
        switch output {
        case .sql: fields.append(("statements", .array(body.statements.map(JSONValue.string))))
        case .operations:
            fields.append(("operations", .array(body.operations.map { .string(OperationText.line($0, dialect: body.dialect)) })))
        }
        fields.append(("interpretable", .bool(body.isInterpretable)))
        if output == .sql { fields.append(("engine", .string("native"))) }
        fields.append(
            ("unsupported", .array(body.unsupported.map {
                .object([("path", .string($0.path)), ("line", .int($0.line)), ("reason", .string($0.reason))])
            })))
        fields.append(("warnings", .array(body.warnings.map(JSONValue.string))))
        if !body.inspections.isEmpty {
            // The Inspector questions answered from the history's schema, not a database.
            fields.append(
                ("answered_from_history", .array(body.inspections.map {
                    .object([("line", .int($0.line)), ("question", .string($0.question))])
                })))
        }
        return .object(fields)
    }
}
