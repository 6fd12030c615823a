/// Column types that projects define as classes (`class GUID(TypeDecorator)`), read so
/// that a column of such a type renders as SQLAlchemy renders it: as the type its `impl`
/// names, or the one its `load_dialect_impl(dialect)` returns for the dialect.
extension Evaluator {
    static let typeDecoratorKind = "class.TypeDecorator"

    /// A `TypeDecorator` subclass as a value (nil for other classes): its name, `impl`
    /// and `load_dialect_impl`, inherited from a base of the same kind.
    mutating func typeDecoratorClass(_ definition: ClassDef, line: Int) throws -> PyValue? {
        var inherited: LibraryObject?
        var isTypeDecorator = false
        for base in definition.bases {
            switch try evaluate(base) {
            case .reference("sqlalchemy.TypeDecorator"): isTypeDecorator = true
            case .object(let object) where object.kind == Self.typeDecoratorKind:
                isTypeDecorator = true
                inherited = object
            default: break
            }
        }
        guard isTypeDecorator else { return nil }
        var members = inherited?.keywords ?? []
        func set(_ name: String, _ value: PyValue) {
            members.removeAll { $0.name == name }
            members.append(LibraryObject.Keyword(name: name, value: value))
        }
        for statement in definition.body {
            switch statement.kind {
            case .assign(let targets, let value):
                guard targets.count == 1, case .name(let name) = targets[0].kind else { continue }
                if name == "impl" { set("impl", try evaluate(value)) }
            case .annAssign(let target, _, let value?, _):
                if case .name("impl") = target.kind { set("impl", try evaluate(value)) }
            case .functionDef(let function) where function.name == "load_dialect_impl":
                set("load_dialect_impl", .function(ScriptFunction(definition: function, line: statement.location.line, scope: scope)))
            default:
                continue  // process_bind_param and friends change values, not the DDL
            }
        }
        return .object(
            LibraryObject(kind: Self.typeDecoratorKind, arguments: [.string(definition.name)], keywords: members, line: line))
    }

    /// `MyType(...)`: the type SQLAlchemy compiles for it on this dialect.
    mutating func instantiate(
        _ type: LibraryObject, arguments: [PyValue], keywords: [LibraryObject.Keyword], line: Int
    ) throws -> PyValue {
        let name = type.arguments.first?.string ?? "TypeDecorator"
        if let loader = type.keyword("load_dialect_impl") {
            // `self` is not followed: a loader that reads its own attributes stops there.
            let instance = PyValue.unknown(unsupportedHere(line, "the attributes of a \(name) instance"))
            return try call(loader, arguments: [instance, .reference("op.dialect")], keywords: [], line: line)
        }
        switch type.keyword("impl") {
        case .reference(let impl)?:
            // TypeDecorator.__init__ makes the impl class with the arguments given.
            return try callReference(impl, arguments, keywords, line: line)
        case let impl?:
            return impl  // an instance: used as it is, whatever the arguments
        case nil:
            return .unknown(unsupportedHere(line, "\(name) has no impl Retort can read"))
        }
    }
}
