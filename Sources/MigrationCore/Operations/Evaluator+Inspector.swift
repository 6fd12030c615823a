/// `sa.inspect(bind)` and `Inspector.from_engine(bind)`: questions about the database's
/// schema. The evaluator only asks them; what answers (the schema the history describes,
/// offline) is the SQL layer's, through `hooks.inspect`.
extension Evaluator {
    static let inspectorKind = "op.inspector"

    /// Whether `name` makes an Inspector from its argument.
    static func makesInspector(_ name: String) -> Bool {
        name == "sqlalchemy.inspect" || name == "sqlalchemy.inspection.inspect"
            || (name.hasPrefix("sqlalchemy.") && name.hasSuffix("Inspector.from_engine"))
    }

    /// A new Inspector of the migration's connection, or nil when `arguments` is not it.
    /// Each has its own number: SQLAlchemy's Inspector keeps every answer it gave (its
    /// `info_cache`), so asking the same one again after a change gives the old answer.
    mutating func inspector(_ arguments: [PyValue], line: Int) -> PyValue? {
        guard arguments.count == 1, case .reference("op.bind") = arguments[0] else { return nil }
        inspectorCount += 1
        return .object(LibraryObject(kind: Self.inspectorKind, arguments: [.int(inspectorCount)], line: line))
    }

    /// An attribute of the Inspector that is not a method.
    func inspectorAttribute(_ inspector: PyValue, _ name: String, line: Int) -> PyValue {
        switch name {
        case "default_schema_name": return .string(dialect == "postgresql" ? "public" : "main")
        case "dialect": return .reference("op.dialect")
        case "bind", "engine": return .reference("op.bind")
        default: return .method(receiver: inspector, name: name)
        }
    }

    /// Asks `hooks.inspect`, which sees the operations made so far; the answer is kept
    /// for the output's note. Without an answerer the value is unknown.
    mutating func askInspector(
        _ inspector: LibraryObject, _ method: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int
    ) throws -> PyValue {
        if let reason = arguments.lazy.compactMap(\.firstUnknown).first ?? keywords.lazy.compactMap(\.value.firstUnknown).first {
            return .unknown(reason)
        }
        if method == "has_index" {
            // SQLAlchemy answers it from get_indexes, cached with the rest.
            guard arguments.count + keywords.count >= 2 else {
                return .unknown(unsupportedHere(line, "inspector.has_index() without a table and an index"))
            }
            let index = arguments.count >= 2 ? arguments[1] : keywords.first(where: { $0.name == "index_name" })?.value ?? .none
            let rest = Array(arguments.prefix(1))
            let indexes = try askInspector(inspector, "get_indexes", rest, keywords.filter { $0.name == "schema" }, line: line)
            guard let items = indexes.items else { return indexes }
            return .bool(items.contains { item in
                if case .dict(let fields) = item, let name = fields.first(where: { $0.key.string == "name" })?.value {
                    return Self.equal(name, index) == true
                }
                return false
            })
        }
        let question = InspectorQuestion(method: method, arguments: arguments, keywords: keywords, path: path, line: line)
        let cacheKey = "\(inspector.arguments.first.map(PythonFormat.repr) ?? "") \(question.text)"
        if let cached = inspectorAnswers[cacheKey] { return cached }
        guard let inspect = hooks.inspect else {
            askedWithoutSchema = true
            return .unknown(
                unsupportedHere(line, "inspector.\(question.text) asks the database (known only when the migration runs)"))
        }
        switch inspect(question, sinks.flatMap { $0 }) {
        case .value(let value):
            let at = scriptLine ?? line
            if !inspections.contains(where: { $0.line == at && $0.question == question.text }) {
                inspections.append(Inspection(line: at, question: question.text))
            }
            inspectorAnswers[cacheKey] = value
            return value
        case .raises(let exception):
            let at = scriptLine ?? line
            inspections.append(Inspection(line: at, question: question.text))
            throw Flow.raised(exception, unsupportedHere(line, "SQLAlchemy raises \(exception.type) here: \(exception.message)"))
        case .unknown(let reason):
            return .unknown(unsupportedHere(line, "inspector.\(question.text): \(reason)"))
        }
    }
}

/// A question to the Inspector that was answered without a database, and where the
/// script asked it (the output says which answers came from the history).
public struct Inspection: Sendable, Equatable {
    public var line: Int
    public var question: String
}
