/// Python `enum.Enum` classes defined in a script, such as the values of an `sa.Enum`.
/// The class is kept as an object whose keywords are its members in definition order.
extension Evaluator {
    static let enumClassKind = "enum.class"
    static let enumMemberKind = "enum.member"
    static let enumBases: Set<String> = ["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"]

    /// The class as an enum, or nil when it is not a subclass of an `enum` base (or its
    /// body holds more than member assignments, methods and a docstring).
    mutating func enumClass(_ definition: ClassDef, line: Int) throws -> PyValue? {
        var isEnum = false
        for base in definition.bases {
            if case .reference(let name) = try evaluate(base), Self.enumBases.contains(name) { isEnum = true }
        }
        guard isEnum else { return nil }
        var members: [LibraryObject.Keyword] = []
        for statement in definition.body {
            switch statement.kind {
            case .assign(let targets, let value):
                guard targets.count == 1, case .name(let name) = targets[0].kind else { return nil }
                if name.hasPrefix("_") { continue }
                members.append(LibraryObject.Keyword(name: name, value: try evaluate(value)))
            case .annAssign(let target, _, let value?, _):
                guard case .name(let name) = target.kind else { return nil }
                if name.hasPrefix("_") { continue }
                members.append(LibraryObject.Keyword(name: name, value: try evaluate(value)))
            case .functionDef, .pass:
                continue
            case .expression(let expression):
                guard case .constant = expression.kind else { return nil }  // the docstring
            default:
                return nil
            }
        }
        return .object(LibraryObject(kind: Self.enumClassKind, arguments: [.string(definition.name)], keywords: members, line: line))
    }

    static func enumMember(_ name: String, _ value: PyValue, line: Int) -> PyValue {
        .object(LibraryObject(kind: enumMemberKind, arguments: [.string(name), value], line: line))
    }
}
